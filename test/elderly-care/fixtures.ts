import { and, eq, sql, type SQL } from 'drizzle-orm';
import { communitySubgraph } from '../../services/community';
import { DEMO_IDS } from '../../services/demo';
import { elderlyCareSubgraph } from '../../services/elderly-care';
import { addDays, dayOf } from '../../services/elderly-care/rules/meal-pricing';
import { elderlyProfiles, mealPlans } from '../../services/elderly-care/tables';
import { startTestStack, type TestStack } from '../support/stack';
import { personas, type Personas } from '../support/personas';
export { client, dataOf, errorOf, rowCount, statementsOf } from '../support/graphql';


/**
 * Community and elderly-care behind a gateway over one fresh database, for the test file: started before its tests,
 * stopped after. Read `world.stack` and `world.token` inside tests.
 */
export function useElderlyCareStack(): { stack: TestStack; token: Personas } {
  const world = {} as { stack: TestStack; token: Personas };
  beforeAll(async () => {
    world.stack = await startTestStack([communitySubgraph, elderlyCareSubgraph]);
    world.token = await personas();
  }, 180_000);
  afterAll(() => world.stack?.stop());
  return world;
}

/**
 * Elders of grid-001 (so the grid-worker token may act for them) matching `where`, skipping the pinned elder whom
 * other tests read: each test takes its own so tests do not disturb one another.
 */
export async function eldersOfGrid(stack: TestStack, where?: SQL, limit = 1): Promise<{ residentId: string; id: string }[]> {
  return await stack.handle.db
    .select({ residentId: elderlyProfiles.residentId, id: elderlyProfiles.id })
    .from(elderlyProfiles)
    .where(and(eq(elderlyProfiles.gridId, DEMO_IDS.grid), sql`${elderlyProfiles.residentId} <> ${DEMO_IDS.elderLivingAlone}`, where))
    .orderBy(sql`${elderlyProfiles.residentId} desc`)
    .limit(limit);
}

/** Elders of grid-001 without a meal plan. */
export const eldersWithoutMealPlan = (stack: TestStack, limit: number) =>
  eldersOfGrid(stack, sql`not exists (select 1 from ${mealPlans} where ${mealPlans.profileId} = ${elderlyProfiles.id})`, limit);

export const PROFILE_FIELDS = 'capabilityLevel livingArrangement mealPlan { point { name } } lastVisit { visitedAt }';

/** Today (UTC) plus `days`, YYYY-MM-DD. */
export const todayPlus = (days: number) => addDays(dayOf(new Date()), days);
