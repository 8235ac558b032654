import { and, eq, inArray, sql } from 'drizzle-orm';
import { buildings, households, residents } from '../../services/community/tables';
import { DEMO_IDS } from '../../services/demo';
import { ELDERLY_CARE_DEMO_IDS } from '../../services/elderly-care/demo';
import { careVisits, elderlyProfiles, mealOrders, mealPlans } from '../../services/elderly-care/tables';
import { addDays, dayOf } from '../../services/kit/dates';
import { client, dataOf, USER_ERRORS, userErrorOf, type UserErrorValue } from '../support/graphql';
import { givenElder } from '../support/elders';
import { testConfig } from '../support/stack';
import { caughtUp, communityClient, householdElsewhere, until, useFeedStack } from './fixtures';

/**
 * Elderly care's copies follow the resident (issue 8): community's changes reach elderly care's lists through the
 * change feed, within the pull interval, as a client sees them through the gateway.
 */
const world = useFeedStack();
const asAdmin = <T>(query: string, variables?: Record<string, unknown>) => client(world.stack.gateway.url, world.token.admin)<T>(query, variables);

interface OverduePage {
  overdueVisits: { edges: { node: { id: string; livingArrangement: string } }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } };
}
/** Every elder on a grid's overdue-visit list, as an admin reads it through the gateway. */
async function overdueIn(gridId: string): Promise<{ id: string; livingArrangement: string }[]> {
  const elders: { id: string; livingArrangement: string }[] = [];
  for (let after: string | null = null; ; ) {
    const page: OverduePage = dataOf(
      await asAdmin<OverduePage>(
        `query($gridId: ID!, $after: String) { overdueVisits(gridId: $gridId, first: 100, after: $after) { edges { node { id livingArrangement } } pageInfo { hasNextPage endCursor } } }`,
        { gridId, after },
      ),
    );
    elders.push(...page.overdueVisits.edges.map((edge) => edge.node));
    if (!page.overdueVisits.pageInfo.hasNextPage) return elders;
    after = page.overdueVisits.pageInfo.endCursor;
  }
}

const versionOf = async (residentId: string) =>
  (await world.stack.handle.db.select({ version: residents.version }).from(residents).where(eq(residents.id, residentId)))[0]!.version;

describe('a move reaches elderly care', () => {
  it("puts an elder living alone on the new grid's overdue-visit list and off the old one's, within the pull interval", async () => {
    const alone = (await overdueIn(DEMO_IDS.grid)).filter((elder) => elder.livingArrangement === 'ALONE');
    expect(alone.length).toBeGreaterThan(0);
    const elderId = alone.at(-1)!.id;
    const [{ residentId }] = await world.stack.handle.db.select({ residentId: elderlyProfiles.residentId }).from(elderlyProfiles).where(eq(elderlyProfiles.id, elderId));
    const target = await householdElsewhere(world.stack);
    expect((await overdueIn(target.gridId)).map((e) => e.id)).not.toContain(elderId);

    await communityClient(world.stack, world.token.admin).move(residentId!, await versionOf(residentId!), target.householdId);
    const took = await until(async () => {
      const [inNew, inOld] = await Promise.all([overdueIn(target.gridId), overdueIn(DEMO_IDS.grid)]);
      return inNew.some((e) => e.id === elderId) && !inOld.some((e) => e.id === elderId);
    });
    expect(took).toBeLessThanOrEqual(testConfig.changeFeedIntervalMs + 1000);

    // The whole copy moved: household, grid and the grid's community, as community now has them.
    const { resident } = dataOf(
      await asAdmin<{ resident: { household: { id: string }; grid: { id: string; community: { id: string } } } }>(
        `query($id: ID!) { resident(id: $id) { household { id } grid { id community { id } } } }`,
        { id: residentId },
      ),
    );
    const [copy] = await world.stack.handle.db.select().from(elderlyProfiles).where(eq(elderlyProfiles.id, elderId));
    expect(copy).toMatchObject({ householdId: resident.household.id, gridId: resident.grid.id, communityId: resident.grid.community.id });
    expect(resident.household.id).toBe(target.householdId);
  });
});

describe('a tag change reaches elderly care', () => {
  it('changes the care tags, and so the visit interval', async () => {
    const elder = await givenElder(world.stack, sql`${elderlyProfiles.careTags} = '{}'`);
    const query = `query($id: ID!) { resident(id: $id) { elderlyCare { careTags visitIntervalDays version } } }`;
    type Care = { resident: { elderlyCare: { careTags: string[]; visitIntervalDays: number; version: number } } };
    const before = dataOf(await asAdmin<Care>(query, { id: elder.residentId })).resident.elderlyCare;
    expect(before.visitIntervalDays).toBe(30);

    // VETERAN is not a care tag: elderly care keeps the ones it uses.
    await communityClient(world.stack, world.token.admin).retag(elder.residentId, await versionOf(elder.residentId), ['LIVES_ALONE', 'VETERAN']);
    await caughtUp(world.stack);
    const after = dataOf(await asAdmin<Care>(query, { id: elder.residentId })).resident.elderlyCare;
    expect(after).toEqual({ careTags: ['LIVES_ALONE'], visitIntervalDays: 7, version: before.version + 1 });
  });
});

