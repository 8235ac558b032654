import { eq } from 'drizzle-orm';
import { DEMO_IDS } from '../../services/demo';
import { elderlyCareSubgraph } from '../../services/elderly-care';
import { ELDERLY_CARE_DEMO_IDS } from '../../services/elderly-care/demo';
import { elderlyProfiles } from '../../services/elderly-care/tables';
import {
  client,
  dataOf,
  eldersOfGrid,
  eldersWithoutMealPlan,
  PROFILE_FIELDS,
  rowCount,
  statementsOf,
  todayPlus,
  useElderlyCareStack,
} from './fixtures';

const world = useElderlyCareStack();

const gateway = (bearer?: string) => client(world.stack.gateway.url, bearer);

const OVERVIEW = `query Overview($id: ID!) {
  resident(id: $id) {
    id name age
    household { address }
    grid { name community { name } }
    elderlyCare { ${PROFILE_FIELDS} }
  }
}`;

describe('one request through the gateway', () => {
  it("returns a resident's name, household and grid with their elderly care", async () => {
    const { resident } = dataOf(await gateway(world.token.gridWorker)(OVERVIEW, { id: DEMO_IDS.elderLivingAlone }));
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
      await gateway(world.token.admin)(`{ residents(filter: { maxAge: 40, gridId: "${DEMO_IDS.grid}" }, first: 5) { edges { node { age elderlyCare { livingArrangement } } } } }`),
    );
    expect(residents.edges.length).toBeGreaterThan(0);
    for (const { node } of residents.edges) expect(node.elderlyCare).toBeNull();
  });

  it('lists the meal points of a community to anyone, signed in or not', async () => {
    const { community, mealPoints } = dataOf(
      await gateway()(`{ community(id: "community-01") { name mealPoints { id name serviceRadiusM eldersServed communities { name } } } mealPoints { id } }`),
    );
    expect(community.name).toBe('东湖社区');
    const canteen = community.mealPoints.find((p: { id: string }) => p.id === ELDERLY_CARE_DEMO_IDS.canteen);
    expect(canteen).toMatchObject({ serviceRadiusM: 500 });
    expect(canteen.eldersServed).toBeGreaterThan(6000);
    expect(canteen.communities.length).toBeGreaterThanOrEqual(10);
    expect(mealPoints.length).toBeGreaterThanOrEqual(4);
  });
});

describe('writes through the gateway, visible in the next query', () => {
  it('records an assessment, places a meal order and records a visit', async () => {
    const [elder] = await eldersWithoutMealPlan(world.stack, 1);
    const { residentId } = elder!;
    const act = gateway(world.token.gridWorker);

    const { recordAssessment } = dataOf(
      await act(`mutation($input: RecordAssessmentInput!) { recordAssessment(input: $input) { total level } }`, {
        input: { residentId, selfCare: 20, mobility: 10, mentalState: 10, perceptionSocial: 5 },
      }),
    );
    expect(recordAssessment).toEqual({ total: 45, level: 'SEVERE' });

    dataOf(
      await act(`mutation($input: EnrollMealPlanInput!) { enrollMealPlan(input: $input) { point { id } } }`, {
        input: { residentId, mealPointId: ELDERLY_CARE_DEMO_IDS.canteen, mode: 'DINE_IN' },
      }),
    );
    const servedOn = todayPlus(2);
    const { placeMealOrder } = dataOf(
      await act(`mutation($input: PlaceMealOrderInput!) { placeMealOrder(input: $input) { id servedOn status listPriceCents elderPaysCents } }`, {
        input: { residentId, servedOn },
      }),
    );
    expect(placeMealOrder).toMatchObject({ servedOn, status: 'ORDERED', listPriceCents: 1500 });

    const visitedAt = new Date(Date.now() - 60_000).toISOString();
    dataOf(
      await act(`mutation($input: RecordCareVisitInput!) { recordCareVisit(input: $input) { id } }`, {
        input: { residentId, visitorId: DEMO_IDS.fullTimeWorker, kind: 'ROUTINE', visitedAt, findings: '一切正常' },
      }),
    );

    const { resident } = dataOf(
      await act(
        `query($id: ID!) { resident(id: $id) { name elderlyCare { ${PROFILE_FIELDS} visitOverdue mealOrders { id } lastVisit { findings visitor { name } } } } }`,
        { id: residentId },
      ),
    );
    expect(resident.elderlyCare).toMatchObject({
      capabilityLevel: 'SEVERE',
      mealPlan: { point: { name: '东湖颐乐老年食堂' } },
      lastVisit: { visitedAt, findings: '一切正常', visitor: { name: expect.any(String) } },
      visitOverdue: false,
      mealOrders: expect.arrayContaining([{ id: placeMealOrder.id }]),
    });
  });
});

describe('SQL statements are bounded by the query, not by the list', () => {
  const ELDERS = `{ elders(filter: { gridId: "${DEMO_IDS.grid}" }, first: 100) { edges { node { resident { name } ${PROFILE_FIELDS} } } } }`;

  it('lists 100 elders of a grid with their names, profiles and last visits in at most 5 statements', async () => {
    const { result, statements } = await statementsOf(world.stack, () => gateway(world.token.gridWorker)(ELDERS));
    const { elders } = dataOf(result);
    expect(elders.edges).toHaveLength(100);
    expect(elders.edges.every((e: { node: { resident: { name: string } } }) => e.node.resident.name)).toBe(true);
    // elderly-care: the page, last visits, meal plans with their points, the audit insert; community: the names.
    expect(statements).toBeLessThanOrEqual(5);
  });

  it('lists 100 residents of a grid with their elderly care in a bounded number of statements', async () => {
    const query = `{ grid(id: "${DEMO_IDS.grid}") { residents(first: 100) { edges { node { name elderlyCare { ${PROFILE_FIELDS} } } } } } }`;
    const { result, statements } = await statementsOf(world.stack, () => gateway(world.token.gridWorker)(query));
    const { grid } = dataOf(result);
    expect(grid.residents.edges).toHaveLength(100);
    expect(grid.residents.edges.some((e: { node: { elderlyCare: unknown } }) => e.node.elderlyCare)).toBe(true);
    // community: the grid and the page of residents; elderly-care: profiles, last visits, meal plans, the audit insert.
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


  it("copies the household, grid and community that community holds for the elder", async () => {
    const [{ residentId }] = await eldersOfGrid(world.stack);
    const { resident } = dataOf(
      await gateway(world.token.admin)(`query($id: ID!) { resident(id: $id) { household { id } grid { id community { id } } } }`, { id: residentId }),
    );
    const [profile] = await world.stack.handle.db.select().from(elderlyProfiles).where(eq(elderlyProfiles.residentId, residentId));
    expect(profile).toMatchObject({ householdId: resident.household.id, gridId: resident.grid.id, communityId: resident.grid.community.id });
  });
});
