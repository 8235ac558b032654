import { and, eq, sql } from 'drizzle-orm';
import { DEMO_IDS } from '../../services/demo';
import { ageOn } from '../../services/kit/dates';
import { ELDERLY_CARE_DEMO_IDS } from '../../services/elderly-care/demo';
import { auditLog, capabilityAssessments, careVisits, elderlyProfiles, homeModifications, homeModificationTransitions, mealOrders, mealPoints } from '../../services/elderly-care/tables';
import { client, dataOf, errorOf, rowCount, USER_ERRORS, userErrorOf, type UserErrorValue } from '../support/graphql';
import { givenElder } from '../support/elders';
import { eldersWithoutMealPlan, todayPlus, useElderlyCareStack, type Page } from './fixtures';
import { LEVEL_BOUNDARIES, OUT_OF_RANGE_SCORES, scoresWithTotal } from './scores';

const world = useElderlyCareStack();

const asWorker = <T>(query: string, variables?: Record<string, unknown>) => client(world.stack.gateway.url, world.token.gridWorker)<T>(query, variables);
const asAdmin = <T>(query: string, variables?: Record<string, unknown>) => client(world.stack.gateway.url, world.token.admin)<T>(query, variables);

/** A mutation's payload: its entity under `K`, userErrors and the clientMutationId echoed. */
type Payload<K extends string, E> = { [key in K]: E | null } & { userErrors: UserErrorValue[]; clientMutationId: string | null };
type Answer<M extends string, K extends string, E> = { [key in M]: Payload<K, E> | null };

describe('recordAssessment', () => {
  const RECORD = `mutation($input: RecordAssessmentInput!) {
    recordAssessment(input: $input) { assessment { id total baseLevel level adjustments assessor isComatose hasDementiaOrMentalDisorder } ${USER_ERRORS} }
  }`;
  interface Assessment { id: string; total: number; baseLevel: string; level: string; adjustments: string[]; assessor: string }
  type Recorded = Answer<'recordAssessment', 'assessment', Assessment>;
  let residentId: string;
  let elderId: string;
  beforeAll(async () => {
    ({ residentId, id: elderId } = await givenElder(world.stack, sql`${elderlyProfiles.careTags} = '{}'`));
  });

  it.each(LEVEL_BOUNDARIES)('gives a total of %i the level %s, which becomes the elder level', async (total, level) => {
    const { recordAssessment } = dataOf(await asWorker<Recorded>(RECORD, { input: { residentId, ...scoresWithTotal(total) } }));
    expect(recordAssessment!.userErrors).toEqual([]);
    expect(recordAssessment!.assessment).toMatchObject({ total, baseLevel: level, level, adjustments: [], assessor: `worker:${DEMO_IDS.fullTimeWorker}` });
    const { elders } = dataOf(
      await asWorker<{ elders: Page<{ id: string }> }>(
        `query($level: CapabilityLevel) { elders(filter: { capabilityLevel: $level, gridId: "${DEMO_IDS.grid}" }, first: 100) { edges { node { id capabilityLevel } } } }`,
        { level },
      ),
    );
    expect(elders.edges.map((e) => e.node.id)).toContain(elderId);
  });

  it.each([
    [{ isComatose: true }, 90, 'COMPLETE', ['COMA']],
    [{ hasDementiaOrMentalDisorder: true }, 70, 'MODERATE', ['DEMENTIA_OR_MENTAL_DISORDER']],
    [{ riskEventsLast30Days: 1 }, 70, 'MILD', []],
    [{ riskEventsLast30Days: 2 }, 70, 'MODERATE', ['RISK_EVENTS']],
    [{ hasDementiaOrMentalDisorder: true, riskEventsLast30Days: 3 }, 70, 'SEVERE', ['DEMENTIA_OR_MENTAL_DISORDER', 'RISK_EVENTS']],
  ])('applies the adjustments %p to a total of %i: %s', async (adjustment, total, level, adjustments) => {
    const { recordAssessment } = dataOf(await asWorker<Recorded>(RECORD, { input: { residentId, ...scoresWithTotal(total), ...adjustment } }));
    expect(recordAssessment!.assessment).toMatchObject({ total, level, adjustments });
  });

  it.each([...OUT_OF_RANGE_SCORES, ['riskEventsLast30Days', -1, '0 or more'] as const])(
    'refuses %s = %i with a BAD_USER_INPUT userError naming the range and the field, writing nothing',
    async (field, value, range) => {
      const before = await rowCount(world.stack, capabilityAssessments);
      const { recordAssessment } = dataOf(await asWorker<Recorded>(RECORD, { input: { residentId, ...scoresWithTotal(50), [field]: value } }));
      const error = userErrorOf(recordAssessment, 'BAD_USER_INPUT');
      expect(error.message).toContain(field);
      expect(error.message).toContain(range);
      expect(error.field).toEqual(['input', field]);
      expect(recordAssessment!.assessment).toBeNull();
      expect(await rowCount(world.stack, capabilityAssessments)).toBe(before);
    },
  );

  it('refuses an assessment dated in the future', async () => {
    const before = await rowCount(world.stack, capabilityAssessments, eq(capabilityAssessments.profileId, elderId));
    const assessedAt = new Date(Date.now() + 86_400_000).toISOString();
    const { recordAssessment } = dataOf(await asWorker<Recorded>(RECORD, { input: { residentId, ...scoresWithTotal(50), assessedAt } }));
    expect(userErrorOf(recordAssessment, 'BAD_USER_INPUT').field).toEqual(['input', 'assessedAt']);
    expect(await rowCount(world.stack, capabilityAssessments, eq(capabilityAssessments.profileId, elderId))).toBe(before);
  });

  it('is NOT_FOUND on residentId for a resident without an elder record (under 60)', async () => {
    const { recordAssessment } = dataOf(await asWorker<Recorded>(RECORD, { input: { residentId: 'resident-99999', ...scoresWithTotal(50) } }));
    expect(userErrorOf(recordAssessment, 'NOT_FOUND').field).toEqual(['input', 'residentId']);
  });
});

