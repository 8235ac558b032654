import { and, eq } from 'drizzle-orm';
import { DEMO_IDS } from '../../services/demo';
import { residents } from '../../services/community/tables';
import { ELDERLY_CARE_DEMO_IDS } from '../../services/elderly-care/demo';
import { mealOrders } from '../../services/elderly-care/tables';
import { client, dataOf, rowCount, USER_ERRORS, type UserErrorValue } from '../support/graphql';
import { eldersWithoutMealPlan, todayPlus, useElderlyCareStack } from '../elderly-care/fixtures';

/**
 * Hundreds of writes at once through the gateway, on PostgreSQL's pool (real concurrency): stale versions lose,
 * retried creates create once, and the database holds exactly what it should. (Votes: test/housing/concurrency.test.ts,
 * 400 votes of 300 households; alarms: test/safety/mutations.test.ts, 50 calls with one key.)
 */
const onPostgres = process.env.DATABASE_URL ? describe : describe.skip;
const world = useElderlyCareStack();
const CONCURRENT = 200;

onPostgres('hundreds of concurrent writes', () => {
  it('lets exactly one of 200 updates with the same expectedVersion win; the others get CONFLICT with the new version', async () => {
    const asAdmin = client(world.stack.gateway.url, world.token.admin);
    const [before] = await world.stack.handle.db.select().from(residents).where(eq(residents.id, DEMO_IDS.elderLivingAlone));
    type Updated = { updateResident: { resident: { name: string; version: number } | null; userErrors: UserErrorValue[] } };
    const UPDATE = `mutation($input: UpdateResidentInput!) { updateResident(input: $input) { resident { name version } ${USER_ERRORS} } }`;
    const answers = await Promise.all(
      Array.from({ length: CONCURRENT }, (_, i) =>
        asAdmin<Updated>(UPDATE, { input: { id: DEMO_IDS.elderLivingAlone, expectedVersion: before!.version, phone: `1380000${String(i).padStart(4, '0')}` } }),
      ),
    );
    const payloads = answers.map((answer) => dataOf(answer).updateResident);
    const won = payloads.filter((payload) => payload.resident);
    expect(won).toHaveLength(1);
    const lost = payloads.filter((payload) => !payload.resident);
    expect(lost).toHaveLength(CONCURRENT - 1);
    for (const payload of lost) expect(payload.userErrors).toEqual([expect.objectContaining({ code: 'CONFLICT', currentVersion: before!.version + 1 })]);

    const [after] = await world.stack.handle.db.select().from(residents).where(eq(residents.id, DEMO_IDS.elderLivingAlone));
    expect(after!.version).toBe(before!.version + 1);
    expect(won[0]!.resident!.version).toBe(after!.version);
    process.stdout.write(`updateResident x${CONCURRENT}, one expectedVersion: 1 written (phone ${after!.phone}), ${lost.length} CONFLICT\n`);
  });

  it('places one meal order, billed once, for 200 simultaneous retries with one idempotencyKey', async () => {
    const asWorker = client(world.stack.gateway.url, world.token.gridWorker);
    const [{ residentId, id: profileId }] = await eldersWithoutMealPlan(world.stack, 1);
    dataOf(
      await asWorker(`mutation($input: EnrollMealPlanInput!) { enrollMealPlan(input: $input) { mealPlan { id } ${USER_ERRORS} } }`, {
        input: { residentId, mealPointId: ELDERLY_CARE_DEMO_IDS.canteen, mode: 'DINE_IN' },
      }),
    );
    type Ordered = { placeMealOrder: { mealOrder: { id: string; elderPaysCents: number } | null; userErrors: UserErrorValue[] } };
    const ORDER = `mutation($input: PlaceMealOrderInput!) { placeMealOrder(input: $input) { mealOrder { id elderPaysCents } ${USER_ERRORS} } }`;
    const input = { residentId, servedOn: todayPlus(2), idempotencyKey: 'lunch-storm' };
    const answers = await Promise.all(Array.from({ length: CONCURRENT }, () => asWorker<Ordered>(ORDER, { input })));
    const orders = answers.map((answer) => dataOf(answer).placeMealOrder);
    for (const order of orders) expect(order.userErrors).toEqual([]);
    expect(new Set(orders.map((order) => order.mealOrder!.id)).size).toBe(1);
    expect(new Set(orders.map((order) => order.mealOrder!.elderPaysCents)).size).toBe(1);
    const stored = await rowCount(world.stack, mealOrders, and(eq(mealOrders.profileId, profileId), eq(mealOrders.servedOn, input.servedOn)));
    expect(stored).toBe(1);
    process.stdout.write(`placeMealOrder x${CONCURRENT}, one idempotencyKey: ${stored} order stored\n`);
  });
});
