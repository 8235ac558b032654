import { and, eq, ne, notInArray } from 'drizzle-orm';
import { communitySubgraph } from '../../services/community';
import { gridAssignments } from '../../services/community/tables';
import { DEMO_IDS } from '../../services/demo';
import { elderlyCareSubgraph } from '../../services/elderly-care';
import { ELDERLY_CARE_DEMO_IDS } from '../../services/elderly-care/demo';
import { loadMealOrderLimit } from '../../services/elderly-care/settings';
import { careVisits, elderlyProfiles, mealOrders } from '../../services/elderly-care/tables';
import { addDays, dayOf } from '../../services/kit/dates';
import { client, dataOf, rowCount, USER_ERRORS, type UserErrorValue } from '../support/graphql';
import { startTestStack, tokenFor, type TestStack } from '../support/stack';
import { expectNothingLeaked, expectRefused, MODES } from './hostile';

/**
 * Writes that trusted the caller (issue 12): a care visit recorded in anyone's name, one elder booking out a meal
 * point's day. Each case through the gateway AND directly at elderly care, in development and production mode.
 */
const VISIT = `mutation($input: RecordCareVisitInput!) { recordCareVisit(input: $input) { visit { id visitor { id } } ${USER_ERRORS} } }`;
type Visited = { recordCareVisit: { visit: { id: string; visitor: { id: string } | null } | null; userErrors: UserErrorValue[] } | null };

type Who = 'worker' | 'admin' | 'careWorker';
type VisitorOf = (ids: { self: string; colleague: string; elsewhere: string }) => string | undefined;
type Expected = { recorded: (ids: { self: string; colleague: string; elsewhere: string }) => string } | { refused: 'FORBIDDEN' } | { userError: 'NOT_FOUND' | 'BAD_USER_INPUT' };

/** One row per hostile (or honest) visit: who records it, whom the input names as visitor, what must happen. */
const VISIT_CASES: [string, Who, VisitorOf, Expected][] = [
  ['a grid worker omitting visitorId records their own visit', 'worker', () => undefined, { recorded: (ids) => ids.self }],
  ['a grid worker naming themselves records their own visit', 'worker', (ids) => ids.self, { recorded: (ids) => ids.self }],
  ["a grid worker naming a colleague of the same grid is refused (FORBIDDEN): not in someone else's name", 'worker', (ids) => ids.colleague, { refused: 'FORBIDDEN' }],
  ['a grid worker naming a non-existent worker is refused (FORBIDDEN)', 'worker', () => 'worker-nope', { refused: 'FORBIDDEN' }],
  ['a care worker (no grid worker of community) is refused (FORBIDDEN)', 'careWorker', () => undefined, { refused: 'FORBIDDEN' }],
  ["an admin naming the elder's grid worker records it on their behalf", 'admin', (ids) => ids.colleague, { recorded: (ids) => ids.colleague }],
  ['an admin naming a non-existent worker gets NOT_FOUND on visitorId', 'admin', () => 'worker-nope', { userError: 'NOT_FOUND' }],
  ["an admin naming a worker of another grid gets BAD_USER_INPUT on visitorId", 'admin', (ids) => ids.elsewhere, { userError: 'BAD_USER_INPUT' }],
  ['an admin naming no visitor gets BAD_USER_INPUT on visitorId', 'admin', () => undefined, { userError: 'BAD_USER_INPUT' }],
];

