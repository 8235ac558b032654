import { DEMO_IDS } from '../../services/demo';
import { ENVIRONMENT_DEMO_IDS, REPORTED_PATROL_SUMMARY } from '../../services/environment/demo';
import { CASE_STATUSES } from '../../services/kit/cases';
import { client, dataOf, USER_ERRORS, userErrorOf, type UserErrorValue } from '../support/graphql';
import { demoReporter } from '../support/environment-personas';
import { ISSUE_FIELDS, transition, useEnvironmentStack, type IssuePayload, type IssueValue, type Page } from './fixtures';

const world = useEnvironmentStack();
const gateway = (token?: string) => client(world.stack.gateway.url, token);

describe('one request through the gateway', () => {
  it("returns a grid with its open environment issues, each with its reporter's name, handler and history, and a resident with their reports", async () => {
    const query = `query($grid: ID!, $resident: ID!) {
      grid(id: $grid) {
        id name
        environmentIssues(isOpen: true, first: 50) {
          totalCount
          edges { node { id status tier isOverdue source reporter { id name } reportingWorker { id name } handler { id name } history { kind toStatus actorSub at } } }
        }
      }
      resident(id: $resident) { name environmentReports(first: 10) { totalCount edges { node { category status reporter { id } } } } }
    }`;
    type Node = { status: string; source: string; reporter: { id: string; name: string } | null; handler: { name: string } | null; history: { kind: string }[] };
    const { grid, resident } = dataOf(
      await gateway(world.token.gridWorker)<{
        grid: { name: string; environmentIssues: Page<Node> };
        resident: { name: string; environmentReports: Page<{ category: string; status: string; reporter: { id: string } }> };
      }>(query, { grid: DEMO_IDS.grid, resident: demoReporter() }),
    );
    const issues = grid.environmentIssues.edges.map((e) => e.node);
    expect(issues.length).toBeGreaterThan(0);
    expect(issues.every((i) => !['CLOSED', 'VOIDED'].includes(i.status))).toBe(true);
    // Residents' reports carry their reporter's name from community; every dispatched one its handler's.
    const byResidents = issues.filter((i) => i.source === 'RESIDENT');
    expect(byResidents.length).toBeGreaterThan(0);
    expect(byResidents.every((i) => i.reporter && i.reporter.name.length > 0)).toBe(true);
    expect(issues.filter((i) => i.history.some((h) => h.kind === 'TRANSITION')).every((i) => i.handler === null || i.handler.name.length > 0)).toBe(true);
    expect(issues.some((i) => i.handler?.name)).toBe(true);
    expect(issues.every((i) => i.history.length > 0 || i.status === 'REPORTED')).toBe(true);

    expect(resident.name).toEqual(expect.any(String));
    expect(resident.environmentReports.totalCount).toBeGreaterThan(0);
    expect(resident.environmentReports.edges.every((e) => e.node.reporter.id === demoReporter())).toBe(true);
  });
});