describe('meal orders', () => {
  const ENROLL = `mutation($input: EnrollMealPlanInput!) { enrollMealPlan(input: $input) { mealPlan { mode point { id } } ${USER_ERRORS} } }`;
  type Enrolled = Answer<'enrollMealPlan', 'mealPlan', { mode: string; point: { id: string } }>;
  const ORDER = `mutation($input: PlaceMealOrderInput!) {
    placeMealOrder(input: $input) {
      mealOrder { id status allowedTransitions listPriceCents governmentSubsidyCents operatorDiscountCents elderPaysCents subsidyRule { id targetGroup } }
      ${USER_ERRORS}
    }
  }`;
  interface Order {
    id: string;
    status: string;
    allowedTransitions: string[];
    listPriceCents: number;
    governmentSubsidyCents: number;
    operatorDiscountCents: number;
    elderPaysCents: number;
    subsidyRule: { id: string; targetGroup: string } | null;
  }
  type Ordered = Answer<'placeMealOrder', 'mealOrder', Order>;
  const CANCEL = `mutation($input: CancelMealOrderInput!) { cancelMealOrder(input: $input) { mealOrder { id status allowedTransitions } ${USER_ERRORS} } }`;
  type Cancelled = Answer<'cancelMealOrder', 'mealOrder', { id: string; status: string; allowedTransitions: string[] }>;
  const cancel = (id: string) => asWorker<Cancelled>(CANCEL, { input: { id } });
  const placed = async (answer: Promise<Awaited<ReturnType<typeof asWorker<Ordered>>>>) => {
    const { placeMealOrder } = dataOf(await answer);
    expect(placeMealOrder!.userErrors).toEqual([]);
    return placeMealOrder!.mealOrder!;
  };

  /** An elder of grid-001 without tags, 60 to 78, enrolled at the canteen: only the AGE_60_PLUS rule applies. */
  async function plainElder(): Promise<string> {
    const candidates = await world.stack.handle.db
      .select({ residentId: elderlyProfiles.residentId, birthDate: elderlyProfiles.birthDate })
      .from(elderlyProfiles)
      .where(and(eq(elderlyProfiles.gridId, DEMO_IDS.grid), sql`${elderlyProfiles.careTags} = '{}'`))
      .orderBy(elderlyProfiles.residentId);
    const usable = new Set((await eldersWithoutMealPlan(world.stack, 200)).map((e) => e.residentId));
    const { residentId } = candidates.find((c) => usable.has(c.residentId) && ageOn(c.birthDate, new Date()) >= 61 && ageOn(c.birthDate, new Date()) <= 78)!;
    const { enrollMealPlan } = dataOf(await asWorker<Enrolled>(ENROLL, { input: { residentId, mealPointId: ELDERLY_CARE_DEMO_IDS.canteen, mode: 'DINE_IN' } }));
    expect(enrollMealPlan!.mealPlan).toEqual({ mode: 'DINE_IN', point: { id: ELDERLY_CARE_DEMO_IDS.canteen } });
    return residentId;
  }

  it('splits the list price into government subsidy, operator discount and what the elder pays, up to the daily cap', async () => {
    const residentId = await plainElder();
    const servedOn = todayPlus(3);
    const first = await placed(asWorker<Ordered>(ORDER, { input: { residentId, servedOn } }));
    expect(first).toMatchObject({
      status: 'ORDERED',
      allowedTransitions: ['SERVED', 'CANCELLED'],
      listPriceCents: 1500,
      governmentSubsidyCents: 100,
      operatorDiscountCents: 200,
      elderPaysCents: 1200,
      subsidyRule: { id: 'subsidy-age-60', targetGroup: 'AGE_60_PLUS' },
    });
    // AGE_60_PLUS subsidises one meal a day: the second that day is at the list price.
    const second = await placed(asWorker<Ordered>(ORDER, { input: { residentId, servedOn } }));
    expect(second).toMatchObject({ governmentSubsidyCents: 0, operatorDiscountCents: 0, elderPaysCents: 1500, subsidyRule: null });
    // Cancelling the subsidised meal frees the day's subsidy for the next order.
    expect(dataOf(await cancel(first.id)).cancelMealOrder!.mealOrder).toEqual({ id: first.id, status: 'CANCELLED', allowedTransitions: [] });
    const third = await placed(asWorker<Ordered>(ORDER, { input: { residentId, servedOn } }));
    expect(third).toMatchObject({ elderPaysCents: 1200, subsidyRule: { id: 'subsidy-age-60' } });
  });

  it('subsidises a low-income elder by the largest rule, up to its cap of two meals a day', async () => {
    const [{ residentId }] = await world.stack.handle.db
      .select({ residentId: elderlyProfiles.residentId })
      .from(elderlyProfiles)
      .where(and(sql`'LOW_INCOME' = any(${elderlyProfiles.careTags})`, sql`${elderlyProfiles.communityId} <> 'community-12'`))
      .limit(1);
    dataOf(await asAdmin<Enrolled>(ENROLL, { input: { residentId, mealPointId: ELDERLY_CARE_DEMO_IDS.canteen, mode: 'DINE_IN' } }));
    const input = { residentId, servedOn: todayPlus(4) };
    const orders: Order[] = [];
    for (let i = 0; i < 3; i++) orders.push(await placed(asAdmin<Ordered>(ORDER, { input })));
    expect(orders.map((o) => o.subsidyRule?.targetGroup ?? null)).toEqual(['LOW_INCOME', 'LOW_INCOME', null]);
    expect(orders[0]).toMatchObject({ governmentSubsidyCents: 800, operatorDiscountCents: 200, elderPaysCents: 500 });
    for (const o of orders) expect(o.governmentSubsidyCents + o.operatorDiscountCents + o.elderPaysCents).toBe(o.listPriceCents);
  });

  it.each([
    ['yesterday', () => todayPlus(-1)],
    ['too far ahead', () => todayPlus(15)],
  ])('refuses a meal day %s with a BAD_USER_INPUT userError on servedOn, writing nothing', async (_, servedOn) => {
    const before = await rowCount(world.stack, mealOrders);
    const { placeMealOrder } = dataOf(await asWorker<Ordered>(ORDER, { input: { residentId: DEMO_IDS.elderLivingAlone, servedOn: servedOn() } }));
    const error = userErrorOf(placeMealOrder, 'BAD_USER_INPUT');
    expect(error.message).toContain('Meals can be ordered');
    expect(error.field).toEqual(['input', 'servedOn']);
    expect(await rowCount(world.stack, mealOrders)).toBe(before);
  });

  it.each([
    ['not a date', '2026-02-30'],
    ['malformed', 'tomorrow'],
  ])('refuses a meal day that is %s as a malformed argument (top-level BAD_USER_INPUT), writing nothing', async (_, servedOn) => {
    const before = await rowCount(world.stack, mealOrders);
    const error = errorOf(await asWorker<Ordered>(ORDER, { input: { residentId: DEMO_IDS.elderLivingAlone, servedOn } }), 'BAD_USER_INPUT');
    expect(error.message).toContain('YYYY-MM-DD');
    expect(await rowCount(world.stack, mealOrders)).toBe(before);
  });

  it('refuses an order before enrolment, an enrolment where the point does not serve, and delivery where it does not deliver', async () => {
    const [{ residentId }] = await eldersWithoutMealPlan(world.stack, 1);
    const { placeMealOrder } = dataOf(await asWorker<Ordered>(ORDER, { input: { residentId, servedOn: todayPlus(1) } }));
    expect(userErrorOf(placeMealOrder, 'BAD_USER_INPUT').message).toContain('enrollMealPlan');
    // 映月社区老年餐桌 serves 映月 and 文苑, not 东湖 where grid-001 lies.
    const notServing = dataOf(await asWorker<Enrolled>(ENROLL, { input: { residentId, mealPointId: 'meal-point-03', mode: 'DINE_IN' } })).enrollMealPlan;
    expect(userErrorOf(notServing, 'BAD_USER_INPUT')).toMatchObject({ message: expect.stringContaining('does not serve'), field: ['input', 'mealPointId'] });
    const unknown = dataOf(await asWorker<Enrolled>(ENROLL, { input: { residentId, mealPointId: 'meal-point-nope', mode: 'DINE_IN' } })).enrollMealPlan;
    expect(userErrorOf(unknown, 'NOT_FOUND').field).toEqual(['input', 'mealPointId']);
    const [{ residentId: mealTableResident }] = await world.stack.handle.db
      .select({ residentId: elderlyProfiles.residentId })
      .from(elderlyProfiles)
      .where(eq(elderlyProfiles.communityId, 'community-05'))
      .limit(1);
    const noDelivery = dataOf(await asAdmin<Enrolled>(ENROLL, { input: { residentId: mealTableResident, mealPointId: ELDERLY_CARE_DEMO_IDS.mealTable, mode: 'DELIVERY' } })).enrollMealPlan;
    expect(userErrorOf(noDelivery, 'BAD_USER_INPUT').message).toContain('does not deliver');
  });

  it("enforces a point's daily capacity under concurrent orders: exactly that many orders, a CONFLICT userError for the rest", async () => {
    const capacity = 3;
    const pointId = 'meal-point-03';
    const servedOn = todayPlus(10);
    await world.stack.handle.db.update(mealPoints).set({ dailyCapacity: capacity }).where(eq(mealPoints.id, pointId));
    const elders = await world.stack.handle.db
      .select({ residentId: elderlyProfiles.residentId })
      .from(elderlyProfiles)
      .where(eq(elderlyProfiles.communityId, 'community-03'))
      .orderBy(elderlyProfiles.residentId)
      .limit(2 * capacity);
    for (const { residentId } of elders) dataOf(await asAdmin<Enrolled>(ENROLL, { input: { residentId, mealPointId: pointId, mode: 'PICKUP' } }));

    const payloads = (await Promise.all(elders.map(({ residentId }) => asAdmin<Ordered>(ORDER, { input: { residentId, servedOn } })))).map(
      (response) => dataOf(response).placeMealOrder!,
    );
    const ordered = payloads.filter((p) => p.mealOrder);
    const refused = payloads.filter((p) => p.userErrors.length);
    expect(ordered).toHaveLength(capacity);
    expect(refused).toHaveLength(capacity);
    for (const p of refused) {
      expect(userErrorOf(p, 'CONFLICT').message).toContain('is full');
      expect(p.mealOrder).toBeNull();
    }
    const onDay = and(eq(mealOrders.mealPointId, pointId), eq(mealOrders.servedOn, servedOn));
    expect(await rowCount(world.stack, mealOrders, onDay)).toBe(capacity);

    // A cancellation frees a place.
    dataOf(await asAdmin<Cancelled>(CANCEL, { input: { id: ordered[0]!.mealOrder!.id } }));
    const refusedResident = elders[payloads.indexOf(refused[0]!)]!.residentId;
    await placed(asAdmin<Ordered>(ORDER, { input: { residentId: refusedResident, servedOn } }));
  });

  it('cancels only ORDERED meals, naming the state otherwise', async () => {
    const [settled] = await world.stack.handle.db
      .select({ id: mealOrders.id })
      .from(mealOrders)
      .innerJoin(elderlyProfiles, eq(elderlyProfiles.id, mealOrders.profileId))
      .where(and(eq(mealOrders.status, 'SETTLED'), eq(elderlyProfiles.gridId, DEMO_IDS.grid)))
      .limit(1);
    const refused = userErrorOf(dataOf(await cancel(settled!.id)).cancelMealOrder, 'BAD_USER_INPUT');
    expect(refused).toMatchObject({ message: expect.stringContaining('SETTLED'), field: ['input', 'id'] });
    const order = await placed(asWorker<Ordered>(ORDER, { input: { residentId: DEMO_IDS.elderLivingAlone, servedOn: todayPlus(5) } }));
    expect(dataOf(await cancel(order.id)).cancelMealOrder!.mealOrder!.status).toBe('CANCELLED');
    expect(userErrorOf(dataOf(await cancel(order.id)).cancelMealOrder, 'BAD_USER_INPUT').message).toContain('CANCELLED');
    expect(userErrorOf(dataOf(await cancel('meal-order-nope')).cancelMealOrder, 'NOT_FOUND').field).toEqual(['input', 'id']);
  });
});

