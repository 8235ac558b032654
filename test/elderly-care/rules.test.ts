import { OneGridError } from '../../services/kit/errors';
import { LEVEL_BOUNDARIES, OUT_OF_RANGE_SCORES, scoresWithTotal } from './scores';
import {
  assessCapability,
  CAPABILITY_LEVELS,
  type CapabilityScores,
} from '../../services/elderly-care/rules/capability';
import { addDays } from '../../services/kit/dates';
import {
  checkServiceDay,
  checkSubsidyRule,
  ORDER_DAYS_AHEAD,
  pickSubsidyRule,
  priceMeal,
  subsidyGroupsOf,
  type SubsidyRule,
} from '../../services/elderly-care/rules/meal-pricing';
import { checkEmergencyContacts } from '../../services/elderly-care/rules/emergency-contacts';
import { happenedAt } from '../../services/elderly-care/rules/happened-at';
import { loadVisitSchedule } from '../../services/elderly-care/settings';
import { ConfigError } from '../../services/kit/config';
import {
  DEFAULT_VISIT_SCHEDULE,
  isVisitOverdue,
  parseVisitSchedule,
  visitDueAt,
  visitIntervalDays,
} from '../../services/elderly-care/rules/visit-schedule';
import { homeModificationWorkflow, sumHomeModification } from '../../services/elderly-care/rules/home-modification';
import { assertCancellable, mealOrderWorkflow } from '../../services/elderly-care/rules/meal-order';
import {
  HOME_MODIFICATION_STATUSES,
  MEAL_ORDER_STATUSES,
  SUBSIDY_TARGET_GROUPS,
  type SubsidyTargetGroup,
} from '../../services/elderly-care/rules/enums';

/** Runs `fn` and returns the BAD_USER_INPUT error it must throw. */
function badInputFrom(fn: () => unknown): OneGridError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(OneGridError);
    expect((e as OneGridError).extensions.code).toBe('BAD_USER_INPUT');
    return e as OneGridError;
  }
  throw new Error('expected a BAD_USER_INPUT error, got none');
}

