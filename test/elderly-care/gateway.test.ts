import { readFileSync } from 'node:fs';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { communitySubgraph } from '../../services/community';
import { DEMO_IDS } from '../../services/demo';
import { elderlyCareSubgraph } from '../../services/elderly-care';
import { ELDERLY_CARE_DEMO_IDS } from '../../services/elderly-care/demo';
import { elderlyProfiles } from '../../services/elderly-care/tables';
import { client, dataOf, rowCount, statementsOf, USER_ERRORS, type UserErrorValue } from '../support/graphql';
import { givenElder } from '../support/elders';
import { personas } from '../support/personas';
import { startTestStack } from '../support/stack';
import { ELDER_FIELDS, eldersWithoutMealPlan, todayPlus, useElderlyCareStack, type ElderOverview, type Page } from './fixtures';

const world = useElderlyCareStack();

const gateway = (bearer?: string) => client(world.stack.gateway.url, bearer);

const OVERVIEW = `query Overview($id: ID!) {
  resident(id: $id) {
    id name age
    household { address }
    grid { name community { name } }
    elderlyCare { ${ELDER_FIELDS} }
  }
}`;
interface Overview {
  resident: { id: string; name: string; age: number; household: { address: string }; grid: { name: string; community: { name: string } }; elderlyCare: ElderOverview | null };
}

describe('one request through the gateway', () => {
  it("returns a resident's name, household and grid with their elderly care", async () => {
    const { resident } = dataOf(await gateway(world.token.gridWorker)<Overview>(OVERVIEW, { id: DEMO_IDS.elderLivingAlone }));
    expect(resident).toMatchObject({
      id: DEMO_IDS.elderLivingAlone,
      name: expect.any(String),
      household: { address: expect.stringContaining('阳光花园') },
      grid: { name: expect.any(String), community: { name: '东湖社区' } },
      elderlyCare: {
        capabilityLevel: expect.stringMatching(/^(INTACT|MILD|MODERATE|SEVERE|COMPLETE)$/),
        livingArrangement: 'ALONE',
        mealPlan: { point: { name: '东湖颐乐老年食堂' } },
        lastVisit: { visitedAt: expect.any(String) },
      },
    });
    expect(resident.age).toBeGreaterThanOrEqual(80);
  });

  it('gives residents under 60 no elderly care', async () => {
    const { residents } = dataOf(
      await gateway(world.token.admin)<{ residents: Page<{ age: number; elderlyCare: unknown }> }>(
        `{ residents(filter: { maxAge: 40, gridId: "${DEMO_IDS.grid}" }, first: 5) { edges { node { age elderlyCare { livingArrangement } } } } }`,
      ),
    );
    expect(residents.edges.length).toBeGreaterThan(0);
    for (const { node } of residents.edges) expect(node.elderlyCare).toBeNull();
  });
});

