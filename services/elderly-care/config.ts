import { ConfigError } from '../kit/config';
import { DEFAULT_VISIT_SCHEDULE_TEXT, parseVisitSchedule, type VisitSchedule } from './rules/visit-schedule';

/**
 * The care visit intervals (local configuration): `CARE_VISIT_INTERVAL_DAYS=LIVES_ALONE=7,NO_KIN=7,...,ELDERLY=30`,
 * the rules' default when unset. A bad value is a ConfigError naming the variable and the bad entry.
 */
export function loadVisitSchedule(env: NodeJS.ProcessEnv = process.env): VisitSchedule {
  const text = env.CARE_VISIT_INTERVAL_DAYS?.trim() || DEFAULT_VISIT_SCHEDULE_TEXT;
  try {
    return parseVisitSchedule(text);
  } catch (error) {
    throw new ConfigError(`CARE_VISIT_INTERVAL_DAYS: ${(error as Error).message}`);
  }
}

let schedule: VisitSchedule | undefined;

/** Parsed once: at start-up through the subgraph's `settings` hook (a bad value stops the start), else on first use. */
export const visitSchedule = (env: NodeJS.ProcessEnv = process.env): VisitSchedule => (schedule ??= loadVisitSchedule(env));
