import { and, eq, sql } from 'drizzle-orm';
import { ELDERLY_CARE_DEMO_IDS } from '../../services/elderly-care/demo';
import { capabilityAssessments, careVisits, elderlyProfiles, homeModifications, mealOrders } from '../../services/elderly-care/tables';
import { client, dataOf, rowCount, USER_ERRORS, userErrorOf, type UserErrorValue } from '../support/graphql';
import { eldersWithoutMealPlan, todayPlus, useElderlyCareStack } from './fixtures';
import { givenElder } from '../support/elders';
import { DEMO_IDS } from '../../services/demo';

/** Creates sent again with their idempotencyKey create nothing more (issue 13): a retry gets the first result. */
const world = useElderlyCareStack();
const asWorker = <T>(query: string, variables?: Record<string, unknown>) => client(world.stack.gateway.url, world.token.gridWorker)<T>(query, variables);

type Payload<K extends string, E> = { [key in K]: (E & { id: string }) | null } & { userErrors: UserErrorValue[] };

describe('placeMealOrder with an idempotencyKey', () => {
  const ORDER = `mutation($input: PlaceMealOrderInput!) { placeMealOrder(input: $input) { mealOrder { id elderPaysCents governmentSubsidyCents } ${USER_ERRORS} } }`;
  type Ordered = { placeMealOrder: Payload<'mealOrder', { elderPaysCents: number; governmentSubsidyCents: number }> };

  it('orders and bills once when sent twice, and answers another order with the same key with a CONFLICT', async () => {
    const [{ residentId, id: profileId }] = await eldersWithoutMealPlan(world.stack, 1);
    dataOf(
      await asWorker(`mutation($input: EnrollMealPlanInput!) { enrollMealPlan(input: $input) { mealPlan { id } ${USER_ERRORS} } }`, {
        input: { residentId, mealPointId: ELDERLY_CARE_DEMO_IDS.canteen, mode: 'DINE_IN' },
      }),
    );
    const servedOn = todayPlus(2);
    const input = { residentId, servedOn, idempotencyKey: 'lunch-once' };
    const first = dataOf(await asWorker<Ordered>(ORDER, { input: { ...input, clientMutationId: 'first' } })).placeMealOrder;
    const retry = dataOf(await asWorker<Ordered>(ORDER, { input: { ...input, clientMutationId: 'retry' } })).placeMealOrder;
    expect(first.userErrors).toEqual([]);
    // The same order, priced as it was: the retry is not a second meal of the day (which would pay more).
    expect(retry).toEqual({ ...first, clientMutationId: 'retry' });
    const orders = and(eq(mealOrders.profileId, profileId), eq(mealOrders.servedOn, servedOn));
    expect(await rowCount(world.stack, mealOrders, orders)).toBe(1);

    const other = dataOf(await asWorker<Ordered>(ORDER, { input: { ...input, servedOn: todayPlus(3) } })).placeMealOrder;
    expect(other.mealOrder).toBeNull();
    expect(userErrorOf(other, 'CONFLICT').field).toEqual(['input', 'idempotencyKey']);
    expect(await rowCount(world.stack, mealOrders, eq(mealOrders.profileId, profileId))).toBe(1);

    // Without a key, two requests are two orders.
    for (let i = 0; i < 2; i++) expect(dataOf(await asWorker<Ordered>(ORDER, { input: { residentId, servedOn: todayPlus(4) } })).placeMealOrder.userErrors).toEqual([]);
    expect(await rowCount(world.stack, mealOrders, eq(mealOrders.profileId, profileId))).toBe(3);
  });
});

describe('the other creates with an idempotencyKey', () => {
  it('record one care visit, one home modification and one assessment for concurrent retries', async () => {
    const elder = await givenElder(world.stack, sql`${elderlyProfiles.careTags} = '{}'`);
    const visit = { residentId: elder.residentId, visitorId: DEMO_IDS.fullTimeWorker, kind: 'ROUTINE', visitedAt: new Date(Date.now() - 60_000).toISOString(), idempotencyKey: 'visit-1' };
    const modification = {
      residentId: elder.residentId,
      items: [{ category: 'FLOOR', tier: 'BASIC', description: '扶手', costCents: 30000, subsidyCents: 20000 }],
      idempotencyKey: 'modification-1',
    };
    const assessment = { residentId: elder.residentId, selfCare: 20, mobility: 10, mentalState: 10, perceptionSocial: 5, idempotencyKey: 'assessment-1' };
    const sendAll = () =>
      Promise.all([
        asWorker<{ recordCareVisit: Payload<'visit', object> }>(`mutation($input: RecordCareVisitInput!) { recordCareVisit(input: $input) { visit { id } ${USER_ERRORS} } }`, { input: visit }),
        asWorker<{ requestHomeModification: Payload<'homeModification', object> }>(
          `mutation($input: RequestHomeModificationInput!) { requestHomeModification(input: $input) { homeModification { id } ${USER_ERRORS} } }`,
          { input: modification },
        ),
        asWorker<{ recordAssessment: Payload<'assessment', object> }>(`mutation($input: RecordAssessmentInput!) { recordAssessment(input: $input) { assessment { id } ${USER_ERRORS} } }`, {
          input: assessment,
        }),
      ]);
    const count = async () =>
      Promise.all([
        rowCount(world.stack, careVisits, eq(careVisits.profileId, elder.id)),
        rowCount(world.stack, homeModifications, eq(homeModifications.profileId, elder.id)),
        rowCount(world.stack, capabilityAssessments, eq(capabilityAssessments.profileId, elder.id)),
      ]);
    const before = await count();
    const answers = await Promise.all(Array.from({ length: 5 }, sendAll));
    const ids = answers.map(([v, m, a]) => [dataOf(v).recordCareVisit.visit?.id, dataOf(m).requestHomeModification.homeModification?.id, dataOf(a).recordAssessment.assessment?.id]);
    for (const column of [0, 1, 2]) expect(new Set(ids.map((row) => row[column])).size).toBe(1);
    expect(await count()).toEqual(before.map((n) => n + 1));
  });
});
