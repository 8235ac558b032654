import { ConfigError } from '../kit/config';
import { DEFAULT_VISIT_SCHEDULE_TEXT, parseVisitSchedule, type VisitSchedule } from './rules/visit-schedule';

/** Elderly care's local rules, parsed once at start-up and handed to resolvers as `ctx.settings`. */
export interface ElderlyCareSettings {
  /** Care visit intervals per tag (探访频次). */
  visitSchedule: VisitSchedule;
  /** Meals one elder may have ordered (not cancelled) for one day, at any point: breakfast, lunch and dinner by default. */
  mealOrdersPerElderPerDay: number;
}

/** `MEAL_ORDERS_PER_ELDER_PER_DAY`: 1 to 10, default 3 (one per meal of the day), so no elder books out a point's day. */
export function loadMealOrderLimit(env: Readonly<NodeJS.ProcessEnv>): number {
  const text = env.MEAL_ORDERS_PER_ELDER_PER_DAY?.trim();
  if (!text) return 3;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1 || value > 10) {
    throw new ConfigError(`MEAL_ORDERS_PER_ELDER_PER_DAY must be a whole number from 1 to 10 (got ${JSON.stringify(text)})`);
  }
  return value;
}

/**
 * The care visit intervals (local configuration): `CARE_VISIT_INTERVAL_DAYS=LIVES_ALONE=7,NO_KIN=7,...,ELDERLY=30`,
 * the rules' default when unset. A bad value is a ConfigError naming the variable and the bad entry.
 */
export function loadVisitSchedule(env: Readonly<NodeJS.ProcessEnv>): VisitSchedule {
  const text = env.CARE_VISIT_INTERVAL_DAYS?.trim() || DEFAULT_VISIT_SCHEDULE_TEXT;
  try {
    return parseVisitSchedule(text);
  } catch (error) {
    throw new ConfigError(`CARE_VISIT_INTERVAL_DAYS: ${(error as Error).message}`);
  }
}

export const parseElderlyCareSettings = (env: Readonly<NodeJS.ProcessEnv>): ElderlyCareSettings => ({
  visitSchedule: loadVisitSchedule(env),
  mealOrdersPerElderPerDay: loadMealOrderLimit(env),
});
