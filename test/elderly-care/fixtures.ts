import { and, count, eq, sql, type SQL } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import { communitySubgraph } from '../../services/community';
import { DEMO_IDS } from '../../services/demo';
import { elderlyCareSubgraph } from '../../services/elderly-care';
import { addDays, dayOf } from '../../services/elderly-care/rules/meal-pricing';
import { elderlyProfiles, mealPlans } from '../../services/elderly-care/tables';
import { postGraphQL, startTestStack, tokenFor, type GraphQLResponse, type TestStack } from '../support/stack';


/** Tokens of the people the tests act as. */
export const tokens = async () => ({
  admin: await tokenFor({ roles: ['admin'] }),
  /** The full-time worker of the pinned elder's grid. */
  gridWorker: await tokenFor({ sub: `worker:${DEMO_IDS.fullTimeWorker}`, roles: ['grid_worker'], gridIds: [DEMO_IDS.grid] }),
  careWorker: await tokenFor({ sub: 'care:grid-001', roles: ['care_worker'], gridIds: [DEMO_IDS.grid] }),
  otherGridWorker: await tokenFor({ sub: 'worker:other', roles: ['grid_worker'], gridIds: ['grid-002'] }),
  elder: await tokenFor({ sub: `resident:${DEMO_IDS.elderLivingAlone}`, roles: ['resident'], residentId: DEMO_IDS.elderLivingAlone }),
  housingOfficer: await tokenFor({ roles: ['housing_officer'] }),
});
export type Tokens = Awaited<ReturnType<typeof tokens>>;

/**
 * Community and elderly-care behind a gateway over one fresh database, for the test file: started before its tests,
 * stopped after. Read `world.stack` and `world.token` inside tests.
 */
export function useElderlyCareStack(): { stack: TestStack; token: Tokens } {
  const world = {} as { stack: TestStack; token: Tokens };
  beforeAll(async () => {
    world.stack = await startTestStack([communitySubgraph, elderlyCareSubgraph]);
    world.token = await tokens();
  }, 180_000);
  afterAll(() => world.stack?.stop());
  return world;
}

/** A client of one endpoint as one viewer. */
export const client =
  (url: string, token?: string, headers?: Record<string, string>) =>
  <T = any>(query: string, variables: Record<string, unknown> = {}): Promise<GraphQLResponse<T>> =>
    postGraphQL<T>(url, query, variables, { token, headers });

/** The data of a response that must have no errors. */
export function dataOf<T>(response: GraphQLResponse<T>): T {
  expect(response.errors).toBeUndefined();
  return response.data!;
}

/** The one error of a response, expecting its code. */
export function errorOf(response: GraphQLResponse, code: string) {
  expect(response.errors?.map((e) => e.extensions?.code)).toEqual([code]);
  return response.errors![0]!;
}

export async function rowCount(stack: TestStack, table: PgTable, where?: SQL): Promise<number> {
  const [row] = await stack.handle.db.select({ n: count() }).from(table).where(where);
  return row!.n;
}

/** SQL statements a request issues, through drizzle, over every subgraph of the stack. */
export async function statementsOf<T>(stack: TestStack, request: () => Promise<T>): Promise<{ result: T; statements: number }> {
  const before = stack.handle.statements.count;
  const result = await request();
  return { result, statements: stack.handle.statements.count - before };
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
