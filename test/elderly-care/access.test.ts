import { and, eq } from 'drizzle-orm';
import { DEMO_IDS } from '../../services/demo';
import { ELDERLY_CARE_DEMO_IDS } from '../../services/elderly-care/demo';
import { assessmentReads, capabilityAssessments, elderlyProfiles, homeModifications } from '../../services/elderly-care/tables';
import { asGateway, tokenFor } from '../support/stack';
import { client, dataOf, eldersOfGrid, errorOf, rowCount, statementsOf, useElderlyCareStack } from './fixtures';

const world = useElderlyCareStack();
let otherElder: string;
beforeAll(async () => {
  [{ residentId: otherElder }] = await eldersOfGrid(world.stack);
});

const gateway = (bearer?: string) => client(world.stack.gateway.url, bearer);
/** Straight to the subgraph, as the gateway calls it (with its credential) or as anyone else would (without). */
const subgraph = (bearer?: string, headers: Record<string, string> = asGateway) => client(world.stack.subgraphs['elderly-care']!.url, bearer, headers);

const ENTITIES = `query($reps: [_Any!]!) { _entities(representations: $reps) { ... on Resident { id elderlyCare { livingArrangement } } } }`;
const residentRep = (id: string) => ({ reps: [{ __typename: 'Resident', id }] });