describe('writes through the gateway, visible in the next query', () => {
  it('records an assessment, places a meal order and records a visit', async () => {
    const [{ residentId }] = await eldersWithoutMealPlan(world.stack, 1);
    const act = gateway(world.token.gridWorker);

    const { recordAssessment } = dataOf(
      await act<{ recordAssessment: { assessment: { total: number; level: string } } }>(
        `mutation($input: RecordAssessmentInput!) { recordAssessment(input: $input) { assessment { total level } ${USER_ERRORS} } }`,
        { input: { residentId, selfCare: 20, mobility: 10, mentalState: 10, perceptionSocial: 5 } },
      ),
    );
    expect(recordAssessment.assessment).toEqual({ total: 45, level: 'SEVERE' });

    const { enrollMealPlan } = dataOf(
      await act<{ enrollMealPlan: { mealPlan: { point: { id: string } } } }>(
        `mutation($input: EnrollMealPlanInput!) { enrollMealPlan(input: $input) { mealPlan { point { id } } ${USER_ERRORS} } }`,
        { input: { residentId, mealPointId: ELDERLY_CARE_DEMO_IDS.canteen, mode: 'DINE_IN' } },
      ),
    );
    expect(enrollMealPlan.mealPlan.point.id).toBe(ELDERLY_CARE_DEMO_IDS.canteen);
    const servedOn = todayPlus(2);
    const { placeMealOrder } = dataOf(
      await act<{ placeMealOrder: { mealOrder: { id: string } } }>(
        `mutation($input: PlaceMealOrderInput!) { placeMealOrder(input: $input) { mealOrder { id servedOn status listPriceCents elderPaysCents } ${USER_ERRORS} } }`,
        { input: { residentId, servedOn } },
      ),
    );
    expect(placeMealOrder.mealOrder).toMatchObject({ servedOn, status: 'ORDERED', listPriceCents: 1500 });

    const visitedAt = new Date(Date.now() - 60_000).toISOString();
    dataOf(
      await act(`mutation($input: RecordCareVisitInput!) { recordCareVisit(input: $input) { visit { id } ${USER_ERRORS} } }`, {
        input: { residentId, visitorId: DEMO_IDS.fullTimeWorker, kind: 'ROUTINE', visitedAt, findings: '一切正常' },
      }),
    );

    const { resident } = dataOf(
      await act<{ resident: { elderlyCare: unknown } }>(
        `query($id: ID!) { resident(id: $id) { name elderlyCare { ${ELDER_FIELDS} isVisitOverdue mealOrders { edges { node { id } } } lastVisit { findings visitor { name } } } } }`,
        { id: residentId },
      ),
    );
    expect(resident.elderlyCare).toMatchObject({
      capabilityLevel: 'SEVERE',
      mealPlan: { point: { name: '东湖颐乐老年食堂' } },
      lastVisit: { visitedAt, findings: '一切正常', visitor: { name: expect.any(String) } },
      isVisitOverdue: false,
      mealOrders: { edges: expect.arrayContaining([{ node: { id: placeMealOrder.mealOrder.id } }]) },
    });
  });

  it('answers two aliased mutations, the second stale: the first payload with its new version, the second userErrors', async () => {
    const { id, version } = await givenElder(world.stack);
    const UPDATE_TWICE = `mutation($first: UpdateElderInput!, $second: UpdateElderInput!) {
      first: updateElder(input: $first) { elder { id version needs } ${USER_ERRORS} }
      second: updateElder(input: $second) { elder { id version needs } ${USER_ERRORS} }
    }`;
    type Updated = { elder: { id: string; version: number; needs: string[] } | null; userErrors: UserErrorValue[]; clientMutationId: string | null };
    const response = await gateway(world.token.gridWorker)<{ first: Updated; second: Updated }>(UPDATE_TWICE, {
      first: { id, expectedVersion: version, needs: ['MEAL'], clientMutationId: 'first' },
      second: { id, expectedVersion: version, needs: ['BATH'], clientMutationId: 'second' },
    });
    const { first, second } = dataOf(response);
    expect(first).toEqual({ elder: { id, version: version + 1, needs: ['MEAL'] }, userErrors: [], clientMutationId: 'first' });
    expect(second).toMatchObject({
      elder: null,
      userErrors: [{ code: 'CONFLICT', field: ['input', 'expectedVersion'], currentVersion: version + 1, message: expect.any(String) }],
      clientMutationId: 'second',
    });
    const [row] = await world.stack.handle.db.select().from(elderlyProfiles).where(eq(elderlyProfiles.id, id));
    expect(row).toMatchObject({ version: version + 1, needs: ['MEAL'] });
  });
});