describe('a building moving to another grid reaches elderly care', () => {
  it('moves every elder of the building to the new grid and its community', async () => {
    // A building of grid-001 with elders, not the pinned elder's.
    const [building] = await world.stack.handle.db
      .select({ id: households.buildingId, elders: sql<number>`count(*)`.mapWith(Number) })
      .from(elderlyProfiles)
      .innerJoin(households, eq(households.id, elderlyProfiles.householdId))
      .innerJoin(buildings, eq(buildings.id, households.buildingId))
      .where(and(eq(buildings.gridId, DEMO_IDS.grid), sql`${households.buildingId} <> (select building_id from community.households where id = ${DEMO_IDS.household})`))
      .groupBy(households.buildingId)
      .orderBy(sql`count(*) desc`)
      .limit(1);
    const target = await householdElsewhere(world.stack);
    const { reassignBuilding } = dataOf(
      await asAdmin<{ reassignBuilding: { building: { grid: { id: string; community: { id: string } } } | null; userErrors: UserErrorValue[] } }>(
        `mutation($input: ReassignBuildingInput!) { reassignBuilding(input: $input) { building { grid { id community { id } } } ${USER_ERRORS} } }`,
        { input: { buildingId: building!.id, gridId: target.gridId } },
      ),
    );
    expect(reassignBuilding.userErrors).toEqual([]);
    await caughtUp(world.stack);
    const dwellings = world.stack.handle.db.select({ id: households.id }).from(households).where(eq(households.buildingId, building!.id));
    const copies = await world.stack.handle.db
      .select({ gridId: elderlyProfiles.gridId, communityId: elderlyProfiles.communityId })
      .from(elderlyProfiles)
      .where(inArray(elderlyProfiles.householdId, dwellings));
    expect(copies).toHaveLength(building!.elders);
    expect(new Set(copies.map((c) => `${c.gridId}/${c.communityId}`))).toEqual(new Set([`${target.gridId}/${reassignBuilding.building!.grid.community.id}`]));
  });
});

describe('a deregistration reaches elderly care', () => {
  it('closes the elder record: off the lists, meal plan paused, meals to come cancelled, new orders refused, history kept', async () => {
    // An elder of grid-001 enrolled at the canteen, with a meal ordered for tomorrow.
    const elder = await givenElder(world.stack, sql`not exists (select 1 from ${mealPlans} where ${mealPlans.profileId} = ${elderlyProfiles.id})`);
    const act = client(world.stack.gateway.url, world.token.gridWorker);
    const order = async (servedOn: string) =>
      dataOf(
        await act<{ placeMealOrder: { mealOrder: { id: string } | null; userErrors: UserErrorValue[] } }>(
          `mutation($input: PlaceMealOrderInput!) { placeMealOrder(input: $input) { mealOrder { id } ${USER_ERRORS} } }`,
          { input: { residentId: elder.residentId, servedOn } },
        ),
      ).placeMealOrder;
    dataOf(
      await act(`mutation($input: EnrollMealPlanInput!) { enrollMealPlan(input: $input) { mealPlan { id } ${USER_ERRORS} } }`, {
        input: { residentId: elder.residentId, mealPointId: ELDERLY_CARE_DEMO_IDS.canteen, mode: 'DINE_IN' },
      }),
    );
    const tomorrow = addDays(dayOf(new Date()), 1);
    expect((await order(tomorrow)).userErrors).toEqual([]);
    const eldersServed = async () =>
      dataOf(await asAdmin<{ mealPoint: { eldersServed: number } }>(`{ mealPoint(id: "${ELDERLY_CARE_DEMO_IDS.canteen}") { eldersServed } }`)).mealPoint.eldersServed;
    const servedBefore = await eldersServed();
    const eldersOfGrid = async () =>
      dataOf(await asAdmin<{ elders: { totalCount: number } }>(`{ elders(filter: { gridId: "${DEMO_IDS.grid}" }, first: 1) { totalCount } }`)).elders.totalCount;
    const eldersBefore = await eldersOfGrid();
    const visitsBefore = (await world.stack.handle.db.select({ id: careVisits.id }).from(careVisits).where(eq(careVisits.profileId, elder.id))).length;

    await communityClient(world.stack, world.token.gridWorker).deregister(elder.residentId, await versionOf(elder.residentId), 'DECEASED');
    await caughtUp(world.stack);

    const { resident } = dataOf(
      await asAdmin<{
        resident: {
          deregisteredAt: string | null;
          deregistrationReason: string | null;
          elderlyCare: { isActive: boolean; closedAt: string | null; mealPlan: { pausedAt: string | null }; mealOrders: { edges: { node: { servedOn: string; status: string } }[] }; visits: { totalCount: number } };
        };
      }>(
        `query($id: ID!) { resident(id: $id) { deregisteredAt deregistrationReason elderlyCare {
          isActive closedAt mealPlan { pausedAt } mealOrders(first: 10) { edges { node { servedOn status } } } visits(first: 1) { totalCount } } } }`,
        { id: elder.residentId },
      ),
    );
    expect(resident).toMatchObject({ deregisteredAt: expect.any(String), deregistrationReason: 'DECEASED' });
    expect(resident.elderlyCare).toMatchObject({ isActive: false, closedAt: resident.deregisteredAt, mealPlan: { pausedAt: resident.deregisteredAt } });
    expect(resident.elderlyCare.mealOrders.edges.map((e) => e.node)).toContainEqual({ servedOn: tomorrow, status: 'CANCELLED' });
    expect(resident.elderlyCare.visits.totalCount).toBe(visitsBefore);

    expect((await overdueIn(DEMO_IDS.grid)).map((e) => e.id)).not.toContain(elder.id);
    expect(await eldersOfGrid()).toBe(eldersBefore - 1);
    expect(await eldersServed()).toBe(servedBefore - 1);
    const refused = await order(addDays(tomorrow, 1));
    expect(userErrorOf(refused, 'BAD_USER_INPUT').message).toContain('closed');
    expect((await world.stack.handle.db.select({ id: mealOrders.id }).from(mealOrders).where(eq(mealOrders.profileId, elder.id))).length).toBe(1);
  });
});
