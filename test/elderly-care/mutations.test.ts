import { and, eq, sql } from 'drizzle-orm';
import { DEMO_IDS } from '../../services/demo';
import { encodeCursor } from '../../services/kit/pagination';
import { ageOn } from '../../services/kit/dates';
import { CARE_TAGS } from '../../services/elderly-care/rules/enums';
import { DEFAULT_VISIT_SCHEDULE, isVisitOverdue, parseVisitSchedule, visitIntervalDays } from '../../services/elderly-care/rules/visit-schedule';
import { visitIntervalSql } from '../../services/elderly-care/resolvers/visits';
import { ELDERLY_CARE_DEMO_IDS } from '../../services/elderly-care/demo';
import {
  capabilityAssessments,
  careVisits,
  elderlyProfiles,
  homeModifications,
  homeModificationTransitions,
  mealOrders,
  mealPoints,
} from '../../services/elderly-care/tables';
import {
  client,
  dataOf,
  eldersOfGrid,
  eldersWithoutMealPlan,
  errorOf,
  rowCount,
  todayPlus,
  useElderlyCareStack,
} from './fixtures';
import { LEVEL_BOUNDARIES, OUT_OF_RANGE_SCORES, scoresWithTotal } from './scores';

const world = useElderlyCareStack();

const asWorker = (query: string, variables?: Record<string, unknown>) => client(world.stack.gateway.url, world.token.gridWorker)(query, variables);
const asAdmin = (query: string, variables?: Record<string, unknown>) => client(world.stack.gateway.url, world.token.admin)(query, variables);

describe('recordAssessment', () => {
  const RECORD = `mutation($input: RecordAssessmentInput!) { recordAssessment(input: $input) { id total baseLevel level adjustments assessor } }`;
  let residentId: string;
  let profileId: string;
  beforeAll(async () => {
    [{ residentId, id: profileId }] = await eldersOfGrid(world.stack, sql`${elderlyProfiles.careTags} = '{}'`);
  });

  it.each(LEVEL_BOUNDARIES)('gives a total of %i the level %s, which becomes the profile level', async (total, level) => {
    const { recordAssessment } = dataOf(await asWorker(RECORD, { input: { residentId, ...scoresWithTotal(total) } }));
    expect(recordAssessment).toMatchObject({ total, baseLevel: level, level, adjustments: [], assessor: `worker:${DEMO_IDS.fullTimeWorker}` });
    const { elders } = dataOf(await asWorker(`query($level: CapabilityLevel) { elders(filter: { capabilityLevel: $level, gridId: "${DEMO_IDS.grid}" }, first: 100) { edges { node { id capabilityLevel } } } }`, { level }));
    expect(elders.edges.map((e: { node: { id: string } }) => e.node.id)).toContain(profileId);
  });

  it.each([
    [{ coma: true }, 90, 'COMPLETE', ['COMA']],
    [{ dementiaOrMentalDisorder: true }, 70, 'MODERATE', ['DEMENTIA_OR_MENTAL_DISORDER']],
    [{ riskEventsLast30Days: 1 }, 70, 'MILD', []],
    [{ riskEventsLast30Days: 2 }, 70, 'MODERATE', ['RISK_EVENTS']],
    [{ dementiaOrMentalDisorder: true, riskEventsLast30Days: 3 }, 70, 'SEVERE', ['DEMENTIA_OR_MENTAL_DISORDER', 'RISK_EVENTS']],
  ])('applies the adjustments %p to a total of %i: %s', async (adjustment, total, level, adjustments) => {
    const { recordAssessment } = dataOf(await asWorker(RECORD, { input: { residentId, ...scoresWithTotal(total), ...adjustment } }));
    expect(recordAssessment).toMatchObject({ total, level, adjustments });
  });

  it.each([
    ...OUT_OF_RANGE_SCORES,
    ['riskEventsLast30Days', -1, '0 or more'] as const,
  ])('refuses %s = %i with BAD_USER_INPUT naming the range, writing nothing', async (field, value, range) => {
    const before = await rowCount(world.stack, capabilityAssessments);
    const response = await asWorker(RECORD, { input: { residentId, ...scoresWithTotal(50), [field]: value } });
    const error = errorOf(response, 'BAD_USER_INPUT');
    expect(error.message).toContain(field);
    expect(error.message).toContain(range);
    expect(await rowCount(world.stack, capabilityAssessments)).toBe(before);
  });

  it('refuses an assessment dated in the future', async () => {
    const before = await rowCount(world.stack, capabilityAssessments, eq(capabilityAssessments.profileId, profileId));
    const assessedAt = new Date(Date.now() + 86_400_000).toISOString();
    const error = errorOf(await asWorker(RECORD, { input: { residentId, ...scoresWithTotal(50), assessedAt } }), 'BAD_USER_INPUT');
    expect(error.message).toContain('assessedAt');
    expect(await rowCount(world.stack, capabilityAssessments, eq(capabilityAssessments.profileId, profileId))).toBe(before);
  });

  it('is NOT_FOUND for a resident without a profile (under 60)', async () => {
    errorOf(await asWorker(RECORD, { input: { residentId: 'resident-99999', ...scoresWithTotal(50) } }), 'NOT_FOUND');
  });
});