describe('SQL statements are bounded by the query, not by the list', () => {
  const ELDERS = `{ elders(filter: { gridId: "${DEMO_IDS.grid}" }, first: 100) { edges { node { resident { name } ${ELDER_FIELDS} } } } }`;
  type Elders = { elders: Page<ElderOverview & { resident: { name: string } | null }> };

  it('lists 100 elders of a grid with their names, records and last visits in at most 5 statements', async () => {
    const { result, statements } = await statementsOf(world.stack, () => gateway(world.token.gridWorker)<Elders>(ELDERS));
    const { elders } = dataOf(result);
    expect(elders.edges).toHaveLength(100);
    expect(elders.edges.every((e) => e.node.resident?.name)).toBe(true);
    // elderly care: the page, last visits, meal plans with their points, the audit insert; community: the names.
    expect(statements).toBeLessThanOrEqual(5);
  });

  it('lists 100 residents of a grid with their elderly care in a bounded number of statements', async () => {
    const query = `{ grid(id: "${DEMO_IDS.grid}") { residents(first: 100) { edges { node { name elderlyCare { ${ELDER_FIELDS} } } } } } }`;
    const { result, statements } = await statementsOf(world.stack, () =>
      gateway(world.token.gridWorker)<{ grid: { residents: Page<{ name: string; elderlyCare: ElderOverview | null }> } }>(query),
    );
    const { grid } = dataOf(result);
    expect(grid.residents.edges).toHaveLength(100);
    expect(grid.residents.edges.some((e) => e.node.elderlyCare)).toBe(true);
    // community: the grid and the page of residents; elderly care: records, last visits, meal plans, the audit insert.
    expect(statements).toBeLessThanOrEqual(6);
  });

  it('costs the same for 10 elders as for 100', async () => {
    const ten = await statementsOf(world.stack, () => gateway(world.token.gridWorker)(ELDERS.replace('first: 100', 'first: 10')));
    const hundred = await statementsOf(world.stack, () => gateway(world.token.gridWorker)(ELDERS));
    expect(hundred.statements).toBe(ten.statements);
  });
});

describe('the seed', () => {
  it('does nothing when run again', async () => {
    const before = await rowCount(world.stack, elderlyProfiles);
    expect(await elderlyCareSubgraph.seed(world.stack.handle.db)).toEqual({ profiles: 0 });
    expect(await rowCount(world.stack, elderlyProfiles)).toBe(before);
  });

  it('copies the household, grid and community that community holds for the elder', async () => {
    const { residentId } = await givenElder(world.stack);
    const { resident } = dataOf(
      await gateway(world.token.admin)<{ resident: { household: { id: string }; grid: { id: string; community: { id: string } } } }>(
        `query($id: ID!) { resident(id: $id) { household { id } grid { id community { id } } } }`,
        { id: residentId },
      ),
    );
    const [elder] = await world.stack.handle.db.select().from(elderlyProfiles).where(eq(elderlyProfiles.residentId, residentId));
    expect(elder).toMatchObject({ householdId: resident.household.id, gridId: resident.grid.id, communityId: resident.grid.community.id });
  });
});

describe('with elderly care stopped', () => {
  // The README's second GraphQL example, as written there, so the two cannot drift apart.
  /** The README's example that reaches community and elderly care in one request. */
  const README_EXAMPLE = [...readFileSync(path.join(__dirname, '..', '..', 'README.md'), 'utf8').matchAll(/```graphql\n([\s\S]*?)```/g)]
    .map((match) => match[1]!)
    .find((block) => block.includes('elderlyCare') && block.includes('overdueVisits'))!;

  it("answers the README's example with community's data and one SUBGRAPH_UNAVAILABLE error for elderly care", async () => {
    expect(README_EXAMPLE).toContain('elderlyCare');
    // A stack of its own, so stopping elderly care here disturbs no other test.
    const stack = await startTestStack([communitySubgraph, elderlyCareSubgraph]);
    try {
      await stack.subgraphs['elderly-care']!.stop();
      const { admin } = await personas();
      const response = await client(stack.gateway.url, admin)<{ resident: { name: string; grid: { community: { name: string } }; elderlyCare: unknown } }>(README_EXAMPLE);
      expect(response.errors?.map((e) => [e.extensions?.code, e.extensions?.serviceName])).toEqual([['SUBGRAPH_UNAVAILABLE', 'elderly-care']]);
      expect(response.data!.resident).toMatchObject({ name: expect.any(String), grid: { community: { name: '东湖社区' } }, elderlyCare: null });
      // Elderly care's root field, if the example asks one, is null beside community's data.
      expect(Object.values(response.data!).filter((value) => value === null).length).toBe(Object.keys(response.data!).length - 1);
    } finally {
      await stack.stop();
    }
  }, 180_000);
});
