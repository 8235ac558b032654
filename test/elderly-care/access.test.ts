import { and, desc, eq, sql } from 'drizzle-orm';
import { DEMO_IDS } from '../../services/demo';
import { ELDERLY_CARE_DEMO_IDS } from '../../services/elderly-care/demo';
import { auditLog, capabilityAssessments, careVisits, elderlyProfiles, homeModifications, mealPlans } from '../../services/elderly-care/tables';
import { client, dataOf, errorOf, rowCount, statementsOf, USER_ERRORS, userErrorOf, type UserErrorValue } from '../support/graphql';
import { givenElder } from '../support/elders';
import { asGateway, tokenFor } from '../support/stack';
import { useElderlyCareStack, type Page } from './fixtures';

const world = useElderlyCareStack();
let otherElder: string;
beforeAll(async () => {
  ({ residentId: otherElder } = await givenElder(world.stack));
});

const gateway = (bearer?: string) => client(world.stack.gateway.url, bearer);
/** Straight to the subgraph, as the gateway calls it (with its credential) or as anyone else would (without). */
const subgraph = (bearer?: string, headers: Record<string, string> = asGateway) => client(world.stack.subgraphs['elderly-care']!.url, bearer, headers);

interface ResidentEntities {
  _entities: ({ id: string; elderlyCare: { livingArrangement: string } | null } | null)[];
}
const ENTITIES = `query($reps: [_Any!]!) { _entities(representations: $reps) { ... on Resident { id elderlyCare { livingArrangement } } } }`;
const residentRep = (id: string) => ({ reps: [{ __typename: 'Resident', id }] });
const ELDER_ENTITY = `query($reps: [_Any!]!) { _entities(representations: $reps) { ... on Elder { needs } } }`;
const elderRep = { reps: [{ __typename: 'Elder', id: ELDERLY_CARE_DEMO_IDS.elderLivingAlone }] };

