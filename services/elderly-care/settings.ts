import { ConfigError } from '../kit/config';
import { declareVariable } from '../kit/variables';
import { DEFAULT_VISIT_SCHEDULE_TEXT, parseVisitSchedule, type VisitSchedule } from './rules/visit-schedule';

/** Elderly care's local rules, parsed once at start-up and handed to resolvers as `ctx.settings`. */
export interface ElderlyCareSettings {
  /** Care visit intervals per tag (探访频次). */
  visitSchedule: VisitSchedule;
}

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

export const parseElderlyCareSettings = (env: Readonly<NodeJS.ProcessEnv>): ElderlyCareSettings => ({ visitSchedule: loadVisitSchedule(env) });