describe.each(MODES)('writes take the actor from the token (%s mode)', (_mode, config) => {
  let stack: TestStack;
  const ids = { self: DEMO_IDS.fullTimeWorker, colleague: '', elsewhere: '' };
  let tokens: Record<Who, string>;
  let profileId: string;
  beforeAll(async () => {
    stack = await startTestStack([communitySubgraph, elderlyCareSubgraph], { config });
    const [colleague] = await stack.handle.db
      .select({ id: gridAssignments.gridWorkerId })
      .from(gridAssignments)
      .where(and(eq(gridAssignments.gridId, DEMO_IDS.grid), ne(gridAssignments.gridWorkerId, DEMO_IDS.fullTimeWorker)))
      .limit(1);
    const ofGrid = stack.handle.db.select({ id: gridAssignments.gridWorkerId }).from(gridAssignments).where(eq(gridAssignments.gridId, DEMO_IDS.grid));
    const [elsewhere] = await stack.handle.db.select({ id: gridAssignments.gridWorkerId }).from(gridAssignments).where(notInArray(gridAssignments.gridWorkerId, ofGrid)).limit(1);
    ids.colleague = colleague!.id;
    ids.elsewhere = elsewhere!.id;
    tokens = {
      worker: await tokenFor({ sub: `worker:${DEMO_IDS.fullTimeWorker}`, roles: ['grid_worker'], gridIds: [DEMO_IDS.grid] }),
      admin: await tokenFor({ sub: 'admin:writes', roles: ['admin'] }),
      careWorker: await tokenFor({ sub: 'care:grid-001', roles: ['care_worker'], gridIds: [DEMO_IDS.grid] }),
    };
    const [elder] = await stack.handle.db.select({ id: elderlyProfiles.id }).from(elderlyProfiles).where(eq(elderlyProfiles.residentId, DEMO_IDS.elderLivingAlone));
    profileId = elder!.id;
  }, 300_000);
  afterAll(() => stack?.stop());

  const endpoints = ['gateway', 'elderly-care'] as const;
  const urlOf = (endpoint: (typeof endpoints)[number]) => (endpoint === 'gateway' ? stack.gateway.url : stack.subgraphs['elderly-care']!.url);

  describe.each(endpoints)('recordCareVisit via %s', (endpoint) => {
    it.each(VISIT_CASES)('%s', async (_case, who, visitorOf, expected) => {
      const visits = () => rowCount(stack, careVisits, eq(careVisits.profileId, profileId));
      const before = await visits();
      const visitorId = visitorOf(ids);
      const response = await client(urlOf(endpoint), tokens[who])<Visited>(VISIT, {
        input: { residentId: DEMO_IDS.elderLivingAlone, kind: 'ROUTINE', findings: '血压偏高', ...(visitorId ? { visitorId } : {}) },
      });
      if ('recorded' in expected) {
        const { recordCareVisit } = dataOf(response);
        expect(recordCareVisit!.userErrors).toEqual([]);
        const [stored] = await stack.handle.db.select({ visitorId: careVisits.visitorId }).from(careVisits).where(eq(careVisits.id, recordCareVisit!.visit!.id));
        expect(stored!.visitorId).toBe(expected.recorded(ids));
        expect(await visits()).toBe(before + 1);
        return;
      }
      if ('refused' in expected) {
        expectRefused(response, expected.refused, 200, ['血压偏高']);
        expect(response.data?.recordCareVisit ?? null).toBeNull();
      } else {
        expect(response.status).toBe(200);
        const { recordCareVisit } = dataOf(response);
        expect(recordCareVisit!.visit).toBeNull();
        expect(recordCareVisit!.userErrors).toEqual([expect.objectContaining({ code: expected.userError, field: ['input', 'visitorId'] })]);
        expectNothingLeaked(response, ['血压偏高']);
      }
      expect(await visits()).toBe(before);
    });
  });

  describe.each(endpoints)('meal orders per elder per day via %s', (endpoint) => {
    const ORDER = `mutation($input: PlaceMealOrderInput!) { placeMealOrder(input: $input) { mealOrder { id } ${USER_ERRORS} } }`;
    type Ordered = { placeMealOrder: { mealOrder: { id: string } | null; userErrors: UserErrorValue[] } };
    const ENROLL = `mutation($input: EnrollMealPlanInput!) { enrollMealPlan(input: $input) { mealPlan { id } ${USER_ERRORS} } }`;
    /** An elder of grid-001 enrolled at the canteen, a fresh day per case. */
    async function enrolledElder(offset: number) {
      const [elder] = await stack.handle.db
        .select({ residentId: elderlyProfiles.residentId, id: elderlyProfiles.id })
        .from(elderlyProfiles)
        .where(and(eq(elderlyProfiles.communityId, 'community-01')))
        .orderBy(elderlyProfiles.residentId)
        .offset(offset)
        .limit(1);
      dataOf(await client(stack.gateway.url, tokens.admin)(ENROLL, { input: { residentId: elder!.residentId, mealPointId: ELDERLY_CARE_DEMO_IDS.canteen, mode: 'DINE_IN' } }));
      return elder!;
    }

    it('a fourth meal for one elder and day is a CONFLICT userError on servedOn; three are stored', async () => {
      const elder = await enrolledElder(endpoint === 'gateway' ? 40 : 41);
      const servedOn = addDays(dayOf(new Date()), 6);
      const order = () => client(urlOf(endpoint), tokens.admin)<Ordered>(ORDER, { input: { residentId: elder.residentId, servedOn } });
      for (let i = 0; i < 3; i++) expect(dataOf(await order()).placeMealOrder.userErrors).toEqual([]);
      const refused = dataOf(await order()).placeMealOrder;
      expect(refused.mealOrder).toBeNull();
      expect(refused.userErrors).toEqual([expect.objectContaining({ code: 'CONFLICT', field: ['input', 'servedOn'] })]);
      expect(await rowCount(stack, mealOrders, and(eq(mealOrders.profileId, elder.id), eq(mealOrders.servedOn, servedOn)))).toBe(3);
    });

    it('eight orders at once for one elder and day store exactly three (the elder row lock serialises the count)', async () => {
      const elder = await enrolledElder(endpoint === 'gateway' ? 42 : 43);
      const servedOn = addDays(dayOf(new Date()), 7);
      const answers = await Promise.all(
        Array.from({ length: 8 }, () => client(urlOf(endpoint), tokens.admin)<Ordered>(ORDER, { input: { residentId: elder.residentId, servedOn } })),
      );
      const payloads = answers.map((a) => dataOf(a).placeMealOrder);
      expect(payloads.filter((p) => p.mealOrder)).toHaveLength(3);
      expect(payloads.filter((p) => p.userErrors[0]?.code === 'CONFLICT')).toHaveLength(5);
      expect(await rowCount(stack, mealOrders, and(eq(mealOrders.profileId, elder.id), eq(mealOrders.servedOn, servedOn)))).toBe(3);
    });
  });
});

describe('MEAL_ORDERS_PER_ELDER_PER_DAY', () => {
  it.each([
    [{}, 3],
    [{ MEAL_ORDERS_PER_ELDER_PER_DAY: '5' }, 5],
  ])('%j gives %i meals per elder per day', (env, limit) => {
    expect(loadMealOrderLimit(env)).toBe(limit);
  });
  it.each(['0', '11', '2.5', 'three'])('refuses %j at start-up', (value) => {
    expect(() => loadMealOrderLimit({ MEAL_ORDERS_PER_ELDER_PER_DAY: value })).toThrow(/MEAL_ORDERS_PER_ELDER_PER_DAY/);
  });
});
