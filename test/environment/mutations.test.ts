import { and, eq } from 'drizzle-orm';
import { DEMO_IDS } from '../../services/demo';
import { ENVIRONMENT_DEMO_IDS } from '../../services/environment/demo';
import { sweepOverdueIssues } from '../../services/environment/issues';
import { parseEnvironmentSettings } from '../../services/environment/settings';
import { auditLog, environmentIssueHistory, environmentIssues, riverPatrols } from '../../services/environment/tables';
import { client, dataOf, errorOf, rowCount, USER_ERRORS, userErrorOf, type UserErrorValue } from '../support/graphql';
import { ISSUE_FIELDS, transition, useEnvironmentStack, type IssuePayload, type IssueValue } from './fixtures';

const world = useEnvironmentStack();
const gateway = (token?: string) => client(world.stack.gateway.url, token);
const db = () => world.stack.handle.db;

const REPORT = `mutation($input: ReportEnvironmentIssueInput!) { reportEnvironmentIssue(input: $input) { issue { ${ISSUE_FIELDS} source grid { id } reporter { id } deadline } ${USER_ERRORS} } }`;
type ReportPayload = { issue: (IssueValue & { source: string; grid: { id: string }; reporter: { id: string } | null; deadline: string }) | null; userErrors: UserErrorValue[] };
const report = async (token: string, input: Record<string, unknown>) => (await gateway(token)<{ reportEnvironmentIssue: ReportPayload }>(REPORT, { input })).data!.reportEnvironmentIssue;

const RECORD = `mutation($input: RecordRiverPatrolInput!) { recordRiverPatrol(input: $input) { patrol { id findings { id } } ${USER_ERRORS} } }`;
type RecordPayload = { patrol: { id: string; findings: { id: string }[] } | null; userErrors: UserErrorValue[] };
const record = async (token: string, input: Record<string, unknown>) => (await gateway(token)<{ recordRiverPatrol: RecordPayload }>(RECORD, { input })).data?.recordRiverPatrol;

const anHourAgo = () => new Date(Date.now() - 3_600_000);
const patrolInput = (extra: Record<string, unknown> = {}) => ({
  segmentId: ENVIRONMENT_DEMO_IDS.segment,
  patrollerId: DEMO_IDS.fullTimeWorker,
  startedAt: new Date(anHourAgo().getTime() - 3_600_000).toISOString(),
  endedAt: anHourAgo().toISOString(),
  summary: '水面清洁，未发现排污口',
  ...extra,
});