describe('a patrol with findings, then the whole workflow through the gateway', () => {
  const RECORD = `mutation($input: RecordRiverPatrolInput!) {
    recordRiverPatrol(input: $input) {
      patrol { id summary segment { id } chief { name level } findings { ${ISSUE_FIELDS} source category grid { id } } }
      ${USER_ERRORS}
    }
  }`;

  /** Every status the issue may not move to from where it is now, tried at once: each refused, naming the allowed moves. */
  async function expectIllegalMovesRefused(issue: IssueValue) {
    const illegal = CASE_STATUSES.filter((s) => !issue.allowedTransitions.includes(s));
    const document = `mutation {
      ${illegal.map((to) => `${to}: transitionEnvironmentIssue(input: { id: "${issue.id}", expectedVersion: ${issue.version}, to: ${to} }) { issue { id } ${USER_ERRORS} }`).join('\n')}
    }`;
    const data = dataOf(await gateway(world.token.gridWorker)<Record<string, IssuePayload>>(document));
    for (const to of illegal) {
      const error = userErrorOf(data[to], 'BAD_USER_INPUT');
      expect(error.field).toEqual(['input', 'to']);
      expect(error.message).toContain(`is ${issue.status}`);
      expect(error.message).toContain(issue.allowedTransitions.length ? `can only move to ${issue.allowedTransitions.join(' or ')}, not ${to}` : 'is final');
    }
  }

  it('records the patrol, opens an issue per finding, and runs one to CLOSED through a REWORK loop', async () => {
    const { river } = dataOf(
      await gateway()<{ river: { segments: { id: string; chiefs: { id: string; level: string }[] }[] } }>(
        `query($id: ID!) { river(id: $id) { segments { id chiefs { id level } } } }`,
        { id: ENVIRONMENT_DEMO_IDS.river },
      ),
    );
    const segment = river.segments.find((s) => s.id === ENVIRONMENT_DEMO_IDS.segment)!;
    expect(segment.chiefs.map((c) => c.level)).toEqual(expect.arrayContaining(['CITY', 'COUNTY', 'TOWNSHIP', 'VILLAGE', 'CIVILIAN']));
    const villageChief = segment.chiefs.find((c) => c.level === 'VILLAGE')!;

    const endedAt = new Date(Date.now() - 60_000);
    const recorded = dataOf(
      await gateway(world.token.gridWorker)<{ recordRiverPatrol: { patrol: { id: string; findings: (IssueValue & { source: string; category: string; grid: { id: string } })[] } | null; userErrors: UserErrorValue[] } }>(RECORD, {
        input: {
          segmentId: segment.id,
          chiefId: villageChief.id,
          patrollerId: DEMO_IDS.fullTimeWorker,
          startedAt: new Date(endedAt.getTime() - 3_600_000).toISOString(),
          endedAt: endedAt.toISOString(),
          summary: REPORTED_PATROL_SUMMARY,
          findings: [
            { category: 'FLOATING_DEBRIS', description: '水面漂浮物轻微' },
            { category: 'GARBAGE_PILE', description: '岸边有少量垃圾堆放', latitude: 30.27, longitude: 120.15 },
          ],
        },
      }),
    ).recordRiverPatrol;
    expect(recorded.userErrors).toEqual([]);
    const findings = recorded.patrol!.findings;
    expect(findings.map((f) => [f.category, f.source, f.status, f.tier, f.grid.id])).toEqual(
      expect.arrayContaining([
        ['FLOATING_DEBRIS', 'PATROL', 'REPORTED', 'GRID', DEMO_IDS.grid],
        ['GARBAGE_PILE', 'PATROL', 'REPORTED', 'GRID', DEMO_IDS.grid],
      ]),
    );

    let issue: IssueValue = findings.find((f) => f.category === 'GARBAGE_PILE')!;
    const path = ['ACCEPTED', 'FILED', 'DISPATCHED', 'PROCESSING', 'PROCESSED', 'VERIFYING', 'REWORK', 'DISPATCHED', 'PROCESSING', 'PROCESSED', 'VERIFYING', 'CLOSED'];
    for (const to of path) {
      await expectIllegalMovesRefused(issue);
      const payload = await transition(world.stack.gateway.url, world.token.gridWorker, {
        id: issue.id,
        expectedVersion: issue.version,
        to,
        note: `to ${to}`,
        handlerId: to === 'DISPATCHED' && !issue.handler ? DEMO_IDS.fullTimeWorker : undefined,
      });
      expect(payload?.userErrors).toEqual([]);
      issue = payload!.issue!;
      expect(issue.status).toBe(to);
    }
    await expectIllegalMovesRefused(issue);
    expect(issue).toMatchObject({ status: 'CLOSED', allowedTransitions: [], isOverdue: false, handler: { id: DEMO_IDS.fullTimeWorker }, version: path.length + 1 });
    expect(issue.history.map((h) => h.toStatus)).toEqual(path);
    expect(issue.history.every((h) => h.kind === 'TRANSITION' && h.actorSub === `worker:${DEMO_IDS.fullTimeWorker}` && h.note === `to ${h.toStatus}`)).toBe(true);

    // The other finding is still open in the grid's list, its patrol and reporter named.
    const { grid } = dataOf(
      await gateway(world.token.gridWorker)<{ grid: { environmentIssues: Page<{ id: string; patrol: { id: string } | null; reportingWorker: { name: string } | null }> } }>(
        `query($id: ID!) { grid(id: $id) { environmentIssues(isOpen: true, first: 100) { edges { node { id patrol { id } reportingWorker { name } } } } } }`,
        { id: DEMO_IDS.grid },
      ),
    );
    const nodes = grid.environmentIssues.edges.map((e) => e.node);
    const other = findings.find((f) => f.category === 'FLOATING_DEBRIS')!;
    expect(nodes.find((n) => n.id === other.id)).toMatchObject({ patrol: { id: recorded.patrol!.id }, reportingWorker: { name: expect.any(String) } });
    expect(nodes.find((n) => n.id === issue.id)).toBeUndefined();
  });

  it('refuses to dispatch without a handler, and a stale version with the current one', async () => {
    const report = dataOf(
      await gateway(world.token.gridWorker)<{ reportEnvironmentIssue: IssuePayload }>(
        `mutation { reportEnvironmentIssue(input: { category: NOISE, description: "夜间施工", address: "阳光花园 3 幢", gridId: "${DEMO_IDS.grid}" }) { issue { ${ISSUE_FIELDS} } ${USER_ERRORS} } }`,
      ),
    ).reportEnvironmentIssue;
    let issue = report.issue!;
    for (const to of ['ACCEPTED', 'FILED']) issue = (await transition(world.stack.gateway.url, world.token.gridWorker, { id: issue.id, expectedVersion: issue.version, to }))!.issue!;
    const noHandler = await transition(world.stack.gateway.url, world.token.gridWorker, { id: issue.id, expectedVersion: issue.version, to: 'DISPATCHED' });
    expect(userErrorOf(noHandler, 'BAD_USER_INPUT')).toMatchObject({ field: ['input', 'handlerId'] });
    const stale = await transition(world.stack.gateway.url, world.token.gridWorker, { id: issue.id, expectedVersion: issue.version - 1, to: 'DISPATCHED', handlerId: DEMO_IDS.fullTimeWorker });
    expect(userErrorOf(stale, 'CONFLICT')).toMatchObject({ currentVersion: issue.version });
  });
});
