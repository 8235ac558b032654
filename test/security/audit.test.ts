import { and, eq, isNotNull, sql, type SQL } from 'drizzle-orm';
import { SignJWT } from 'jose';
import { communitySubgraph } from '../../services/community';
import { DEMO_IDS } from '../../services/demo';
import { elderlyCareSubgraph } from '../../services/elderly-care';
import { auditLog, capabilityAssessments, careVisits, elderlyProfiles } from '../../services/elderly-care/tables';
import { auditLog as communityAuditLog } from '../../services/community/tables';
import { client, dataOf, rowCount } from '../support/graphql';
import { asGateway, postGraphQL, startTestStack, tokenFor, type TestStack } from '../support/stack';
import { expectNothingLeaked, expectRefused, MODES } from './hostile';

/**
 * Audit rows (issue 12): every read of sensitive data writes one, and so does every refused attempt; admins read the
 * log. ONE case per audited field, so that one field's missing audit fails its own case. Each case acts as its own
 * token subject, so the rows it finds are its own.
 */
describe.each(MODES)('audit log (%s mode)', (_mode, config) => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startTestStack([communitySubgraph, elderlyCareSubgraph], { config });
  }, 300_000);
  afterAll(() => stack?.stop());

  const gateway = (token?: string) => client(stack.gateway.url, token);
  const direct = (token?: string) => client(stack.subgraphs['elderly-care']!.url, token);
  const directAsGateway = (token?: string) => client(stack.subgraphs['elderly-care']!.url, token, asGateway);
  const worker = (sub: string) => tokenFor({ sub, roles: ['grid_worker'], gridIds: [DEMO_IDS.grid] });
  const rowsOf = (actor: string, where?: SQL) => stack.handle.db.select().from(auditLog).where(and(eq(auditLog.actorSub, actor), where));

  /** An elder of grid-001 with assessments and a visit with findings (demo data). */
  async function assessedElderWithFindings() {
    const [row] = await stack.handle.db
      .select({ residentId: elderlyProfiles.residentId, profileId: elderlyProfiles.id })
      .from(elderlyProfiles)
      .where(
        and(
          eq(elderlyProfiles.gridId, DEMO_IDS.grid),
          sql`exists (select 1 from ${capabilityAssessments} where ${capabilityAssessments.profileId} = ${elderlyProfiles.id})`,
          sql`exists (select 1 from ${careVisits} where ${careVisits.profileId} = ${elderlyProfiles.id} and ${careVisits.findings} is not null)`,
        ),
      )
      .limit(1);
    return row!;
  }

  describe('a read of sensitive data writes a READ row (one case per field)', () => {
    it('Elder.capabilityLevel, through the gateway: actor, roles, subject, field, request; never the level', async () => {
      const sub = `audit-level-${_mode}`;
      const { resident } = dataOf(
        await gateway(await worker(sub))<{ resident: { elderlyCare: { capabilityLevel: string } } }>(
          `query($id: ID!) { resident(id: $id) { elderlyCare { capabilityLevel } } }`,
          { id: DEMO_IDS.elderLivingAlone },
        ),
      );
      const rows = await rowsOf(sub);
      expect(rows).toEqual([
        expect.objectContaining({ actorRoles: ['grid_worker'], subjectId: DEMO_IDS.elderLivingAlone, field: 'Elder.capabilityLevel', outcome: 'READ', requestId: expect.stringMatching(/.+/) }),
      ]);
      expect(JSON.stringify(rows)).not.toContain(resident.elderlyCare.capabilityLevel);
    });

    it('CapabilityAssessment, as a page of Elder.assessments: one row per assessment on the page', async () => {
      const sub = `audit-assessments-${_mode}`;
      const { elders } = dataOf(
        await direct(await worker(sub))<{ elders: { edges: { node: { resident: { id: string }; assessments: { edges: { node: { id: string } }[] } } }[] } }>(
          `query($grid: ID!) { elders(filter: { gridId: $grid }, first: 5) { edges { node { resident { id } assessments(first: 2) { edges { node { id } } } } } } }`,
          { grid: DEMO_IDS.grid },
        ),
      );
      const read = elders.edges.flatMap((e) => e.node.assessments.edges.map((a) => [e.node.resident.id, a.node.id]));
      expect(read.length).toBeGreaterThan(0);
      const rows = await rowsOf(sub, eq(auditLog.field, 'CapabilityAssessment'));
      expect(rows.map((r) => [r.subjectId, r.recordId]).sort()).toEqual(read.sort());
    });

    it('CapabilityAssessment, as Elder.latestAssessment', async () => {
      const sub = `audit-latest-${_mode}`;
      const elder = await assessedElderWithFindings();
      const { resident } = dataOf(
        await gateway(await worker(sub))<{ resident: { elderlyCare: { latestAssessment: { id: string } } } }>(
          `query($id: ID!) { resident(id: $id) { elderlyCare { latestAssessment { id } } } }`,
          { id: elder.residentId },
        ),
      );
      expect(await rowsOf(sub)).toEqual([expect.objectContaining({ field: 'CapabilityAssessment', subjectId: elder.residentId, recordId: resident.elderlyCare.latestAssessment.id })]);
    });

    it('CapabilityAssessment, fetched as an entity (_entities)', async () => {
      const sub = `audit-entity-${_mode}`;
      const elder = await assessedElderWithFindings();
      const [assessment] = await stack.handle.db.select({ id: capabilityAssessments.id }).from(capabilityAssessments).where(eq(capabilityAssessments.profileId, elder.profileId)).limit(1);
      dataOf(
        await directAsGateway(await worker(sub))(`query($reps: [_Any!]!) { _entities(representations: $reps) { ... on CapabilityAssessment { total } } }`, {
          reps: [{ __typename: 'CapabilityAssessment', id: assessment!.id }],
        }),
      );
      expect(await rowsOf(sub)).toEqual([expect.objectContaining({ field: 'CapabilityAssessment', subjectId: elder.residentId, recordId: assessment!.id })]);
    });

    it('a capability level used as a filter (elders filtered by level reveal it even unselected): one row per elder listed', async () => {
      const sub = `audit-level-filter-${_mode}`;
      // A query builder, not db.execute: postgres.js and PGlite shape raw results differently.
      const [{ level }] = await stack.handle.db
        .select({ level: capabilityAssessments.level })
        .from(capabilityAssessments)
        .innerJoin(elderlyProfiles, eq(elderlyProfiles.id, capabilityAssessments.profileId))
        .where(eq(elderlyProfiles.gridId, DEMO_IDS.grid))
        .limit(1);
      const { elders } = dataOf(
        await direct(await worker(sub))<{ elders: { edges: { node: { resident: { id: string } } }[] } }>(
          `query($grid: ID!, $level: CapabilityLevel!) { elders(filter: { gridId: $grid, capabilityLevel: $level }, first: 50) { edges { node { resident { id } } } } }`,
          { grid: DEMO_IDS.grid, level },
        ),
      );
      expect(elders.edges.length).toBeGreaterThan(0);
      const rows = await rowsOf(sub);
      expect(rows.every((r) => r.field === 'elders.filter.capabilityLevel' && r.outcome === 'READ')).toBe(true);
      expect(rows.map((r) => r.subjectId).sort()).toEqual(elders.edges.map((e) => e.node.resident.id).sort());
    });

    it('a living arrangement used as a filter (who lives alone): one row per elder listed', async () => {
      const sub = `audit-alone-filter-${_mode}`;
      const { elders } = dataOf(
        await direct(await worker(sub))<{ elders: { edges: { node: { resident: { id: string } } }[] } }>(
          `query($grid: ID!) { elders(filter: { gridId: $grid, livingArrangement: ALONE }, first: 50) { edges { node { resident { id } } } } }`,
          { grid: DEMO_IDS.grid },
        ),
      );
      expect(elders.edges.length).toBeGreaterThan(0);
      const rows = await rowsOf(sub);
      expect(rows.every((r) => r.field === 'elders.filter.livingArrangement')).toBe(true);
      expect(rows.map((r) => r.subjectId).sort()).toEqual(elders.edges.map((e) => e.node.resident.id).sort());
    });

    it('CareVisit.findings (health notes), as Elder.visits: one row per visit with notes; never the notes', async () => {
      const sub = `audit-findings-${_mode}`;
      const elder = await assessedElderWithFindings();
      const { resident } = dataOf(
        await gateway(await worker(sub))<{ resident: { elderlyCare: { visits: { edges: { node: { id: string; findings: string | null } }[] } } } }>(
          `query($id: ID!) { resident(id: $id) { elderlyCare { visits(first: 20) { edges { node { id findings } } } } } }`,
          { id: elder.residentId },
        ),
      );
      const withNotes = resident.elderlyCare.visits.edges.filter((e) => e.node.findings !== null);
      expect(withNotes.length).toBeGreaterThan(0);
      const rows = await rowsOf(sub);
      expect(rows.map((r) => [r.field, r.subjectId, r.recordId]).sort()).toEqual(withNotes.map((e) => ['CareVisit.findings', elder.residentId, e.node.id]).sort());
      for (const e of withNotes) expect(JSON.stringify(rows)).not.toContain(e.node.findings!);
    });

    it('CareVisit.findings, as Elder.lastVisit', async () => {
      const sub = `audit-last-visit-${_mode}`;
      const elder = await assessedElderWithFindings();
      const [last] = await stack.handle.db.select().from(careVisits).where(eq(careVisits.profileId, elder.profileId)).orderBy(sql`${careVisits.visitedAt} desc, ${careVisits.id} desc`).limit(1);
      dataOf(await gateway(await worker(sub))(`query($id: ID!) { resident(id: $id) { elderlyCare { lastVisit { findings } } } }`, { id: elder.residentId }));
      expect(await rowsOf(sub)).toEqual(last!.findings === null ? [] : [expect.objectContaining({ field: 'CareVisit.findings', subjectId: elder.residentId, recordId: last!.id })]);
    });

    it('reading only what is not sensitive (needs, arrangement) writes no row', async () => {
      const sub = `audit-plain-${_mode}`;
      dataOf(await direct(await worker(sub))(`query($grid: ID!) { elders(filter: { gridId: $grid }, first: 20) { edges { node { needs livingArrangement } } } }`, { grid: DEMO_IDS.grid }));
      expect(await rowsOf(sub)).toEqual([]);
    });
  });

  describe('a refused attempt writes a DENIED row', () => {
    it('anonymous: elders is UNAUTHENTICATED, logged as anonymous', async () => {
      const before = await rowCount(stack, auditLog, and(eq(auditLog.actorSub, 'anonymous'), eq(auditLog.field, 'elders')));
      const response = await direct()(`{ elders(first: 5) { edges { node { capabilityLevel } } } }`);
      expectRefused(response, 'UNAUTHENTICATED');
      expect((response.data as { elders: unknown } | undefined)?.elders ?? null).toBeNull();
      expect(await rowCount(stack, auditLog, and(eq(auditLog.actorSub, 'anonymous'), eq(auditLog.field, 'elders'), eq(auditLog.outcome, 'DENIED')))).toBe(before + 1);
    });

    it("a grid worker of another grid reading an elder's care (Resident.elderlyCare): answered as missing, the DENIED row names the elder", async () => {
      const sub = `audit-other-grid-${_mode}`;
      const token = await tokenFor({ sub, roles: ['grid_worker'], gridIds: ['grid-002'] });
      const response = await directAsGateway(token)<{ _entities: ({ elderlyCare: unknown } | null)[] }>(
        `query($reps: [_Any!]!) { _entities(representations: $reps) { ... on Resident { elderlyCare { capabilityLevel } } } }`,
        { reps: [{ __typename: 'Resident', id: DEMO_IDS.elderLivingAlone }] },
      );
      // Hidden is missing (sec-privacy): null as for a resident without a record, no error to tell them apart.
      expect(response.errors).toBeUndefined();
      expect(response.data?._entities).toEqual([{ elderlyCare: null }]);
      expectNothingLeaked(response);
      expect(await rowsOf(sub, eq(auditLog.outcome, 'READ'))).toEqual([]);
      expect(await rowsOf(sub, eq(auditLog.outcome, 'DENIED'))).toEqual([expect.objectContaining({ subjectId: DEMO_IDS.elderLivingAlone })]);
    });

    it('a forged token: 401, logged as a refused token', async () => {
      const forged = await new SignJWT({ roles: ['admin'] }).setProtectedHeader({ alg: 'HS256' }).setSubject(`forger-${_mode}`).setIssuer('onegrid').setExpirationTime('1h').sign(new TextEncoder().encode('x'.repeat(40)));
      const before = await rowCount(stack, auditLog, eq(auditLog.field, '(token)'));
      const response = await postGraphQL(stack.subgraphs['elderly-care']!.url, '{ elders(first: 1) { totalCount } }', {}, { token: forged });
      expectRefused(response, 'UNAUTHENTICATED', 401);
      expect(response.data).toBeUndefined();
      expect(await rowCount(stack, auditLog, and(eq(auditLog.field, '(token)'), eq(auditLog.outcome, 'DENIED'), eq(auditLog.actorSub, 'anonymous')))).toBe(before + 1);
    });

    it('a refused mutation (recordCareVisit by a worker of another grid): NOT_FOUND as for no elder, DENIED row naming the elder', async () => {
      const sub = `audit-mutation-${_mode}`;
      const token = await tokenFor({ sub, roles: ['grid_worker'], gridIds: ['grid-002'] });
      const visits = await rowCount(stack, careVisits);
      const response = await gateway(token)<{ recordCareVisit: { visit: unknown; userErrors: { code: string; message: string }[] } }>(
        `mutation($input: RecordCareVisitInput!) { recordCareVisit(input: $input) { visit { id } userErrors { code message } } }`,
        { input: { residentId: DEMO_IDS.elderLivingAlone, kind: 'ROUTINE' } },
      );
      // Hidden is missing (sec-privacy): the same userError as for a resident who is not enrolled.
      expect(response.errors).toBeUndefined();
      expect(response.data?.recordCareVisit).toEqual({ visit: null, userErrors: [{ code: 'NOT_FOUND', message: `The elder record of resident ${DEMO_IDS.elderLivingAlone} was not found.` }] });
      expectNothingLeaked(response);
      expect(await rowCount(stack, careVisits)).toBe(visits);
      expect(await rowsOf(sub)).toEqual([expect.objectContaining({ subjectId: DEMO_IDS.elderLivingAlone, outcome: 'DENIED' })]);
    });

    it('_entities without the gateway credential: FORBIDDEN, DENIED row for _entities', async () => {
      const sub = `audit-entities-${_mode}`;
      const response = await direct(await worker(sub))(`query($reps: [_Any!]!) { _entities(representations: $reps) { ... on Elder { capabilityLevel } } }`, {
        reps: [{ __typename: 'Elder', id: 'x' }],
      });
      // Its HTTP status (403) is the gateway-only guard's concern (sec-gate); the code, the absence of data and the row are ours.
      expect(response.errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
      expectNothingLeaked(response);
      expect(response.data ?? null).toBeNull();
      expect(await rowsOf(sub)).toEqual([expect.objectContaining({ field: '_entities', outcome: 'DENIED', subjectId: null })]);
    });

    it('the audit log itself, asked for by a resident: FORBIDDEN, and that attempt is a DENIED row', async () => {
      const sub = `audit-nosy-${_mode}`;
      const token = await tokenFor({ sub, roles: ['resident'], residentId: DEMO_IDS.elderLivingAlone });
      const response = await gateway(token)<{ elderlyCareAuditLog: unknown }>(`{ elderlyCareAuditLog(first: 5) { edges { node { actor } } } }`);
      expectRefused(response, 'FORBIDDEN');
      expect(response.data?.elderlyCareAuditLog ?? null).toBeNull();
      expect(await rowsOf(sub)).toEqual([expect.objectContaining({ field: 'elderlyCareAuditLog', outcome: 'DENIED' })]);
    });
  });

  describe('the admin query of the audit log', () => {
    type AuditPage = { edges: { cursor: string; node: Record<string, unknown> }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null }; totalCount: number };
    const LOG = `query($actor: String, $subject: String, $field: String, $first: Int, $after: String) {
      elderlyCareAuditLog(actor: $actor, subjectId: $subject, field: $field, first: $first, after: $after) {
        totalCount edges { cursor node { id actor actorRoles subjectId recordId field requestId outcome at } } pageInfo { hasNextPage endCursor }
      }
    }`;

    it('admins read it filtered by actor, subject and field, page by page without overlap', async () => {
      const sub = `audit-paged-${_mode}`;
      // Three requests, three rows (one per request: the request id tells them apart).
      for (let i = 0; i < 3; i++) dataOf(await gateway(await worker(sub))(`query($id: ID!) { resident(id: $id) { elderlyCare { capabilityLevel } } }`, { id: DEMO_IDS.elderLivingAlone }));
      const admin = await tokenFor({ roles: ['admin'] });
      const all = dataOf(await gateway(admin)<{ elderlyCareAuditLog: AuditPage }>(LOG, { actor: sub, first: 100 })).elderlyCareAuditLog;
      expect(all.totalCount).toBe(3);
      expect(all.edges.every((e) => e.node.actor === sub && e.node.field === 'Elder.capabilityLevel' && e.node.outcome === 'READ')).toBe(true);
      expect(new Set(all.edges.map((e) => e.node.requestId)).size).toBe(3);
      const first = dataOf(await gateway(admin)<{ elderlyCareAuditLog: AuditPage }>(LOG, { actor: sub, first: 1 })).elderlyCareAuditLog;
      const second = dataOf(await gateway(admin)<{ elderlyCareAuditLog: AuditPage }>(LOG, { actor: sub, first: 100, after: first.pageInfo.endCursor })).elderlyCareAuditLog;
      expect([...first.edges, ...second.edges].map((e) => e.node.id)).toEqual(all.edges.map((e) => e.node.id));
      const bySubject = dataOf(await gateway(admin)<{ elderlyCareAuditLog: AuditPage }>(LOG, { actor: sub, subject: DEMO_IDS.elderLivingAlone, field: 'Elder.capabilityLevel' })).elderlyCareAuditLog;
      expect(bySubject.totalCount).toBe(3);
      const otherSubject = dataOf(await gateway(admin)<{ elderlyCareAuditLog: AuditPage }>(LOG, { actor: sub, subject: 'resident-nobody' })).elderlyCareAuditLog;
      expect(otherSubject.totalCount).toBe(0);
      const otherField = dataOf(await gateway(admin)<{ elderlyCareAuditLog: AuditPage }>(LOG, { actor: sub, field: 'CareVisit.findings' })).elderlyCareAuditLog;
      expect(otherField.totalCount).toBe(0);
    });

    it("a cursor that is not one of the log's: BAD_USER_INPUT, not a database error", async () => {
      const admin = await tokenFor({ roles: ['admin'] });
      const after = Buffer.from("v1:1' or 1=1 --").toString('base64url');
      const response = await direct(admin)(LOG, { after });
      expectRefused(response, 'BAD_USER_INPUT');
    });

    it('every subgraph has its own: communityAuditLog answers admins and refuses grid workers (audited in community)', async () => {
      const admin = await tokenFor({ roles: ['admin'] });
      dataOf(await gateway(admin)(`{ communityAuditLog(first: 1) { totalCount } }`));
      const sub = `audit-community-${_mode}`;
      const response = await gateway(await worker(sub))(`{ communityAuditLog(first: 1) { totalCount } }`);
      expectRefused(response, 'FORBIDDEN');
      expect(await rowCount(stack, communityAuditLog, and(eq(communityAuditLog.actorSub, sub), eq(communityAuditLog.outcome, 'DENIED'), isNotNull(communityAuditLog.requestId)))).toBe(1);
    });
  });

  it('a page of 20 elders with levels and visit notes writes its audit rows in ONE insert', async () => {
    const sub = `audit-batch-${_mode}`;
    const token = await worker(sub);
    const before = stack.handle.statements.count;
    const response = await direct(token)(`query($grid: ID!) { elders(filter: { gridId: $grid }, first: 20) { edges { node { capabilityLevel lastVisit { findings } } } } }`, { grid: DEMO_IDS.grid });
    dataOf(response);
    const statements = stack.handle.statements.count - before;
    const rows = await rowsOf(sub);
    expect(new Set(rows.map((r) => r.field))).toEqual(new Set(['Elder.capabilityLevel', 'CareVisit.findings']));
    // The page, last visits, the elders the notes are about, and one insert per batch of reads (levels, then notes):
    // a constant, however many elders the page holds.
    expect(statements).toBeLessThanOrEqual(5);
    expect(rows.length).toBeGreaterThan(statements);
  });
});