describe('reportEnvironmentIssue', () => {
  it("files a resident's report in their home grid as RESIDENT, due by the category's deadline", async () => {
    const before = Date.now();
    const payload = await report(world.token.reporter, { category: 'SEWAGE_OUTFALL', description: '河边排口冒黑水', address: '清河边' });
    expect(payload.userErrors).toEqual([]);
    expect(payload.issue).toMatchObject({ status: 'REPORTED', tier: 'GRID', source: 'RESIDENT', grid: { id: DEMO_IDS.grid }, reporter: { id: expect.any(String) }, version: 1 });
    const hours = parseEnvironmentSettings({}).deadlineHours.SEWAGE_OUTFALL;
    const deadline = new Date(payload.issue!.deadline).getTime();
    expect(deadline).toBeGreaterThanOrEqual(before + hours * 3_600_000 - 1000);
    expect(deadline).toBeLessThanOrEqual(Date.now() + hours * 3_600_000 + 1000);
  });

  it('refuses what a report may not say, writing nothing', async () => {
    const before = await rowCount(world.stack, environmentIssues);
    expect(userErrorOf(await report(world.token.reporter, { category: 'NOISE', description: 'x' }), 'BAD_USER_INPUT').field).toEqual(['input', 'address']);
    expect(userErrorOf(await report(world.token.reporter, { category: 'NOISE', description: 'x', latitude: 30 }), 'BAD_USER_INPUT').field).toEqual(['input', 'latitude']);
    expect(userErrorOf(await report(world.token.reporter, { category: 'NOISE', description: 'x', address: 'y', source: 'VIDEO' }), 'BAD_USER_INPUT').field).toEqual(['input', 'source']);
    expect(userErrorOf(await report(world.token.gridWorker, { category: 'NOISE', description: 'x', address: 'y', gridId: DEMO_IDS.grid, source: 'PATROL' }), 'BAD_USER_INPUT').message).toMatch(/recordRiverPatrol/);
    expect(userErrorOf(await report(world.token.gridWorker, { category: 'NOISE', description: 'x', address: 'y' }), 'BAD_USER_INPUT').field).toEqual(['input', 'gridId']);
    expect(userErrorOf(await report(world.token.gridWorker, { category: 'NOISE', description: 'x', address: 'y', gridId: 'grid-none' }), 'NOT_FOUND').field).toEqual(['input', 'gridId']);
    const anonymous = await gateway()(REPORT, { input: { category: 'NOISE', description: 'x', address: 'y' } });
    errorOf(anonymous, 'UNAUTHENTICATED');
    errorOf(await gateway(world.token.housingOfficer)(REPORT, { input: { category: 'NOISE', description: 'x', address: 'y', gridId: DEMO_IDS.grid } }), 'FORBIDDEN');
    expect(await rowCount(world.stack, environmentIssues)).toBe(before);
  });

  it('answers a retry with the same idempotencyKey with the first report; another input with that key is a CONFLICT', async () => {
    const input = { category: 'ILLEGAL_DUMPING', description: '倾倒建筑垃圾', address: '支路口', gridId: DEMO_IDS.grid, idempotencyKey: 'dump-1' };
    const retries = await Promise.all([0, 1, 2].map(() => report(world.token.gridWorker, input)));
    expect(new Set(retries.map((r) => r.issue!.id)).size).toBe(1);
    expect(await rowCount(world.stack, environmentIssues, eq(environmentIssues.description, '倾倒建筑垃圾'))).toBe(1);
    expect(userErrorOf(await report(world.token.gridWorker, { ...input, description: '别的' }), 'CONFLICT').field).toEqual(['input', 'idempotencyKey']);
  });
});

describe('recordRiverPatrol', () => {
  it('records a patrol with no findings and opens nothing', async () => {
    const before = await rowCount(world.stack, environmentIssues);
    const payload = await record(world.token.gridWorker, patrolInput());
    expect(payload?.userErrors).toEqual([]);
    expect(payload?.patrol?.findings).toEqual([]);
    expect(await rowCount(world.stack, environmentIssues)).toBe(before);
  });

  it('writes neither the patrol nor any finding when one finding is bad', async () => {
    const [patrols, issues] = [await rowCount(world.stack, riverPatrols), await rowCount(world.stack, environmentIssues)];
    const payload = await record(
      world.token.gridWorker,
      patrolInput({ findings: [{ category: 'FLOATING_DEBRIS', description: 'ok' }, { category: 'GARBAGE_PILE', description: 'half', latitude: 30.2 }] }),
    );
    expect(userErrorOf(payload, 'BAD_USER_INPUT').field).toEqual(['input', 'findings', '1', 'latitude']);
    expect([await rowCount(world.stack, riverPatrols), await rowCount(world.stack, environmentIssues)]).toEqual([patrols, issues]);
  });

  it('validates each finding as a report is validated', async () => {
    const bad = await gateway(world.token.gridWorker)(RECORD, { input: patrolInput({ findings: [{ category: 'NOISE', description: '', photoUrls: ['ftp://x'] }] }) });
    expect(errorOf(bad, 'BAD_USER_INPUT').message).toMatch(/description/);
  });

  it('refuses a patrol without a patroller, out of order, in the future, or of an unknown segment or chief', async () => {
    const { patrollerId: _none, ...nobody } = patrolInput();
    expect(userErrorOf(await record(world.token.gridWorker, nobody), 'BAD_USER_INPUT').field).toEqual(['input', 'chiefId']);
    expect(userErrorOf(await record(world.token.gridWorker, patrolInput({ endedAt: new Date(Date.now() - 3 * 3_600_000).toISOString() })), 'BAD_USER_INPUT').field).toEqual(['input', 'endedAt']);
    expect(userErrorOf(await record(world.token.gridWorker, patrolInput({ endedAt: new Date(Date.now() + 3_600_000).toISOString() })), 'BAD_USER_INPUT').message).toMatch(/future/);
    expect(userErrorOf(await record(world.token.gridWorker, patrolInput({ segmentId: 'segment-none' })), 'NOT_FOUND').field).toEqual(['input', 'segmentId']);
    expect(userErrorOf(await record(world.token.gridWorker, patrolInput({ chiefId: 'chief-none' })), 'NOT_FOUND').field).toEqual(['input', 'chiefId']);
  });

  it('is for the grid workers along the segment, environment officers and admins', async () => {
    errorOf(await gateway(world.token.otherGridWorker)(RECORD, { input: patrolInput() }), 'FORBIDDEN');
    errorOf(await gateway(world.token.reporter)(RECORD, { input: patrolInput() }), 'FORBIDDEN');
    errorOf(await gateway()(RECORD, { input: patrolInput() }), 'UNAUTHENTICATED');
    expect((await record(world.token.environmentOfficer, patrolInput()))?.userErrors).toEqual([]);
  });
});