describe('meal orders', () => {
  const ENROLL = `mutation($input: EnrollMealPlanInput!) { enrollMealPlan(input: $input) { mode point { id } } }`;
  const ORDER = `mutation($input: PlaceMealOrderInput!) {
    placeMealOrder(input: $input) { id status listPriceCents governmentSubsidyCents operatorDiscountCents elderPaysCents subsidyRule { id targetGroup } }
  }`;
  const CANCEL = `mutation($id: ID!) { cancelMealOrder(id: $id) { id status } }`;

  /** An elder of grid-001 without tags, 60 to 78, enrolled at the canteen: only the AGE_60_PLUS rule applies. */
  async function plainElder(): Promise<string> {
    const candidates = await world.stack.handle.db
      .select({ residentId: elderlyProfiles.residentId, birthDate: elderlyProfiles.birthDate })
      .from(elderlyProfiles)
      .where(and(eq(elderlyProfiles.gridId, DEMO_IDS.grid), sql`${elderlyProfiles.careTags} = '{}'`))
      .orderBy(elderlyProfiles.residentId);
    const usable = new Set((await eldersWithoutMealPlan(world.stack, 200)).map((e) => e.residentId));
    const { residentId } = candidates.find((c) => usable.has(c.residentId) && ageOn(c.birthDate, new Date()) >= 61 && ageOn(c.birthDate, new Date()) <= 78)!;
    dataOf(await asWorker(ENROLL, { input: { residentId, mealPointId: ELDERLY_CARE_DEMO_IDS.canteen, mode: 'DINE_IN' } }));
    return residentId;
  }

  it('splits the list price into government subsidy, operator discount and what the elder pays, up to the daily cap', async () => {
    const residentId = await plainElder();
    const servedOn = todayPlus(3);
    const first = dataOf(await asWorker(ORDER, { input: { residentId, servedOn } })).placeMealOrder;
    expect(first).toMatchObject({
      status: 'ORDERED',
      listPriceCents: 1500,
      governmentSubsidyCents: 100,
      operatorDiscountCents: 200,
      elderPaysCents: 1200,
      subsidyRule: { id: 'subsidy-age-60', targetGroup: 'AGE_60_PLUS' },
    });
    // AGE_60_PLUS subsidises one meal a day: the second that day is at the list price.
    const second = dataOf(await asWorker(ORDER, { input: { residentId, servedOn } })).placeMealOrder;
    expect(second).toMatchObject({ governmentSubsidyCents: 0, operatorDiscountCents: 0, elderPaysCents: 1500, subsidyRule: null });
    // Cancelling the subsidised meal frees the day's subsidy for the next order.
    dataOf(await asWorker(CANCEL, { id: first.id }));
    const third = dataOf(await asWorker(ORDER, { input: { residentId, servedOn } })).placeMealOrder;
    expect(third).toMatchObject({ elderPaysCents: 1200, subsidyRule: { id: 'subsidy-age-60' } });
  });

  it('subsidises a low-income elder by the largest rule, up to its cap of two meals a day', async () => {
    const [{ residentId }] = await world.stack.handle.db
      .select({ residentId: elderlyProfiles.residentId })
      .from(elderlyProfiles)
      .where(and(sql`'LOW_INCOME' = any(${elderlyProfiles.careTags})`, sql`${elderlyProfiles.communityId} <> 'community-12'`))
      .limit(1);
    dataOf(await asAdmin(ENROLL, { input: { residentId, mealPointId: ELDERLY_CARE_DEMO_IDS.canteen, mode: 'DINE_IN' } }));
    const input = { residentId, servedOn: todayPlus(4) };
    const orders = [];
    for (let i = 0; i < 3; i++) orders.push(dataOf(await asAdmin(ORDER, { input })).placeMealOrder);
    expect(orders.map((o) => o.subsidyRule?.targetGroup ?? null)).toEqual(['LOW_INCOME', 'LOW_INCOME', null]);
    expect(orders[0]).toMatchObject({ governmentSubsidyCents: 800, operatorDiscountCents: 200, elderPaysCents: 500 });
    for (const o of orders) expect(o.governmentSubsidyCents + o.operatorDiscountCents + o.elderPaysCents).toBe(o.listPriceCents);
  });

  it.each([
    ['yesterday', () => todayPlus(-1), 'Meals can be ordered'],
    ['too far ahead', () => todayPlus(15), 'Meals can be ordered'],
    ['not a date', () => '2026-02-30', 'real date'],
    ['malformed', () => 'tomorrow', 'YYYY-MM-DD'],
  ])('refuses a meal day %s with BAD_USER_INPUT, writing nothing', async (_, servedOn, message) => {
    const before = await rowCount(world.stack, mealOrders);
    const error = errorOf(await asWorker(ORDER, { input: { residentId: DEMO_IDS.elderLivingAlone, servedOn: servedOn() } }), 'BAD_USER_INPUT');
    expect(error.message).toContain(message);
    expect(await rowCount(world.stack, mealOrders)).toBe(before);
  });

  it('refuses an order before enrolment, an enrolment where the point does not serve, and delivery where it does not deliver', async () => {
    const [{ residentId }] = await eldersWithoutMealPlan(world.stack, 1);
    expect(errorOf(await asWorker(ORDER, { input: { residentId, servedOn: todayPlus(1) } }), 'BAD_USER_INPUT').message).toContain('enrollMealPlan');
    // 映月社区老年餐桌 serves 映月 and 文苑, not 东湖 where grid-001 lies.
    const notServing = await asWorker(ENROLL, { input: { residentId, mealPointId: 'meal-point-03', mode: 'DINE_IN' } });
    expect(errorOf(notServing, 'BAD_USER_INPUT').message).toContain('does not serve');
    const mealTableResident = (await world.stack.handle.db
      .select({ residentId: elderlyProfiles.residentId })
      .from(elderlyProfiles)
      .where(eq(elderlyProfiles.communityId, 'community-05'))
      .limit(1))[0]!.residentId;
    const noDelivery = await asAdmin(ENROLL, { input: { residentId: mealTableResident, mealPointId: ELDERLY_CARE_DEMO_IDS.mealTable, mode: 'DELIVERY' } });
    expect(errorOf(noDelivery, 'BAD_USER_INPUT').message).toContain('does not deliver');
  });

  it("enforces a point's daily capacity under concurrent orders: CONFLICT once full", async () => {
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
    for (const { residentId } of elders) dataOf(await asAdmin(ENROLL, { input: { residentId, mealPointId: pointId, mode: 'PICKUP' } }));

    const responses = await Promise.all(elders.map(({ residentId }) => asAdmin(ORDER, { input: { residentId, servedOn } })));
    const placed = responses.filter((r) => r.data?.placeMealOrder);
    const refused = responses.filter((r) => r.errors);
    expect(placed).toHaveLength(capacity);
    expect(refused).toHaveLength(capacity);
    for (const r of refused) expect(errorOf(r, 'CONFLICT').message).toContain('is full');
    const onDay = and(eq(mealOrders.mealPointId, pointId), eq(mealOrders.servedOn, servedOn));
    expect(await rowCount(world.stack, mealOrders, onDay)).toBe(capacity);

    // A cancellation frees a place.
    dataOf(await asAdmin(CANCEL, { id: placed[0]!.data.placeMealOrder.id }));
    const refusedResident = elders[responses.indexOf(refused[0]!)]!.residentId;
    dataOf(await asAdmin(ORDER, { input: { residentId: refusedResident, servedOn } }));
  });

  it('cancels only ORDERED meals', async () => {
    const [settled] = await world.stack.handle.db.select({ id: mealOrders.id }).from(mealOrders).innerJoin(elderlyProfiles, eq(elderlyProfiles.id, mealOrders.profileId)).where(and(eq(mealOrders.status, 'SETTLED'), eq(elderlyProfiles.gridId, DEMO_IDS.grid))).limit(1);
    const error = errorOf(await asWorker(CANCEL, { id: settled!.id }), 'BAD_USER_INPUT');
    expect(error.message).toContain('SETTLED');
    const order = dataOf(await asWorker(ORDER, { input: { residentId: DEMO_IDS.elderLivingAlone, servedOn: todayPlus(5) } })).placeMealOrder;
    expect(dataOf(await asWorker(CANCEL, { id: order.id })).cancelMealOrder.status).toBe('CANCELLED');
    expect(errorOf(await asWorker(CANCEL, { id: order.id }), 'BAD_USER_INPUT').message).toContain('CANCELLED');
  });
});

