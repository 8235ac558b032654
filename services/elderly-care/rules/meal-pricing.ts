import { addDays, ageOn } from '../../kit/dates';
import { isOneOf } from '../../kit/enums';
import { badInput } from '../../kit/errors';
import { SUBSIDY_TARGET_GROUPS, type CareTag, type MealOrderMode, type SubsidyTargetGroup } from './enums';

/** A local meal subsidy rule (助餐补贴): data, not code, because every city sets its own amounts. */
export interface SubsidyRule {
  id: string;
  targetGroup: SubsidyTargetGroup;
  /** What the government adds per meal. */
  governmentCents: number;
  /** What the operator gives per meal. */
  operatorDiscountCents: number;
  /** Subsidised meals per elder per day. */
  dailyCap: number;
}

export interface MealPriceInput {
  listPriceCents: number;
  elderGroups: readonly SubsidyTargetGroup[];
  /** Subsidised meals the elder already had today, under any rule. */
  subsidisedMealsToday: number;
  /** The active rules; inactive ones are the caller's to leave out. */
  rules: readonly SubsidyRule[];
}

/** "The government adds a little, the operator gives a little, the elder pays a little": the parts sum to the list price. */
export interface MealPriceSplit {
  listPriceCents: number;
  governmentSubsidyCents: number;
  operatorDiscountCents: number;
  elderPaysCents: number;
  /** The rule applied, or null when the elder pays the list price. */
  subsidyRuleId: string | null;
}

const requireCount = (field: string, value: number) => {
  if (!Number.isInteger(value) || value < 0) {
    throw badInput(`${field} must be a whole number of 0 or more; got ${value}.`, { field, min: 0 });
  }
};

/** For the path that saves rules: amounts are whole cents and the cap a whole number of meals, none negative. */
export function checkSubsidyRule(rule: SubsidyRule): void {
  requireCount('governmentCents', rule.governmentCents);
  requireCount('operatorDiscountCents', rule.operatorDiscountCents);
  requireCount('dailyCap', rule.dailyCap);
}

/**
 * The applicable rule with the largest government amount, then the largest operator discount, among those whose
 * daily cap the elder has not reached; ties go to the smaller id so the same order always prices the same.
 */
export function pickSubsidyRule(
  elderGroups: readonly SubsidyTargetGroup[],
  subsidisedMealsToday: number,
  rules: readonly SubsidyRule[],
): SubsidyRule | null {
  const applicable = rules.filter((r) => elderGroups.includes(r.targetGroup) && subsidisedMealsToday < r.dailyCap);
  applicable.sort(
    (a, b) =>
      b.governmentCents - a.governmentCents ||
      b.operatorDiscountCents - a.operatorDiscountCents ||
      (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );
  return applicable[0] ?? null;
}

export function priceMeal({ listPriceCents, elderGroups, subsidisedMealsToday, rules }: MealPriceInput): MealPriceSplit {
  requireCount('listPriceCents', listPriceCents);
  requireCount('subsidisedMealsToday', subsidisedMealsToday);
  const rule = pickSubsidyRule(elderGroups, subsidisedMealsToday, rules);
  // Clip: the government pays first, the operator's discount covers at most what is left, the elder never gets money back.
  const governmentSubsidyCents = Math.min(rule?.governmentCents ?? 0, listPriceCents);
  const operatorDiscountCents = Math.min(rule?.operatorDiscountCents ?? 0, listPriceCents - governmentSubsidyCents);
  return {
    listPriceCents,
    governmentSubsidyCents,
    operatorDiscountCents,
    elderPaysCents: listPriceCents - governmentSubsidyCents - operatorDiscountCents,
    subsidyRuleId: rule?.id ?? null,
  };
}

/** The subsidy groups an elder is in on the day of a meal: their care tags, and their age counted on that day. */
export function subsidyGroupsOf(careTags: readonly CareTag[], birthDate: string, servedOn: string): SubsidyTargetGroup[] {
  const age = ageOn(birthDate, new Date(`${servedOn}T00:00:00Z`));
  const groups: SubsidyTargetGroup[] = careTags.filter((tag): tag is CareTag & SubsidyTargetGroup => isOneOf(SUBSIDY_TARGET_GROUPS, tag));
  if (age >= 80) groups.push('AGE_80_PLUS');
  if (age >= 60) groups.push('AGE_60_PLUS');
  return groups;
}

/** Meals are ordered for today up to this many days ahead. */
export const ORDER_DAYS_AHEAD = 14;

/** A meal's day must be a real date from today to ORDER_DAYS_AHEAD days ahead. */
export function checkServiceDay(servedOn: string, today: string): void {
  const day = new Date(`${servedOn}T00:00:00Z`);
  if (Number.isNaN(day.getTime()) || day.toISOString().slice(0, 10) !== servedOn) {
    throw badInput(`servedOn must be a real date as YYYY-MM-DD; got "${servedOn}".`, { field: 'servedOn' });
  }
  const lastDay = addDays(today, ORDER_DAYS_AHEAD);
  if (servedOn < today || servedOn > lastDay) {
    throw badInput(`Meals can be ordered for ${today} to ${lastDay}; got ${servedOn}.`, { field: 'servedOn', min: today, max: lastDay });
  }
}

/** DELIVERY only where the meal point delivers to homes (送餐上门). */
export function assertDelivers(point: { name: string; offersDelivery: boolean }, mode: MealOrderMode): void {
  if (mode === 'DELIVERY' && !point.offersDelivery) {
    throw badInput(`${point.name} does not deliver: choose DINE_IN or PICKUP.`, { field: 'mode' });
  }
}
