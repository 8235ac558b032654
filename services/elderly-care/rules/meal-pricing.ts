import { badInput } from '../../kit/errors';
import type { SubsidyTargetGroup } from './enums';

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