describe('who sees a profile', () => {
  it('shows a resident their own profile, and only theirs in lists', async () => {
    const { me } = dataOf(await gateway(world.token.elder)(`{ me { id elderlyCare { livingArrangement capabilityLevel assessments { level } } } }`));
    expect(me).toMatchObject({ id: DEMO_IDS.elderLivingAlone, elderlyCare: { livingArrangement: 'ALONE', capabilityLevel: expect.any(String) } });
    const { elders } = dataOf(await gateway(world.token.elder)(`{ elders(first: 100) { totalCount edges { node { resident { id } } } } }`));
    expect(elders.edges).toEqual([{ node: { resident: { id: DEMO_IDS.elderLivingAlone } } }]);
    expect(elders.totalCount).toBe(1);
  });

  it("refuses a resident another elder's profile", async () => {
    const response = await subgraph(world.token.elder)(ENTITIES, residentRep(otherElder));
    expect(errorOf(response, 'FORBIDDEN').path).toEqual(['_entities', 0, 'elderlyCare']);
    expect(response.data._entities[0].elderlyCare).toBeNull();
    // Through the gateway, community already refuses the resident.
    errorOf(await gateway(world.token.elder)(`query($id: ID!) { resident(id: $id) { elderlyCare { livingArrangement } } }`, { id: otherElder }), 'FORBIDDEN');
  });

  it('shows grid and care workers the elders of their grid', async () => {
    for (const bearer of [world.token.gridWorker, world.token.careWorker]) {
      const { _entities } = dataOf(await subgraph(bearer)(ENTITIES, residentRep(DEMO_IDS.elderLivingAlone)));
      expect(_entities[0].elderlyCare.livingArrangement).toBe('ALONE');
    }
  });

  it('refuses a grid worker of another grid with FORBIDDEN, and lists them none', async () => {
    errorOf(await subgraph(world.token.otherGridWorker)(ENTITIES, residentRep(DEMO_IDS.elderLivingAlone)), 'FORBIDDEN');
    const profileRep = { reps: [{ __typename: 'ElderlyProfile', id: ELDERLY_CARE_DEMO_IDS.elderLivingAlone }] };
    errorOf(await subgraph(world.token.otherGridWorker)(`query($reps: [_Any!]!) { _entities(representations: $reps) { ... on ElderlyProfile { needs } } }`, profileRep), 'FORBIDDEN');
    const { elders } = dataOf(await gateway(world.token.otherGridWorker)(`{ elders(filter: { gridId: "${DEMO_IDS.grid}" }) { totalCount edges { cursor } } }`));
    expect(elders).toEqual({ totalCount: 0, edges: [] });
    errorOf(await gateway(world.token.otherGridWorker)(`{ overdueVisits(gridId: "${DEMO_IDS.grid}") { totalCount } }`), 'FORBIDDEN');
  });

  it("refuses district officers care data, nulling only elderly-care's field", async () => {
    const response = await gateway(world.token.housingOfficer)(`query($id: ID!) { resident(id: $id) { name elderlyCare { livingArrangement } } }`, {
      id: DEMO_IDS.elderLivingAlone,
    });
    expect(errorOf(response, 'FORBIDDEN').path).toEqual(['resident', 'elderlyCare']);
    expect(response.data.resident).toEqual({ name: expect.any(String), elderlyCare: null });
  });

  it('lets an admin see every elder', async () => {
    const { elders } = dataOf(await gateway(world.token.admin)(`{ elders(first: 1) { totalCount } }`));
    expect(elders.totalCount).toBe(await rowCount(world.stack, elderlyProfiles));
  });

  it('lets anonymous callers read no profile, but the meal point directory', async () => {
    errorOf(await gateway()(`{ elders { totalCount } }`), 'UNAUTHENTICATED');
    const direct = await subgraph()(ENTITIES, residentRep(DEMO_IDS.elderLivingAlone));
    errorOf(direct, 'UNAUTHENTICATED');
    expect(direct.data._entities[0].elderlyCare).toBeNull();
    const profileRep = { reps: [{ __typename: 'ElderlyProfile', id: ELDERLY_CARE_DEMO_IDS.elderLivingAlone }] };
    errorOf(await subgraph()(`query($reps: [_Any!]!) { _entities(representations: $reps) { ... on ElderlyProfile { needs } } }`, profileRep), 'UNAUTHENTICATED');
    expect(dataOf(await gateway()(`{ mealPoints { name } subsidyRules { targetGroup dailyCap } }`)).subsidyRules.length).toBeGreaterThanOrEqual(4);
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
  const RECORD = `mutation($input: RecordAssessmentInput!) { recordAssessment(input: $input) { level } }`;
  const scores = { selfCare: 30, mobility: 15, mentalState: 25, perceptionSocial: 15 };

  it("refuses assessments by residents and by workers of another grid, writing nothing", async () => {
    const before = await rowCount(world.stack, capabilityAssessments);
    errorOf(await gateway(world.token.elder)(RECORD, { input: { residentId: DEMO_IDS.elderLivingAlone, ...scores } }), 'FORBIDDEN');
    errorOf(await gateway(world.token.otherGridWorker)(RECORD, { input: { residentId: DEMO_IDS.elderLivingAlone, ...scores } }), 'FORBIDDEN');
    expect(await rowCount(world.stack, capabilityAssessments)).toBe(before);
    expect(dataOf(await gateway(world.token.careWorker)(RECORD, { input: { residentId: DEMO_IDS.elderLivingAlone, ...scores } })).recordAssessment.level).toBe('MILD');
  });

  it('lets an elder apply for a home modification for themselves only, and not move it along', async () => {
    const REQUEST = `mutation($input: RequestHomeModificationInput!) { requestHomeModification(input: $input) { id version } }`;
    const items = [{ category: 'FLOOR', tier: 'BASIC', description: '地面防滑', costCents: 50_000, subsidyCents: 50_000 }];
    const { requestHomeModification } = dataOf(await gateway(world.token.elder)(REQUEST, { input: { residentId: DEMO_IDS.elderLivingAlone, items } }));
    const before = await rowCount(world.stack, homeModifications);
    errorOf(await gateway(world.token.elder)(REQUEST, { input: { residentId: otherElder, items } }), 'FORBIDDEN');
    expect(await rowCount(world.stack, homeModifications)).toBe(before);
    const ADVANCE = `mutation($input: AdvanceHomeModificationInput!) { advanceHomeModification(input: $input) { status } }`;
    errorOf(await gateway(world.token.elder)(ADVANCE, { input: { id: requestHomeModification.id, to: 'ASSESSED', version: 1 } }), 'FORBIDDEN');
  });
});

describe('the audit log of assessment reads', () => {
  const readsOf = (residentId: string) => rowCount(world.stack, assessmentReads, eq(assessmentReads.residentId, residentId));

  it('gets a row per assessment read: who, whom, when', async () => {
    const [profile] = await world.stack.handle.db.select({ id: elderlyProfiles.id }).from(elderlyProfiles).where(eq(elderlyProfiles.residentId, DEMO_IDS.elderLivingAlone));
    const assessments = await rowCount(world.stack, capabilityAssessments, eq(capabilityAssessments.profileId, profile!.id));
    const before = await readsOf(DEMO_IDS.elderLivingAlone);
    const started = new Date();
    dataOf(
      await gateway(world.token.gridWorker)(`query($id: ID!) { resident(id: $id) { elderlyCare { capabilityLevel latestAssessment { id } assessments { id level } } } }`, {
        id: DEMO_IDS.elderLivingAlone,
      }),
    );
    // The latest assessment is read three times in the request but logged once.
    expect(await readsOf(DEMO_IDS.elderLivingAlone)).toBe(before + assessments);
    const [latest] = await world.stack.handle.db
      .select()
      .from(assessmentReads)
      .where(and(eq(assessmentReads.residentId, DEMO_IDS.elderLivingAlone), eq(assessmentReads.viewerSub, `worker:${DEMO_IDS.fullTimeWorker}`)))
      .orderBy(assessmentReads.readAt)
      .limit(1);
    expect(latest).toMatchObject({ viewerRoles: ['grid_worker'], assessmentId: expect.any(String) });
    expect(latest!.readAt.getTime()).toBeGreaterThanOrEqual(started.getTime() - 1000);
  });

  it('logs an assessment fetched as an entity, and nothing for a refused one', async () => {
    const [assessment] = await world.stack.handle.db
      .select({ id: capabilityAssessments.id })
      .from(capabilityAssessments)
      .innerJoin(elderlyProfiles, eq(elderlyProfiles.id, capabilityAssessments.profileId))
      .where(eq(elderlyProfiles.residentId, DEMO_IDS.elderLivingAlone))
      .limit(1);
    const reps = { reps: [{ __typename: 'CapabilityAssessment', id: assessment!.id }] };
    const QUERY = `query($reps: [_Any!]!) { _entities(representations: $reps) { ... on CapabilityAssessment { total } } }`;
    const logged = () => rowCount(world.stack, assessmentReads, eq(assessmentReads.assessmentId, assessment!.id));
    const before = await logged();
    errorOf(await subgraph(world.token.otherGridWorker)(QUERY, reps), 'FORBIDDEN');
    expect(await logged()).toBe(before);
    dataOf(await subgraph(world.token.gridWorker)(QUERY, reps));
    expect(await logged()).toBe(before + 1);
  });

  it('writes the rows of a whole list in one insert', async () => {
    const reader = await tokenFor({ sub: 'auditor-test', roles: ['care_worker'], gridIds: [DEMO_IDS.grid] });
    const query = `{ elders(filter: { gridId: "${DEMO_IDS.grid}" }, first: 100) { edges { node { capabilityLevel } } } }`;
    const { result, statements } = await statementsOf(world.stack, () => subgraph(reader)(query));
    const assessed = dataOf(result).elders.edges.filter((e: { node: { capabilityLevel: string | null } }) => e.node.capabilityLevel).length;
    expect(assessed).toBeGreaterThan(1);
    expect(await rowCount(world.stack, assessmentReads, eq(assessmentReads.viewerSub, 'auditor-test'))).toBe(assessed);
    // The page, then one insert for the whole audit batch.
    expect(statements).toBe(2);
  });
});