describe('care visits', () => {
  const OVERDUE = `query($after: String) {
    overdueVisits(gridId: "${DEMO_IDS.grid}", first: 10, after: $after) {
      totalCount pageInfo { hasNextPage endCursor } edges { node { id careTags visitIntervalDays nextVisitDueAt visitOverdue } }
    }
  }`;
  const VISIT = `mutation($input: RecordCareVisitInput!) { recordCareVisit(input: $input) { id kind newNeeds visitor { id name } } }`;

  async function overdueIds(): Promise<{ ids: string[]; totalCount: number; dues: (string | null)[] }> {
    const ids: string[] = [];
    const dues: (string | null)[] = [];
    let after: string | undefined;
    let totalCount = 0;
    for (;;) {
      const { overdueVisits } = dataOf(await asWorker(OVERDUE, { after }));
      totalCount = overdueVisits.totalCount;
      for (const { node } of overdueVisits.edges) {
        expect(node.visitOverdue).toBe(true);
        ids.push(node.id);
        dues.push(node.nextVisitDueAt);
      }
      if (!overdueVisits.pageInfo.hasNextPage) return { ids, totalCount, dues };
      after = overdueVisits.pageInfo.endCursor;
    }
  }

  it("lists, page by page and longest overdue first, exactly the grid's elders whose last visit is older than their interval", async () => {
    const { ids, totalCount, dues } = await overdueIds();
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.length).toBe(totalCount);
    expect(ids.length).toBeGreaterThan(10);
    // Never visited first (no due date), then by due date.
    const dated = dues.filter((d): d is string => d !== null);
    expect(dues.slice(0, dues.length - dated.length).every((d) => d === null)).toBe(true);
    expect(dated).toEqual([...dated].sort());

    const profiles = await world.stack.handle.db
      .select({ id: elderlyProfiles.id, careTags: elderlyProfiles.careTags, last: sql<string | null>`max(${careVisits.visitedAt})` })
      .from(elderlyProfiles)
      .leftJoin(careVisits, eq(careVisits.profileId, elderlyProfiles.id))
      .where(eq(elderlyProfiles.gridId, DEMO_IDS.grid))
      .groupBy(elderlyProfiles.id);
    const now = new Date();
    const expected = profiles.filter((p) => isVisitOverdue(p.last ? new Date(p.last) : null, visitIntervalDays(DEFAULT_VISIT_SCHEDULE, p.careTags), now));
    expect(new Set(ids)).toEqual(new Set(expected.map((p) => p.id)));
  });

  it('takes an elder off the list once visited, and adds the needs found to the profile', async () => {
    const { ids } = await overdueIds();
    const profileId = ids.at(-1)!;
    const [profile] = await world.stack.handle.db.select().from(elderlyProfiles).where(eq(elderlyProfiles.id, profileId));
    const newNeed = (['BATH', 'CLEANING', 'MEDICAL_ESCORT'] as const).find((n) => !profile!.needs.includes(n))!;
    const { recordCareVisit } = dataOf(
      await asWorker(VISIT, { input: { residentId: profile!.residentId, visitorId: DEMO_IDS.fullTimeWorker, kind: 'FOLLOW_UP', newNeeds: [newNeed] } }),
    );
    expect(recordCareVisit).toMatchObject({ kind: 'FOLLOW_UP', newNeeds: [newNeed], visitor: { id: DEMO_IDS.fullTimeWorker, name: expect.any(String) } });
    expect((await overdueIds()).ids).not.toContain(profileId);
    const [after] = await world.stack.handle.db.select().from(elderlyProfiles).where(eq(elderlyProfiles.id, profileId));
    expect(after!.needs).toEqual([...profile!.needs, newNeed]);
    expect(after!.version).toBe(profile!.version + 1);
  });

  it('refuses a cursor it did not hand out with BAD_USER_INPUT', async () => {
    errorOf(await asWorker(OVERDUE, { after: encodeCursor("2026-01-01'); drop table x; --|resident-00001") }), 'BAD_USER_INPUT');
  });

  it('refuses a visit in the future, writing nothing', async () => {
    const before = await rowCount(world.stack, careVisits);
    const visitedAt = new Date(Date.now() + 3_600_000).toISOString();
    const response = await asWorker(VISIT, { input: { residentId: DEMO_IDS.elderLivingAlone, visitorId: DEMO_IDS.fullTimeWorker, kind: 'ROUTINE', visitedAt } });
    expect(errorOf(response, 'BAD_USER_INPUT').message).toContain('visitedAt');
    expect(await rowCount(world.stack, careVisits)).toBe(before);
  });

  it('computes the interval in SQL as the rules do, for every combination of care tags and any schedule', async () => {
    const [{ id }] = await eldersOfGrid(world.stack);
    const combinations = Array.from({ length: 1 << CARE_TAGS.length }, (_, mask) => CARE_TAGS.filter((_, i) => mask & (1 << i)));
    const schedules = [DEFAULT_VISIT_SCHEDULE, parseVisitSchedule('ELDERLY=20,DISABLED=3,LOW_INCOME=10,VETERAN=1')];
    // Tries the tags on one profile inside a transaction that is rolled back.
    await expect(
      world.stack.handle.db.transaction(async (tx) => {
        for (const careTags of combinations) {
          await tx.update(elderlyProfiles).set({ careTags }).where(eq(elderlyProfiles.id, id));
          for (const schedule of schedules) {
            const [row] = await tx.select({ days: visitIntervalSql(schedule) }).from(elderlyProfiles).where(eq(elderlyProfiles.id, id));
            expect(row!.days).toBe(visitIntervalDays(schedule, careTags));
          }
        }
        tx.rollback();
      }),
    ).rejects.toThrow('Rollback');
  });
});

