import { z } from 'zod';
import { ConfigError, field } from '../kit/config';
import { declareVariable } from '../kit/variables';
import { DEFAULT_VISIT_SCHEDULE_TEXT, parseVisitSchedule, type VisitSchedule } from './rules/visit-schedule';

/** Elderly care's local rules, parsed once at start-up and handed to resolvers as `ctx.settings`. */
export interface ElderlyCareSettings {
  /** Care visit intervals per tag (探访频次). */
  visitSchedule: VisitSchedule;
  /** Meals one elder may have ordered (not cancelled) for one day, at any point: breakfast, lunch and dinner by default. */
  mealOrdersPerElderPerDay: number;
}

/** `MEAL_ORDERS_PER_ELDER_PER_DAY`: 1 to 10, default 3 (one per meal of the day), so no elder books out a point's day. */
export const loadMealOrderLimit = (env: Readonly<NodeJS.ProcessEnv>): number =>
  field(
    env,
    'MEAL_ORDERS_PER_ELDER_PER_DAY',
    z.coerce.number({ message: 'must be a whole number from 1 to 10' }).int('must be a whole number from 1 to 10').min(1, 'must be a whole number from 1 to 10').max(10, 'must be a whole number from 1 to 10').default(3),
    'Meals one elder may have ordered (not cancelled) for one day, at any meal point; one more is a CONFLICT userError',
  );

/**
 * The care visit intervals (local configuration): `CARE_VISIT_INTERVAL_DAYS=LIVES_ALONE=7,NO_KIN=7,...,ELDERLY=30`,
 * the rules' default when unset. A bad value is a ConfigError naming the variable and the bad entry.
 */
export function loadVisitSchedule(env: Readonly<NodeJS.ProcessEnv>): VisitSchedule {
  declareVariable({ name: 'CARE_VISIT_INTERVAL_DAYS', default: DEFAULT_VISIT_SCHEDULE_TEXT, description: 'Care visit interval in days per care tag (探访频次); an elder is visited at the shortest interval of their tags' });
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