describe('care visits', () => {
  const VISIT = `mutation($input: RecordCareVisitInput!) { recordCareVisit(input: $input) { visit { id kind newNeeds visitor { id name } } ${USER_ERRORS} } }`;
  type Visited = Answer<'recordCareVisit', 'visit', { id: string; kind: string; newNeeds: string[]; visitor: { id: string; name: string } | null }>;

  it("records a visit and adds the needs found to the elder's record, moving its version on", async () => {
    const elder = await givenElder(world.stack, sql`not ('BATH' = any(${elderlyProfiles.needs}))`);
    const [before] = await world.stack.handle.db.select().from(elderlyProfiles).where(eq(elderlyProfiles.id, elder.id));
    const { recordCareVisit } = dataOf(
      await asWorker<Visited>(VISIT, { input: { residentId: elder.residentId, visitorId: DEMO_IDS.fullTimeWorker, kind: 'FOLLOW_UP', newNeeds: ['BATH'] } }),
    );
    expect(recordCareVisit!.visit).toMatchObject({ kind: 'FOLLOW_UP', newNeeds: ['BATH'], visitor: { id: DEMO_IDS.fullTimeWorker, name: expect.any(String) } });
    const [after] = await world.stack.handle.db.select().from(elderlyProfiles).where(eq(elderlyProfiles.id, elder.id));
    expect(after!.needs).toEqual([...before!.needs, 'BATH']);
    expect(after!.version).toBe(before!.version + 1);
  });

  it('refuses a visit in the future, writing nothing', async () => {
    const before = await rowCount(world.stack, careVisits);
    const visitedAt = new Date(Date.now() + 3_600_000).toISOString();
    const { recordCareVisit } = dataOf(
      await asWorker<Visited>(VISIT, { input: { residentId: DEMO_IDS.elderLivingAlone, visitorId: DEMO_IDS.fullTimeWorker, kind: 'ROUTINE', visitedAt } }),
    );
    expect(userErrorOf(recordCareVisit, 'BAD_USER_INPUT')).toMatchObject({ message: expect.stringContaining('visitedAt'), field: ['input', 'visitedAt'] });
    expect(await rowCount(world.stack, careVisits)).toBe(before);
  });
});