describe('handling an issue', () => {
  const newIssue = async () => (await report(world.token.gridWorker, { category: 'GARBAGE_PILE', description: '垃圾', address: '北门', gridId: DEMO_IDS.grid })).issue!;

  it('is for the grid workers of its grid, environment officers and admins', async () => {
    const issue = await newIssue();
    const move = { id: issue.id, expectedVersion: 1, to: 'ACCEPTED' };
    const TRANSITION = `mutation($input: TransitionEnvironmentIssueInput!) { transitionEnvironmentIssue(input: $input) { issue { id } ${USER_ERRORS} } }`;
    // Another grid's issue is hidden from its worker: answered as an unknown one, left as it was, the attempt audited.
    const denied = () => rowCount(world.stack, auditLog, and(eq(auditLog.actorSub, 'worker:other'), eq(auditLog.subjectId, issue.id), eq(auditLog.outcome, 'DENIED')));
    const deniedBefore = await denied();
    const hidden = dataOf(await gateway(world.token.otherGridWorker)<{ transitionEnvironmentIssue: IssuePayload }>(TRANSITION, { input: move })).transitionEnvironmentIssue;
    expect(hidden.issue).toBeNull();
    expect(userErrorOf(hidden, 'NOT_FOUND').field).toEqual(['input', 'id']);
    expect(await denied()).toBe(deniedBefore + 1);
    // The reporter sees their issue but may not handle it.
    errorOf(await gateway(world.token.reporter)(TRANSITION, { input: move }), 'FORBIDDEN');
    expect(await rowCount(world.stack, environmentIssueHistory, eq(environmentIssueHistory.caseId, issue.id))).toBe(0);
    errorOf(await gateway()(TRANSITION, { input: move }), 'UNAUTHENTICATED');
    expect((await transition(world.stack.gateway.url, world.token.environmentOfficer, move))?.issue?.status).toBe('ACCEPTED');
    expect(userErrorOf(await transition(world.stack.gateway.url, world.token.gridWorker, { ...move, id: 'no-such-issue' }), 'NOT_FOUND').field).toEqual(['input', 'id']);
  });

  it('lets only one of two concurrent moves of one issue win', async () => {
    const issue = await newIssue();
    const results = await Promise.all([0, 1].map(() => transition(world.stack.gateway.url, world.token.gridWorker, { id: issue.id, expectedVersion: 1, to: 'ACCEPTED' })));
    expect(results.filter((r) => r?.issue).length).toBe(1);
    expect(results.filter((r) => r?.userErrors[0]?.code === 'CONFLICT').length).toBe(1);
    expect(await rowCount(world.stack, environmentIssueHistory, eq(environmentIssueHistory.caseId, issue.id))).toBe(1);
  });

  it('raises by hand, one tier at a time, not past the city and not once finished', async () => {
    const RAISE = `mutation($input: RaiseEnvironmentIssueInput!) { raiseEnvironmentIssue(input: $input) { issue { ${ISSUE_FIELDS} } ${USER_ERRORS} } }`;
    const raise = async (issue: IssueValue) =>
      dataOf(await gateway(world.token.gridWorker)<{ raiseEnvironmentIssue: IssuePayload }>(RAISE, { input: { id: issue.id, expectedVersion: issue.version, note: '超出网格权限' } })).raiseEnvironmentIssue;
    let issue: IssueValue = await newIssue();
    for (const tier of ['COMMUNITY', 'SUBDISTRICT', 'CITY']) {
      issue = (await raise(issue)).issue!;
      expect(issue.tier).toBe(tier);
    }
    expect(userErrorOf(await raise(issue), 'BAD_USER_INPUT').message).toMatch(/top tier/);
    expect(issue.history.map((h) => [h.kind, h.actorSub, h.note])).toEqual([
      ['RAISE', `worker:${DEMO_IDS.fullTimeWorker}`, '超出网格权限'],
      ['RAISE', `worker:${DEMO_IDS.fullTimeWorker}`, '超出网格权限'],
      ['RAISE', `worker:${DEMO_IDS.fullTimeWorker}`, '超出网格权限'],
    ]);
    let voided: IssueValue = await newIssue();
    for (const to of ['ACCEPTED', 'VOIDED']) voided = (await transition(world.stack.gateway.url, world.token.gridWorker, { id: voided.id, expectedVersion: voided.version, to }))!.issue!;
    expect(userErrorOf(await raise(voided), 'BAD_USER_INPUT').message).toMatch(/finished/);
  });
});