describe('capability assessment (GB/T 42195-2022)', () => {
  const healthy: Omit<CapabilityScores, 'selfCare' | 'mobility' | 'mentalState' | 'perceptionSocial'> = {
    coma: false,
    dementiaOrMentalDisorder: false,
    riskEventsLast30Days: 0,
  };
  const withTotal = (total: number, extra: Partial<CapabilityScores> = {}): CapabilityScores => ({ ...scoresWithTotal(total), ...healthy, ...extra });

  it('lists the levels from best to worst', () => {
    expect(CAPABILITY_LEVELS).toEqual(['INTACT', 'MILD', 'MODERATE', 'SEVERE', 'COMPLETE']);
  });

  it.each(LEVEL_BOUNDARIES)('a total of %i is %s', (total, level) => {
    const result = assessCapability(withTotal(total));
    expect(result).toEqual({ total, baseLevel: level, level, adjustments: [] });
  });

  it('sums the four dimensions', () => {
    expect(assessCapability({ ...healthy, selfCare: 20, mobility: 10, mentalState: 25, perceptionSocial: 12 }).total).toBe(67);
  });

  it('makes a comatose elder COMPLETE whatever the scores', () => {
    const result = assessCapability(withTotal(90, { coma: true }));
    expect(result).toMatchObject({ total: 90, baseLevel: 'INTACT', level: 'COMPLETE', adjustments: ['COMA'] });
  });

  it('makes diagnosed dementia or another mental disorder one level worse', () => {
    expect(assessCapability(withTotal(90, { dementiaOrMentalDisorder: true }))).toMatchObject({
      baseLevel: 'INTACT',
      level: 'MILD',
      adjustments: ['DEMENTIA_OR_MENTAL_DISORDER'],
    });
  });

  it('makes two or more risk events in 30 days one level worse, one event not', () => {
    expect(assessCapability(withTotal(50, { riskEventsLast30Days: 1 })).level).toBe('MODERATE');
    expect(assessCapability(withTotal(50, { riskEventsLast30Days: 2 }))).toMatchObject({
      baseLevel: 'MODERATE',
      level: 'SEVERE',
      adjustments: ['RISK_EVENTS'],
    });
    expect(assessCapability(withTotal(50, { riskEventsLast30Days: 5 })).level).toBe('SEVERE');
  });

  it('stacks the two one-level adjustments', () => {
    expect(assessCapability(withTotal(70, { dementiaOrMentalDisorder: true, riskEventsLast30Days: 3 }))).toMatchObject({
      baseLevel: 'MILD',
      level: 'SEVERE',
      adjustments: ['DEMENTIA_OR_MENTAL_DISORDER', 'RISK_EVENTS'],
    });
  });

  it('never goes beyond COMPLETE', () => {
    expect(assessCapability(withTotal(40, { dementiaOrMentalDisorder: true, riskEventsLast30Days: 2 })).level).toBe('COMPLETE');
    expect(assessCapability(withTotal(10, { dementiaOrMentalDisorder: true })).level).toBe('COMPLETE');
    expect(
      assessCapability(withTotal(10, { coma: true, dementiaOrMentalDisorder: true, riskEventsLast30Days: 2 })),
    ).toMatchObject({ level: 'COMPLETE', adjustments: ['COMA', 'DEMENTIA_OR_MENTAL_DISORDER', 'RISK_EVENTS'] });
  });

  it.each([
    ...OUT_OF_RANGE_SCORES,
    ['perceptionSocial', 7.5, '0 to 15'],
    ['mobility', Number.NaN, '0 to 15'],
  ] as const)('rejects %s = %d, naming the field and its range', (field, score, range) => {
    const error = badInputFrom(() => assessCapability({ ...withTotal(50), [field]: score }));
    expect(error.message).toContain(field);
    expect(error.message).toContain(range);
    expect(error.extensions.field).toBe(field);
  });

  it.each([-1, 1.5])('rejects riskEventsLast30Days = %d', (risks) => {
    const error = badInputFrom(() => assessCapability(withTotal(50, { riskEventsLast30Days: risks })));
    expect(error.message).toContain('riskEventsLast30Days');
  });
});