describe('home modifications', () => {
  const REQUEST = `mutation($input: RequestHomeModificationInput!) {
    requestHomeModification(input: $input) { id status version costCents subsidyCents nextStatus household { id } items { category } }
  }`;
  const ADVANCE = `mutation($input: AdvanceHomeModificationInput!) { advanceHomeModification(input: $input) { status version nextStatus transitions { from to actorSub note } } }`;
  const ITEMS = [
    { category: 'TOILET_BATH', tier: 'BASIC', description: '卫生间扶手', costCents: 180_000, subsidyCents: 150_000 },
    { category: 'AGING_AIDS', tier: 'OPTIONAL', description: '助行器', costCents: 30_000 },
  ];

  it('moves one step at a time from APPLIED to ACCEPTED, recording every transition', async () => {
    const [{ residentId }] = await eldersOfGrid(world.stack);
    const { requestHomeModification: applied } = dataOf(await asWorker(REQUEST, { input: { residentId, items: ITEMS } }));
    expect(applied).toMatchObject({ status: 'APPLIED', version: 1, costCents: 210_000, subsidyCents: 150_000, nextStatus: 'ASSESSED' });

    const skip = await asWorker(ADVANCE, { input: { id: applied.id, to: 'DESIGNED', version: 1 } });
    expect(errorOf(skip, 'BAD_USER_INPUT').message).toContain('can only move to ASSESSED');
    let version = 1;
    for (const to of ['ASSESSED', 'DESIGNED', 'INSTALLING', 'ACCEPTED']) {
      const { advanceHomeModification } = dataOf(await asWorker(ADVANCE, { input: { id: applied.id, to, version, note: `→ ${to}` } }));
      expect(advanceHomeModification).toMatchObject({ status: to, version: ++version });
    }
    const stale = await asWorker(ADVANCE, { input: { id: applied.id, to: 'ACCEPTED', version: 2 } });
    expect(errorOf(stale, 'CONFLICT').extensions).toMatchObject({ currentVersion: 5 });
    const finished = await asWorker(ADVANCE, { input: { id: applied.id, to: 'ACCEPTED', version: 5 } });
    expect(errorOf(finished, 'BAD_USER_INPUT').message).toContain('finished');

    const { resident } = dataOf(
      await asWorker(`query($id: ID!) { resident(id: $id) { elderlyCare { homeModifications { id status nextStatus transitions { from to actorSub note } } } } }`, {
        id: residentId,
      }),
    );
    const mine = resident.elderlyCare.homeModifications[0];
    expect(mine).toMatchObject({ id: applied.id, status: 'ACCEPTED', nextStatus: null });
    expect(mine.transitions).toEqual([
      { from: 'APPLIED', to: 'ASSESSED', actorSub: `worker:${DEMO_IDS.fullTimeWorker}`, note: '→ ASSESSED' },
      { from: 'ASSESSED', to: 'DESIGNED', actorSub: `worker:${DEMO_IDS.fullTimeWorker}`, note: '→ DESIGNED' },
      { from: 'DESIGNED', to: 'INSTALLING', actorSub: `worker:${DEMO_IDS.fullTimeWorker}`, note: '→ INSTALLING' },
      { from: 'INSTALLING', to: 'ACCEPTED', actorSub: `worker:${DEMO_IDS.fullTimeWorker}`, note: '→ ACCEPTED' },
    ]);
    expect(await rowCount(world.stack, homeModificationTransitions, eq(homeModificationTransitions.modificationId, applied.id))).toBe(4);
  });

  it.each([
    ['a subsidy above the cost', [{ ...ITEMS[0], subsidyCents: 180_001 }], 'items[0].subsidyCents'],
    ['a negative cost', [ITEMS[0], { ...ITEMS[1], costCents: -1 }], 'items[1].costCents'],
    ['no items', [], 'at least one item'],
    ['an empty description', [{ ...ITEMS[0], description: ' ' }], 'items[0].description'],
  ])('refuses %s with BAD_USER_INPUT, writing nothing', async (_, items, message) => {
    const before = await rowCount(world.stack, homeModifications);
    const error = errorOf(await asWorker(REQUEST, { input: { residentId: DEMO_IDS.elderLivingAlone, items } }), 'BAD_USER_INPUT');
    expect(error.message).toContain(message);
    expect(await rowCount(world.stack, homeModifications)).toBe(before);
  });
});