// Two sweeps at once must raise an overdue issue once: a real test only with concurrent connections, which PGlite
// (one connection) does not have.
(process.env.DATABASE_URL ? describe : describe.skip)('the overdue sweep (PostgreSQL: needs DATABASE_URL for concurrent connections)', () => {
  it('raises each overdue open issue exactly once under two concurrent sweeps, with its category\'s deadline anew', async () => {
    const settings = parseEnvironmentSettings({});
    const overdue = (await report(world.token.gridWorker, { category: 'FLOATING_DEBRIS', description: '漂浮物', address: '桥下', gridId: DEMO_IDS.grid })).issue!;
    const finished = (await report(world.token.gridWorker, { category: 'FLOATING_DEBRIS', description: '漂浮物', address: '桥下', gridId: DEMO_IDS.grid })).issue!;
    await db().update(environmentIssues).set({ deadline: anHourAgo() }).where(eq(environmentIssues.id, overdue.id));
    await db().update(environmentIssues).set({ deadline: anHourAgo(), status: 'CLOSED' }).where(eq(environmentIssues.id, finished.id));

    const sweeps = await Promise.all([0, 1].map(() => sweepOverdueIssues(db(), settings)));
    const raised = sweeps.flat().filter((r) => r.id === overdue.id || r.id === finished.id);
    expect(raised).toEqual([{ id: overdue.id, status: 'REPORTED', tier: 'GRID', to: 'COMMUNITY' }]);

    const [row] = await db().select().from(environmentIssues).where(eq(environmentIssues.id, overdue.id));
    expect(row).toMatchObject({ tier: 'COMMUNITY', version: 2 });
    const expected = Date.now() + settings.deadlineHours.FLOATING_DEBRIS * 3_600_000;
    expect(Math.abs(row!.deadline!.getTime() - expected)).toBeLessThan(60_000);
    const raises = await db().select().from(environmentIssueHistory).where(and(eq(environmentIssueHistory.caseId, overdue.id), eq(environmentIssueHistory.kind, 'RAISE')));
    expect(raises.map((r) => [r.fromTier, r.toTier, r.actorSub])).toEqual([['GRID', 'COMMUNITY', 'sweep']]);
    // Swept again: no longer overdue at its new tier.
    expect((await sweepOverdueIssues(db(), settings)).filter((r) => r.id === overdue.id)).toEqual([]);

    // Through the gateway: raised, no longer overdue, the raise in its history.
    const { environmentIssue } = dataOf(
      await gateway(world.token.gridWorker)<{ environmentIssue: IssueValue }>(`query($id: ID!) { environmentIssue(id: $id) { ${ISSUE_FIELDS} } }`, { id: overdue.id }),
    );
    expect(environmentIssue).toMatchObject({ tier: 'COMMUNITY', isOverdue: false, history: [{ kind: 'RAISE', actorSub: 'sweep' }] });
  });
});