describe('home modifications', () => {
  const MODIFICATION = 'id status version allowedTransitions costCents subsidyCents household { id } items { category } transitions { from to actorSub note }';
  const REQUEST = `mutation($input: RequestHomeModificationInput!) { requestHomeModification(input: $input) { homeModification { ${MODIFICATION} } ${USER_ERRORS} } }`;
  const ADVANCE = `mutation($input: AdvanceHomeModificationInput!) { advanceHomeModification(input: $input) { homeModification { ${MODIFICATION} } ${USER_ERRORS} } }`;
  interface Modification {
    id: string;
    status: string;
    version: number;
    allowedTransitions: string[];
    costCents: number;
    subsidyCents: number;
    transitions: { from: string; to: string; actorSub: string; note: string | null }[];
  }
  type Requested = Answer<'requestHomeModification', 'homeModification', Modification>;
  type Advanced = Answer<'advanceHomeModification', 'homeModification', Modification>;
  const ITEMS = [
    { category: 'TOILET_BATH', tier: 'BASIC', description: '卫生间扶手', costCents: 180_000, subsidyCents: 150_000 },
    { category: 'AGING_AIDS', tier: 'OPTIONAL', description: '助行器', costCents: 30_000 },
  ];

  it('moves one step at a time from APPLIED to ACCEPTED, recording every transition', async () => {
    const { residentId } = await givenElder(world.stack);
    const applied = dataOf(await asWorker<Requested>(REQUEST, { input: { residentId, items: ITEMS } })).requestHomeModification!.homeModification!;
    expect(applied).toMatchObject({ status: 'APPLIED', version: 1, costCents: 210_000, subsidyCents: 150_000, allowedTransitions: ['ASSESSED'] });

    const skip = dataOf(await asWorker<Advanced>(ADVANCE, { input: { id: applied.id, to: 'DESIGNED', expectedVersion: 1 } })).advanceHomeModification;
    expect(userErrorOf(skip, 'BAD_USER_INPUT').message).toContain('APPLIED can only move to ASSESSED');
    let version = 1;
    for (const to of ['ASSESSED', 'DESIGNED', 'INSTALLING', 'ACCEPTED']) {
      const { advanceHomeModification } = dataOf(await asWorker<Advanced>(ADVANCE, { input: { id: applied.id, to, expectedVersion: version, note: `→ ${to}` } }));
      expect(advanceHomeModification!.homeModification).toMatchObject({ status: to, version: ++version });
    }
    const stale = dataOf(await asWorker<Advanced>(ADVANCE, { input: { id: applied.id, to: 'ACCEPTED', expectedVersion: 2 } })).advanceHomeModification;
    expect(userErrorOf(stale, 'CONFLICT')).toMatchObject({ currentVersion: 5, field: ['input', 'expectedVersion'] });
    const finished = dataOf(await asWorker<Advanced>(ADVANCE, { input: { id: applied.id, to: 'ACCEPTED', expectedVersion: 5 } })).advanceHomeModification;
    expect(userErrorOf(finished, 'BAD_USER_INPUT').message).toContain('ACCEPTED is final');
    const missing = dataOf(await asWorker<Advanced>(ADVANCE, { input: { id: 'home-modification-nope', to: 'ASSESSED', expectedVersion: 1 } })).advanceHomeModification;
    expect(userErrorOf(missing, 'NOT_FOUND').field).toEqual(['input', 'id']);

    const { resident } = dataOf(
      await asWorker<{ resident: { elderlyCare: { homeModifications: Page<Modification> } } }>(
        `query($id: ID!) { resident(id: $id) { elderlyCare { homeModifications(first: 1) { edges { node { ${MODIFICATION} } } } } } }`,
        { id: residentId },
      ),
    );
    const mine = resident.elderlyCare.homeModifications.edges[0]!.node;
    expect(mine).toMatchObject({ id: applied.id, status: 'ACCEPTED', allowedTransitions: [] });
    expect(mine.transitions).toEqual([
      { from: 'APPLIED', to: 'ASSESSED', actorSub: `worker:${DEMO_IDS.fullTimeWorker}`, note: '→ ASSESSED' },
      { from: 'ASSESSED', to: 'DESIGNED', actorSub: `worker:${DEMO_IDS.fullTimeWorker}`, note: '→ DESIGNED' },
      { from: 'DESIGNED', to: 'INSTALLING', actorSub: `worker:${DEMO_IDS.fullTimeWorker}`, note: '→ INSTALLING' },
      { from: 'INSTALLING', to: 'ACCEPTED', actorSub: `worker:${DEMO_IDS.fullTimeWorker}`, note: '→ ACCEPTED' },
    ]);
    expect(await rowCount(world.stack, homeModificationTransitions, eq(homeModificationTransitions.modificationId, applied.id))).toBe(4);
  });

  it.each([
    ['a subsidy above the cost', [{ ...ITEMS[0], subsidyCents: 180_001 }], 'items[0].subsidyCents', ['input', 'items', '0', 'subsidyCents']],
    ['a negative cost', [ITEMS[0], { ...ITEMS[1], costCents: -1 }], 'items[1].costCents', ['input', 'items', '1', 'costCents']],
    ['no items', [], 'at least one item', ['input', 'items']],
    ['an empty description', [{ ...ITEMS[0], description: ' ' }], 'items[0].description', ['input', 'items', '0', 'description']],
  ])('refuses %s with a BAD_USER_INPUT userError, writing nothing', async (_, items, message, field) => {
    const before = await rowCount(world.stack, homeModifications);
    const { requestHomeModification } = dataOf(await asWorker<Requested>(REQUEST, { input: { residentId: DEMO_IDS.elderLivingAlone, items } }));
    expect(userErrorOf(requestHomeModification, 'BAD_USER_INPUT')).toMatchObject({ message: expect.stringContaining(message), field });
    expect(await rowCount(world.stack, homeModifications)).toBe(before);
  });
});

