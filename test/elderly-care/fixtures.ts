import { sql } from 'drizzle-orm';
import { communitySubgraph } from '../../services/community';
import { elderlyCareSubgraph } from '../../services/elderly-care';
import { addDays, dayOf } from '../../services/kit/dates';
import { elderlyProfiles, mealPlans } from '../../services/elderly-care/tables';
import { givenElders } from '../support/elders';
import { personas, type Personas } from '../support/personas';
import { startTestStack, type TestStack } from '../support/stack';

/**
 * Community and elderly care behind a gateway over one fresh database, for the test file: started before its tests,
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

/** Demo elders of grid-001 without a meal plan. */
export const eldersWithoutMealPlan = (stack: Pick<TestStack, 'handle'>, limit: number) =>
  givenElders(stack, limit, sql`not exists (select 1 from ${mealPlans} where ${mealPlans.profileId} = ${elderlyProfiles.id})`);

/** What an overview asks of an elder: the fields whose batching the statement counts check. */
export const ELDER_FIELDS = 'capabilityLevel livingArrangement mealPlan { point { name } } lastVisit { visitedAt }';

/** The shape of ELDER_FIELDS' answer. */
export interface ElderOverview {
  capabilityLevel: string | null;
  livingArrangement: string;
  mealPlan: { point: { name: string } } | null;
  lastVisit: { visitedAt: string } | null;
}

/** Today (UTC) plus `days`, YYYY-MM-DD. */
export const todayPlus = (days: number) => addDays(dayOf(new Date()), days);

/** A page of a connection, as the tests select it. */
export interface Page<T> {
  totalCount?: number;
  pageInfo?: { hasNextPage: boolean; endCursor: string | null };
  edges: { cursor?: string; node: T }[];
}