describe('updateElderlyProfile', () => {
  const UPDATE = `mutation($residentId: ID!, $version: Int!, $input: UpdateElderlyProfileInput!) {
    updateElderlyProfile(residentId: $residentId, version: $version, input: $input) { version needs emergencyContacts { name phone } }
  }`;

  it('changes the profile at the current version and refuses a stale one with CONFLICT', async () => {
    const [{ residentId, id }] = await eldersOfGrid(world.stack, sql`${elderlyProfiles.livingArrangement} = 'CHILDREN'`);
    const [profile] = await world.stack.handle.db.select().from(elderlyProfiles).where(eq(elderlyProfiles.id, id));
    const input = { needs: ['CLEANING'], emergencyContacts: [{ name: '李华', relation: '女儿', phone: '13800138000' }] };
    const { updateElderlyProfile } = dataOf(await asWorker(UPDATE, { residentId, version: profile!.version, input }));
    expect(updateElderlyProfile).toEqual({ version: profile!.version + 1, needs: ['CLEANING'], emergencyContacts: [{ name: '李华', phone: '13800138000' }] });
    errorOf(await asWorker(UPDATE, { residentId, version: profile!.version, input }), 'CONFLICT');
  });

  it('refuses a bad phone number with BAD_USER_INPUT', async () => {
    const [{ residentId }] = await eldersOfGrid(world.stack);
    const input = { emergencyContacts: [{ name: '李华', relation: '女儿', phone: '12345' }] };
    expect(errorOf(await asWorker(UPDATE, { residentId, version: 1, input }), 'BAD_USER_INPUT').message).toContain('emergencyContacts[0].phone');
  });
});