describe('who sees an elder', () => {
  it('shows a resident their own record, and only theirs in lists', async () => {
    const { me } = dataOf(
      await gateway(world.token.elder)<{ me: { id: string; elderlyCare: { livingArrangement: string; capabilityLevel: string | null } } }>(
        `{ me { id elderlyCare { livingArrangement capabilityLevel assessments { edges { node { level } } } } } }`,
      ),
    );
    expect(me).toMatchObject({ id: DEMO_IDS.elderLivingAlone, elderlyCare: { livingArrangement: 'ALONE', capabilityLevel: expect.any(String) } });
    const { elders } = dataOf(
      await gateway(world.token.elder)<{ elders: Page<{ resident: { id: string } }> }>(`{ elders(first: 100) { totalCount edges { node { resident { id } } } } }`),
    );
    expect(elders.edges).toEqual([{ node: { resident: { id: DEMO_IDS.elderLivingAlone } } }]);
    expect(elders.totalCount).toBe(1);
  });

  it("answers a resident asking for another elder's record as for a resident without one", async () => {
    const response = await subgraph(world.token.elder)<ResidentEntities>(ENTITIES, residentRep(otherElder));
    expect(response.errors).toBeUndefined();
    expect(response.data!._entities[0]!.elderlyCare).toBeNull();
    // Through the gateway, community already hides the resident.
    expect(await gateway(world.token.elder)(`query($id: ID!) { resident(id: $id) { elderlyCare { livingArrangement } } }`, { id: otherElder })).toEqual({
      status: 200,
      data: { resident: null },
    });
  });

  it('shows grid and care workers the elders of their grid', async () => {
    for (const bearer of [world.token.gridWorker, world.token.careWorker]) {
      const { _entities } = dataOf(await subgraph(bearer)<ResidentEntities>(ENTITIES, residentRep(DEMO_IDS.elderLivingAlone)));
      expect(_entities[0]!.elderlyCare!.livingArrangement).toBe('ALONE');
    }
  });

  it("reads an elder's meal plan and last visit with the elder, in one statement, and hides them as the elder", async () => {
    // The look-ahead of `elderlyCare { mealPlan lastVisit }` (loaders.ts elderWithCareByResident): the same rule applies.
    const WITH_CARE = `query($reps: [_Any!]!) { _entities(representations: $reps) { ... on Resident { id elderlyCare { livingArrangement mealPlan { point { name } } lastVisit { visitedAt } } } } }`;
    const shown = await statementsOf(world.stack, () => subgraph(world.token.gridWorker)<ResidentEntities>(WITH_CARE, residentRep(DEMO_IDS.elderLivingAlone)));
    expect(dataOf(shown.result)._entities[0]!.elderlyCare).toEqual({
      livingArrangement: 'ALONE',
      mealPlan: { point: { name: '东湖颐乐老年食堂' } },
      lastVisit: { visitedAt: expect.any(String) },
    });
    expect(shown.statements).toBe(1);
    // An elder never enrolled nor visited: both read as null (not as rows of nulls).
    const bare = await givenElder(
      world.stack,
      sql`not exists (select 1 from ${mealPlans} where ${mealPlans.profileId} = ${elderlyProfiles.id}) and not exists (select 1 from ${careVisits} where ${careVisits.profileId} = ${elderlyProfiles.id})`,
    );
    const { _entities } = dataOf(await subgraph(world.token.gridWorker)<ResidentEntities>(WITH_CARE, residentRep(bare.residentId)));
    expect(_entities[0]!.elderlyCare).toEqual({ livingArrangement: expect.any(String), mealPlan: null, lastVisit: null });
    const hidden = await subgraph(world.token.otherGridWorker)<ResidentEntities>(WITH_CARE, residentRep(DEMO_IDS.elderLivingAlone));
    expect(hidden.errors).toBeUndefined();
    expect(hidden.data!._entities).toEqual([{ id: DEMO_IDS.elderLivingAlone, elderlyCare: null }]);
  });

  it('hides the elders of another grid from its grid workers, by id and in lists', async () => {
    // As for a resident without a record: null, and no error to tell them apart.
    const hidden = await subgraph(world.token.otherGridWorker)<ResidentEntities>(ENTITIES, residentRep(DEMO_IDS.elderLivingAlone));
    expect(hidden.errors).toBeUndefined();
    expect(hidden.data!._entities).toEqual([{ id: DEMO_IDS.elderLivingAlone, elderlyCare: null }]);
    expect((await subgraph(world.token.otherGridWorker)<{ _entities: unknown[] }>(ELDER_ENTITY, elderRep)).data!._entities).toEqual([null]);
    const { elders } = dataOf(
      await gateway(world.token.otherGridWorker)<{ elders: Page<unknown> }>(`{ elders(filter: { gridId: "${DEMO_IDS.grid}" }) { totalCount edges { cursor } } }`),
    );
    expect(elders).toEqual({ totalCount: 0, edges: [] });
    const overdue = await gateway(world.token.otherGridWorker)<{ overdueVisits: unknown }>(`{ overdueVisits(gridId: "${DEMO_IDS.grid}") { totalCount } }`);
    errorOf(overdue, 'FORBIDDEN');
    // Only the refused root field is null, not the whole answer.
    expect(overdue.data).toEqual({ overdueVisits: null });
  });

  it("shows district officers no care data: elderly care's field is null, as for a resident without a record", async () => {
    const response = await gateway(world.token.housingOfficer)<{ resident: { name: string; elderlyCare: unknown } }>(
      `query($id: ID!) { resident(id: $id) { name elderlyCare { livingArrangement } } }`,
      { id: DEMO_IDS.elderLivingAlone },
    );
    expect(response.errors).toBeUndefined();
    expect(response.data!.resident).toEqual({ name: expect.any(String), elderlyCare: null });
  });

  it('lets an admin see every elder', async () => {
    const { elders } = dataOf(await gateway(world.token.admin)<{ elders: Page<unknown> }>(`{ elders(first: 1) { totalCount } }`));
    expect(elders.totalCount).toBe(await rowCount(world.stack, elderlyProfiles));
  });

  it('lets anonymous callers read no elder, but the meal point directory', async () => {
    const anonymous = await gateway()<{ elders: unknown; mealPoints: Page<{ name: string }> }>(`{ elders { totalCount } mealPoints { edges { node { name } } } }`);
    errorOf(anonymous, 'UNAUTHENTICATED');
    expect(anonymous.data!.elders).toBeNull();
    expect(anonymous.data!.mealPoints.edges.length).toBeGreaterThanOrEqual(4);
    // The field needs sign-in, whoever the resident: told to sign in, for an elder as for anyone (no existence oracle).
    for (const id of [DEMO_IDS.elderLivingAlone, 'resident-nope']) {
      const direct = await subgraph()<ResidentEntities>(ENTITIES, residentRep(id));
      errorOf(direct, 'UNAUTHENTICATED');
      expect(direct.data!._entities[0]!.elderlyCare).toBeNull();
    }
    expect((await subgraph()<{ _entities: unknown[] }>(ELDER_ENTITY, elderRep)).data!._entities).toEqual([null]);
    const { subsidyRules } = dataOf(await gateway()<{ subsidyRules: { targetGroup: string; dailyCap: number }[] }>(`{ subsidyRules { targetGroup dailyCap } }`));
    expect(subsidyRules.length).toBeGreaterThanOrEqual(4);
  });
});