describe('meal pricing', () => {
  const rule = (id: string, targetGroup: SubsidyTargetGroup, governmentCents: number, operatorDiscountCents: number, dailyCap = 2) =>
    ({ id, targetGroup, governmentCents, operatorDiscountCents, dailyCap }) satisfies SubsidyRule;
  const rules = [
    rule('low-income', 'LOW_INCOME', 600, 100),
    rule('age-80', 'AGE_80_PLUS', 400, 200),
    rule('age-60', 'AGE_60_PLUS', 200, 100, 1),
    rule('alone', 'LIVES_ALONE', 400, 300),
    rule('disabled', 'DISABLED', 500, 0, 3),
  ];

  it('splits the price: the government adds a little, the operator gives a little, the elder pays a little', () => {
    expect(priceMeal({ listPriceCents: 1500, elderGroups: ['AGE_80_PLUS'], subsidisedMealsToday: 0, rules })).toEqual({
      listPriceCents: 1500,
      governmentSubsidyCents: 400,
      operatorDiscountCents: 200,
      elderPaysCents: 900,
      subsidyRuleId: 'age-80',
    });
  });

  it('picks the largest government amount, then the largest discount', () => {
    expect(pickSubsidyRule(['AGE_60_PLUS', 'LOW_INCOME', 'DISABLED'], 0, rules)?.id).toBe('low-income');
    expect(pickSubsidyRule(['AGE_80_PLUS', 'LIVES_ALONE'], 0, rules)?.id).toBe('alone');
  });

  it('lets the elder pay the list price when no rule applies', () => {
    expect(priceMeal({ listPriceCents: 1500, elderGroups: ['NO_KIN'], subsidisedMealsToday: 0, rules })).toEqual({
      listPriceCents: 1500,
      governmentSubsidyCents: 0,
      operatorDiscountCents: 0,
      elderPaysCents: 1500,
      subsidyRuleId: null,
    });
    expect(priceMeal({ listPriceCents: 1500, elderGroups: ['LOW_INCOME'], subsidisedMealsToday: 0, rules: [] }).elderPaysCents).toBe(1500);
  });

  it('stops a rule at its daily cap and falls back to the next rule still open', () => {
    const groups: SubsidyTargetGroup[] = ['LOW_INCOME', 'DISABLED', 'AGE_60_PLUS'];
    const today = (n: number) => priceMeal({ listPriceCents: 1500, elderGroups: groups, subsidisedMealsToday: n, rules });
    expect(today(0).subsidyRuleId).toBe('low-income');
    expect(today(1).subsidyRuleId).toBe('low-income');
    expect(today(2).subsidyRuleId).toBe('disabled');
    expect(today(3)).toMatchObject({ subsidyRuleId: null, elderPaysCents: 1500 });
  });

  it('clips the subsidy, then the discount, to the price', () => {
    expect(priceMeal({ listPriceCents: 500, elderGroups: ['LOW_INCOME'], subsidisedMealsToday: 0, rules })).toMatchObject({
      governmentSubsidyCents: 500,
      operatorDiscountCents: 0,
      elderPaysCents: 0,
    });
    expect(priceMeal({ listPriceCents: 700, elderGroups: ['LIVES_ALONE'], subsidisedMealsToday: 0, rules })).toMatchObject({
      governmentSubsidyCents: 400,
      operatorDiscountCents: 300,
      elderPaysCents: 0,
    });
    expect(priceMeal({ listPriceCents: 0, elderGroups: ['LOW_INCOME'], subsidisedMealsToday: 0, rules })).toMatchObject({
      governmentSubsidyCents: 0,
      operatorDiscountCents: 0,
      elderPaysCents: 0,
    });
  });

  it('always sums the three parts to the list price, none negative', () => {
    const prices = [0, 1, 199, 200, 299, 300, 599, 600, 700, 701, 1000, 1500, 2500];
    // Every subset of the target groups.
    const groupSets = Array.from({ length: 1 << SUBSIDY_TARGET_GROUPS.length }, (_, mask) =>
      SUBSIDY_TARGET_GROUPS.filter((_, i) => mask & (1 << i)),
    );
    let checked = 0;
    for (const listPriceCents of prices) {
      for (const elderGroups of groupSets) {
        for (const subsidisedMealsToday of [0, 1, 2, 3, 4]) {
          const split = priceMeal({ listPriceCents, elderGroups, subsidisedMealsToday, rules });
          expect(split.governmentSubsidyCents + split.operatorDiscountCents + split.elderPaysCents).toBe(listPriceCents);
          expect(Math.min(split.governmentSubsidyCents, split.operatorDiscountCents, split.elderPaysCents)).toBeGreaterThanOrEqual(0);
          checked++;
        }
      }
    }
    expect(checked).toBe(prices.length * 64 * 5);
  });

  it.each([-1, 10.5, Number.NaN])('rejects a list price of %d', (listPriceCents) => {
    const error = badInputFrom(() => priceMeal({ listPriceCents, elderGroups: [], subsidisedMealsToday: 0, rules }));
    expect(error.message).toContain('listPriceCents');
  });

  it('rejects a negative count of meals already had', () => {
    badInputFrom(() => priceMeal({ listPriceCents: 1000, elderGroups: [], subsidisedMealsToday: -1, rules }));
  });

  it('checks rules before they are saved', () => {
    expect(() => checkSubsidyRule(rule('ok', 'AGE_80_PLUS', 300, 0, 1))).not.toThrow();
    expect(badInputFrom(() => checkSubsidyRule(rule('bad', 'AGE_80_PLUS', -1, 0))).message).toContain('governmentCents');
    expect(badInputFrom(() => checkSubsidyRule(rule('bad', 'AGE_80_PLUS', 1, 0.5))).message).toContain('operatorDiscountCents');
    expect(badInputFrom(() => checkSubsidyRule(rule('bad', 'AGE_80_PLUS', 1, 0, -2))).message).toContain('dailyCap');
  });
});