describe('updateElder', () => {
  const UPDATE = `mutation($input: UpdateElderInput!) { updateElder(input: $input) { elder { id version needs emergencyContacts { name phone } } ${USER_ERRORS} } }`;
  type Updated = Answer<'updateElder', 'elder', { id: string; version: number; needs: string[]; emergencyContacts: { name: string; phone: string }[] }>;

  it('changes the record at the version read and refuses a stale one with CONFLICT and the current version', async () => {
    const { id, version } = await givenElder(world.stack, sql`${elderlyProfiles.livingArrangement} = 'CHILDREN'`);
    const changes = { needs: ['CLEANING'], emergencyContacts: [{ name: '李华', relation: '女儿', phone: '13800138000' }] };
    const { updateElder } = dataOf(await asWorker<Updated>(UPDATE, { input: { id, expectedVersion: version, clientMutationId: 'u-1', ...changes } }));
    expect(updateElder).toEqual({
      elder: { id, version: version + 1, needs: ['CLEANING'], emergencyContacts: [{ name: '李华', phone: '13800138000' }] },
      userErrors: [],
      clientMutationId: 'u-1',
    });
    const stale = dataOf(await asWorker<Updated>(UPDATE, { input: { id, expectedVersion: version, ...changes } })).updateElder;
    expect(userErrorOf(stale, 'CONFLICT')).toMatchObject({ currentVersion: version + 1, field: ['input', 'expectedVersion'] });
    expect(stale!.elder).toBeNull();
  });

  it('refuses a bad phone number with a BAD_USER_INPUT userError on the field', async () => {
    const { id, version } = await givenElder(world.stack);
    const input = { id, expectedVersion: version, emergencyContacts: [{ name: '李华', relation: '女儿', phone: '12345' }] };
    const { updateElder } = dataOf(await asWorker<Updated>(UPDATE, { input }));
    expect(userErrorOf(updateElder, 'BAD_USER_INPUT')).toMatchObject({
      message: expect.stringContaining('emergencyContacts[0].phone'),
      field: ['input', 'emergencyContacts', '0', 'phone'],
    });
  });

  it('is NOT_FOUND on id for an unknown elder and, alike, for an elder the viewer may not see (audited as DENIED), changing nothing', async () => {
    const { updateElder } = dataOf(await asWorker<Updated>(UPDATE, { input: { id: 'elder-nope', expectedVersion: 1 } }));
    expect(userErrorOf(updateElder, 'NOT_FOUND')).toMatchObject({ field: ['input', 'id'], message: 'Elder elder-nope was not found.' });
    const { id, residentId, version } = await givenElder(world.stack);
    const deniedRows = () => rowCount(world.stack, auditLog, and(eq(auditLog.actorSub, 'worker:other'), eq(auditLog.subjectId, residentId), eq(auditLog.outcome, 'DENIED')));
    const deniedBefore = await deniedRows();
    const hidden = dataOf(await client(world.stack.gateway.url, world.token.otherGridWorker)<Updated>(UPDATE, { input: { id, expectedVersion: version, needs: [] } })).updateElder;
    expect(hidden!.elder).toBeNull();
    expect(userErrorOf(hidden, 'NOT_FOUND')).toMatchObject({ field: ['input', 'id'], message: `Elder ${id} was not found.` });
    expect(await rowCount(world.stack, elderlyProfiles, and(eq(elderlyProfiles.id, id), eq(elderlyProfiles.version, version)))).toBe(1);
    expect(await deniedRows()).toBe(deniedBefore + 1);
  });
});