describe('the subgraph answers _entities and _service only to the gateway', () => {
  it.each([
    ['_entities', ENTITIES, residentRep(DEMO_IDS.elderLivingAlone)],
    ['_service', '{ _service { sdl } }', {}],
  ])('refuses %s without the gateway credential, even to an admin', async (_, query, variables) => {
    const response = await subgraph(world.token.admin, {})(query, variables);
    expect(errorOf(response, 'FORBIDDEN').message).toContain('gateway');
    expect(response.data).toBeUndefined();
  });
});

describe('who changes what', () => {
  const RECORD = `mutation($input: RecordAssessmentInput!) { recordAssessment(input: $input) { assessment { level } ${USER_ERRORS} } }`;
  type Recorded = { recordAssessment: { assessment: { level: string } | null; userErrors: UserErrorValue[] } | null };
  const scores = { selfCare: 30, mobility: 15, mentalState: 25, perceptionSocial: 15 };

  it('refuses assessments by residents (top-level FORBIDDEN) and answers workers of another grid as for no elder (NOT_FOUND), writing nothing', async () => {
    const before = await rowCount(world.stack, capabilityAssessments);
    const refused = await gateway(world.token.elder)<Recorded>(RECORD, { input: { residentId: DEMO_IDS.elderLivingAlone, ...scores } });
    errorOf(refused, 'FORBIDDEN');
    expect(refused.data).toEqual({ recordAssessment: null });
    const hidden = dataOf(await gateway(world.token.otherGridWorker)<Recorded>(RECORD, { input: { residentId: DEMO_IDS.elderLivingAlone, ...scores } }));
    expect(userErrorOf(hidden.recordAssessment, 'NOT_FOUND').field).toEqual(['input', 'residentId']);
    expect(await rowCount(world.stack, capabilityAssessments)).toBe(before);
    const { recordAssessment } = dataOf(await gateway(world.token.careWorker)<Recorded>(RECORD, { input: { residentId: DEMO_IDS.elderLivingAlone, ...scores } }));
    expect(recordAssessment!.assessment!.level).toBe('MILD');
  });

  it('lets an elder apply for a home modification for themselves only, and not move it along', async () => {
    const REQUEST = `mutation($input: RequestHomeModificationInput!) { requestHomeModification(input: $input) { homeModification { id version } ${USER_ERRORS} } }`;
    const items = [{ category: 'FLOOR', tier: 'BASIC', description: '地面防滑', costCents: 50_000, subsidyCents: 50_000 }];
    const { requestHomeModification } = dataOf(
      await gateway(world.token.elder)<{ requestHomeModification: { homeModification: { id: string; version: number } } }>(REQUEST, {
        input: { residentId: DEMO_IDS.elderLivingAlone, items },
      }),
    );
    const before = await rowCount(world.stack, homeModifications);
    type Requested = { requestHomeModification: { userErrors: UserErrorValue[] } | null };
    const hidden = dataOf(await gateway(world.token.elder)<Requested>(REQUEST, { input: { residentId: otherElder, items } }));
    expect(userErrorOf(hidden.requestHomeModification, 'NOT_FOUND').field).toEqual(['input', 'residentId']);
    expect(await rowCount(world.stack, homeModifications)).toBe(before);
    const ADVANCE = `mutation($input: AdvanceHomeModificationInput!) { advanceHomeModification(input: $input) { homeModification { status } ${USER_ERRORS} } }`;
    const { id } = requestHomeModification.homeModification;
    errorOf(await gateway(world.token.elder)(ADVANCE, { input: { id, to: 'ASSESSED', expectedVersion: 1 } }), 'FORBIDDEN');
  });
});