describe("an elder's subsidy groups on the day of a meal", () => {
  it('counts age on that day: 79 the day before the 80th birthday, 80 on it', () => {
    expect(subsidyGroupsOf([], '1946-11-22', '2026-11-21')).toEqual(['AGE_60_PLUS']);
    expect(subsidyGroupsOf([], '1946-11-22', '2026-11-22')).toEqual(['AGE_80_PLUS', 'AGE_60_PLUS']);
    expect(subsidyGroupsOf([], '1966-11-22', '2026-11-21')).toEqual([]);
    expect(subsidyGroupsOf([], '1966-11-22', '2026-11-22')).toEqual(['AGE_60_PLUS']);
  });

  it('takes the care tags that are subsidy groups, not EMPTY_NEST', () => {
    expect(subsidyGroupsOf(['EMPTY_NEST', 'LIVES_ALONE', 'NO_KIN', 'DISABLED', 'LOW_INCOME'], '1950-01-01', '2026-11-22')).toEqual([
      'LIVES_ALONE',
      'NO_KIN',
      'DISABLED',
      'LOW_INCOME',
      'AGE_60_PLUS',
    ]);
  });
});

describe('the day of a meal order', () => {
  const today = '2026-11-22';

  it(`accepts today to ${ORDER_DAYS_AHEAD} days ahead`, () => {
    expect(() => checkServiceDay(today, today)).not.toThrow();
    expect(() => checkServiceDay(addDays(today, ORDER_DAYS_AHEAD), today)).not.toThrow();
  });

  it.each([
    ['yesterday', addDays(today, -1), 'can be ordered for 2026-11-22 to 2026-12-06'],
    ['a day too far', addDays(today, ORDER_DAYS_AHEAD + 1), 'can be ordered for'],
    ['February 30th', '2026-02-30', 'real date'],
    ['a month 13', '2026-13-01', 'real date'],
  ])('refuses %s', (_, day, message) => {
    expect(badInputFrom(() => checkServiceDay(day, today)).message).toContain(message);
  });
});

describe('home modification items', () => {
  const item = (costCents: number, subsidyCents: number, description = '扶手') => ({ description, costCents, subsidyCents });

  it('sums costs and subsidies; a subsidy may equal the cost', () => {
    expect(sumHomeModification([item(180_000, 150_000), item(40_000, 40_000), item(0, 0)])).toEqual({ costCents: 220_000, subsidyCents: 190_000 });
  });

  it.each([
    ['no items', [], 'at least one item'],
    ['31 items', Array.from({ length: 31 }, () => item(1, 0)), 'at most 30'],
    ['a subsidy above the cost', [item(100, 0), item(100, 101)], 'items[1].subsidyCents'],
    ['a negative subsidy', [item(100, -1)], 'items[0].subsidyCents'],
    ['a negative cost', [item(-1, 0)], 'items[0].costCents'],
    ['fractional cents', [item(10.5, 0)], 'items[0].costCents'],
    ['a blank description', [item(100, 0, '  ')], 'items[0].description'],
  ])('refuses %s', (_, items, message) => {
    expect(badInputFrom(() => sumHomeModification(items)).message).toContain(message);
  });
});

describe('emergency contacts', () => {
  const contact = { name: '李华', relation: '女儿', phone: '13800138000' };

  it('accepts mobiles and landlines with an area code', () => {
    expect(() => checkEmergencyContacts([contact, { ...contact, phone: '0571-87654321' }, { ...contact, phone: '057187654321' }])).not.toThrow();
  });

  it.each([
    ['six contacts', Array.from({ length: 6 }, () => contact), 'at most 5'],
    ['a short phone', [contact, { ...contact, phone: '12345' }], 'emergencyContacts[1].phone'],
    ['a landline without area code', [{ ...contact, phone: '87654321' }], 'emergencyContacts[0].phone'],
    ['no name', [{ ...contact, name: ' ' }], 'emergencyContacts[0].name'],
    ['no relation', [{ ...contact, relation: '' }], 'emergencyContacts[0].relation'],
  ])('refuses %s', (_, contacts, message) => {
    expect(badInputFrom(() => checkEmergencyContacts(contacts)).message).toContain(message);
  });
});