describe('the audit log of assessment reads', () => {
  const assessmentRead = and(eq(auditLog.field, 'CapabilityAssessment'), eq(auditLog.outcome, 'READ'));
  const readsOf = (residentId: string) => rowCount(world.stack, auditLog, and(assessmentRead, eq(auditLog.subjectId, residentId)));
  const assessmentsOf = async (residentId: string) => {
    const [elder] = await world.stack.handle.db.select({ id: elderlyProfiles.id }).from(elderlyProfiles).where(eq(elderlyProfiles.residentId, residentId));
    return rowCount(world.stack, capabilityAssessments, eq(capabilityAssessments.profileId, elder!.id));
  };

  it('gets a row per assessment read: who, whom, when', async () => {
    const assessments = await assessmentsOf(DEMO_IDS.elderLivingAlone);
    const before = await readsOf(DEMO_IDS.elderLivingAlone);
    const started = new Date();
    dataOf(
      await gateway(world.token.gridWorker)(
        `query($id: ID!) { resident(id: $id) { elderlyCare { capabilityLevel latestAssessment { id } assessments(first: 100) { edges { node { id level } } } } } }`,
        { id: DEMO_IDS.elderLivingAlone },
      ),
    );
    // The latest assessment is read three times in the request but logged once.
    expect(await readsOf(DEMO_IDS.elderLivingAlone)).toBe(before + assessments);
    const [latest] = await world.stack.handle.db
      .select()
      .from(auditLog)
      .where(and(assessmentRead, eq(auditLog.subjectId, DEMO_IDS.elderLivingAlone), eq(auditLog.actorSub, `worker:${DEMO_IDS.fullTimeWorker}`)))
      .orderBy(desc(auditLog.id))
      .limit(1);
    expect(latest).toMatchObject({ actorRoles: ['grid_worker'], recordId: expect.any(String), requestId: expect.any(String) });
    expect(latest!.at.getTime()).toBeGreaterThanOrEqual(started.getTime() - 1000);
  });

  it('logs only the page of assessments returned', async () => {
    const reader = await tokenFor({ sub: 'auditor-page', roles: ['care_worker'], gridIds: [DEMO_IDS.grid] });
    expect(await assessmentsOf(DEMO_IDS.elderLivingAlone)).toBeGreaterThan(1);
    const { resident } = dataOf(
      await gateway(reader)<{ resident: { elderlyCare: { assessments: Page<{ id: string }> } } }>(
        `query($id: ID!) { resident(id: $id) { elderlyCare { assessments(first: 1) { totalCount edges { node { id } } } } } }`,
        { id: DEMO_IDS.elderLivingAlone },
      ),
    );
    expect(resident.elderlyCare.assessments.edges).toHaveLength(1);
    const logged = await world.stack.handle.db.select({ recordId: auditLog.recordId }).from(auditLog).where(and(assessmentRead, eq(auditLog.actorSub, 'auditor-page')));
    expect(logged).toEqual([{ recordId: resident.elderlyCare.assessments.edges[0]!.node.id }]);
  });

  it('logs an assessment fetched as an entity, and a refused one as DENIED, never READ', async () => {
    const [assessment] = await world.stack.handle.db
      .select({ id: capabilityAssessments.id })
      .from(capabilityAssessments)
      .innerJoin(elderlyProfiles, eq(elderlyProfiles.id, capabilityAssessments.profileId))
      .where(eq(elderlyProfiles.residentId, DEMO_IDS.elderLivingAlone))
      .limit(1);
    const reps = { reps: [{ __typename: 'CapabilityAssessment', id: assessment!.id }] };
    const QUERY = `query($reps: [_Any!]!) { _entities(representations: $reps) { ... on CapabilityAssessment { total } } }`;
    const logged = () => rowCount(world.stack, auditLog, and(assessmentRead, eq(auditLog.recordId, assessment!.id)));
    const denied = () => rowCount(world.stack, auditLog, and(eq(auditLog.outcome, 'DENIED'), eq(auditLog.subjectId, DEMO_IDS.elderLivingAlone)));
    const [before, deniedBefore] = [await logged(), await denied()];
    // Hidden, answered as missing, and audited as a denied attempt all the same.
    expect((await subgraph(world.token.otherGridWorker)<{ _entities: unknown[] }>(QUERY, reps)).data!._entities).toEqual([null]);
    expect(await logged()).toBe(before);
    expect(await denied()).toBe(deniedBefore + 1);
    dataOf(await subgraph(world.token.gridWorker)(QUERY, reps));
    expect(await logged()).toBe(before + 1);
  });

  it('writes the rows of a whole list in one insert', async () => {
    const reader = await tokenFor({ sub: 'auditor-test', roles: ['care_worker'], gridIds: [DEMO_IDS.grid] });
    const query = `{ elders(filter: { gridId: "${DEMO_IDS.grid}" }, first: 100) { edges { node { capabilityLevel } } } }`;
    const { result, statements } = await statementsOf(world.stack, () => subgraph(reader)<{ elders: Page<{ capabilityLevel: string | null }> }>(query));
    const assessed = dataOf(result).elders.edges.filter((e) => e.node.capabilityLevel).length;
    expect(assessed).toBeGreaterThan(1);
    expect(await rowCount(world.stack, auditLog, and(eq(auditLog.field, 'Elder.capabilityLevel'), eq(auditLog.actorSub, 'auditor-test')))).toBe(assessed);
    // The page, then one insert for the whole audit batch.
    expect(statements).toBe(2);
  });
});