describe('visit schedule', () => {
  it('has the default intervals', () => {
    expect(DEFAULT_VISIT_SCHEDULE).toEqual({ LIVES_ALONE: 7, NO_KIN: 7, EMPTY_NEST: 14, DISABLED: 14, ELDERLY: 30 });
  });

  it('parses with spaces around entries', () => {
    expect(parseVisitSchedule(' ELDERLY = 21 , VETERAN=10 ')).toEqual({ ELDERLY: 21, VETERAN: 10 });
  });

  it.each([
    ['ELDERLY=30,LIVES_ALONE', '"LIVES_ALONE"'],
    ['ELDERLY=30,LONELY=7', '"LONELY=7"'],
    ['ELDERLY=30,NO_KIN=0', '"NO_KIN=0"'],
    ['ELDERLY=30,NO_KIN=1.5', '"NO_KIN=1.5"'],
    ['ELDERLY=30,NO_KIN=-7', '"NO_KIN=-7"'],
    ['ELDERLY=30,NO_KIN=seven', '"NO_KIN=seven"'],
    ['ELDERLY=30,NO_KIN=7,NO_KIN=14', '"NO_KIN=14"'],
    ['ELDERLY=30,', 'stray comma'],
    ['LIVES_ALONE=7', 'ELDERLY'],
  ])('rejects %p with a one-line message naming %s', (text, named) => {
    let message = '';
    try {
      parseVisitSchedule(text);
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toContain(named);
    expect(message).not.toContain('\n');
  });

  it('gives an elder the shortest interval among their tags, ELDERLY for everyone', () => {
    expect(visitIntervalDays(DEFAULT_VISIT_SCHEDULE, [])).toBe(30);
    expect(visitIntervalDays(DEFAULT_VISIT_SCHEDULE, ['VETERAN', 'LOW_INCOME'])).toBe(30);
    expect(visitIntervalDays(DEFAULT_VISIT_SCHEDULE, ['EMPTY_NEST'])).toBe(14);
    expect(visitIntervalDays(DEFAULT_VISIT_SCHEDULE, ['EMPTY_NEST', 'LIVES_ALONE', 'DISABLED'])).toBe(7);
    expect(visitIntervalDays(parseVisitSchedule('ELDERLY=5,LIVES_ALONE=7'), ['LIVES_ALONE'])).toBe(5);
  });

  it('is due an interval after the last visit and overdue only after that', () => {
    const last = new Date('2025-03-01T09:00:00Z');
    const due = new Date('2025-03-08T09:00:00Z');
    expect(visitDueAt(last, 7)).toEqual(due);
    expect(isVisitOverdue(last, 7, new Date('2025-03-05T00:00:00Z'))).toBe(false);
    expect(isVisitOverdue(last, 7, due)).toBe(false);
    expect(isVisitOverdue(last, 7, new Date(due.getTime() + 1))).toBe(true);
  });

  it('counts an elder never visited as overdue', () => {
    expect(visitDueAt(null, 7)).toBeNull();
    expect(isVisitOverdue(null, 30, new Date())).toBe(true);
  });
});

describe('CARE_VISIT_INTERVAL_DAYS', () => {
  it('defaults to the rules when unset or blank', () => {
    expect(loadVisitSchedule({})).toEqual(DEFAULT_VISIT_SCHEDULE);
    expect(loadVisitSchedule({ CARE_VISIT_INTERVAL_DAYS: '  ' })).toEqual(DEFAULT_VISIT_SCHEDULE);
  });

  it('reads a local schedule', () => {
    expect(loadVisitSchedule({ CARE_VISIT_INTERVAL_DAYS: 'ELDERLY=21,LIVES_ALONE=3' })).toEqual({ ELDERLY: 21, LIVES_ALONE: 3 });
  });

  it('refuses a bad one with a one-line configuration error naming the variable and the entry', () => {
    const load = () => loadVisitSchedule({ CARE_VISIT_INTERVAL_DAYS: 'ELDERLY=30,NO_KIN=often' });
    expect(load).toThrow(ConfigError);
    expect(load).toThrow(/^CARE_VISIT_INTERVAL_DAYS: Bad visit schedule entry "NO_KIN=often"/);
  });
});

describe('home modification workflow', () => {
  it('moves one step forward at a time to ACCEPTED', () => {
    let status: (typeof HOME_MODIFICATION_STATUSES)[number] = 'APPLIED';
    for (const to of HOME_MODIFICATION_STATUSES.slice(1)) {
      expect(homeModificationWorkflow.allowed(status)).toEqual([to]);
      homeModificationWorkflow.assertMove(status, to);
      status = to;
    }
    expect(status).toBe('ACCEPTED');
    expect(homeModificationWorkflow.allowed('ACCEPTED')).toEqual([]);
  });

  it.each([
    ['APPLIED', 'DESIGNED', 'ASSESSED'],
    ['DESIGNED', 'ASSESSED', 'INSTALLING'],
    ['INSTALLING', 'INSTALLING', 'ACCEPTED'],
  ] as const)('refuses %s → %s, naming %s as the allowed next state', (from, to, next) => {
    const error = badInputFrom(() => homeModificationWorkflow.assertMove(from, to));
    expect(error.message).toContain(from);
    expect(error.message).toContain(next);
    expect(error.extensions.allowed).toEqual([next]);
  });

  it('refuses to move an ACCEPTED modification', () => {
    const error = badInputFrom(() => homeModificationWorkflow.assertMove('ACCEPTED', 'APPLIED'));
    expect(error.extensions.allowed).toEqual([]);
  });
});

describe('meal order workflow', () => {
  const allowed = new Set(['ORDERED→SERVED', 'SERVED→SETTLED', 'ORDERED→CANCELLED']);
  const pairs = MEAL_ORDER_STATUSES.flatMap((from) => MEAL_ORDER_STATUSES.map((to) => [from, to] as const));

  it.each(pairs)('%s → %s', (from, to) => {
    if (allowed.has(`${from}→${to}`)) expect(() => mealOrderWorkflow.assertMove(from, to)).not.toThrow();
    else expect(badInputFrom(() => mealOrderWorkflow.assertMove(from, to)).extensions).toMatchObject({ from, to });
  });

  it('cancels only ORDERED orders, blaming the order named by id', () => {
    expect(() => assertCancellable('ORDERED')).not.toThrow();
    for (const status of ['SERVED', 'SETTLED', 'CANCELLED'] as const) {
      const error = badInputFrom(() => assertCancellable(status));
      expect(error.message).toContain(status);
      expect(error.extensions).toMatchObject({ field: 'id', allowed: mealOrderWorkflow.allowed(status) });
    }
  });
});

describe('when something recorded in the field happened', () => {
  const now = Date.parse('2026-11-22T08:00:00Z');

  it('is now when not given, and accepts the past and a clock a few minutes fast', () => {
    expect(happenedAt('visitedAt', undefined, now).getTime()).toBe(now);
    const past = new Date(now - 86_400_000);
    expect(happenedAt('visitedAt', past, now)).toBe(past);
    expect(() => happenedAt('visitedAt', new Date(now + 4 * 60_000), now)).not.toThrow();
  });

  it('refuses the future, naming the field', () => {
    const error = badInputFrom(() => happenedAt('assessedAt', new Date(now + 3_600_000), now));
    expect(error.message).toContain('assessedAt');
    expect(error.extensions.field).toBe('assessedAt');
  });
});
