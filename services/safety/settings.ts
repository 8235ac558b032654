import { ConfigError } from '../kit/config';
import { isCalendarDate } from '../kit/scalars';
import { declareVariable } from '../kit/variables';

/** Safety's local rules (docs/domain-rules.md "(local)"), parsed once at start-up and handed to resolvers as `ctx.settings`. */
export interface SafetySettings {
  /** An alarm nobody acknowledged within this long is escalated by the sweep. */
  acknowledgeWithinMs: number;
  /** How often each replica runs the sweeps (escalation, overdue hazards). */
  sweepEveryMs: number;
  /** A device silent for longer is offline. */
  offlineAfterMs: number;
  /** Under this battery level a device reports LOW_BATTERY. */
  lowBatteryPercent: number;
  /** Working days from the inspection to the deadline notice, and from the deadline to re-inspection. */
  noticeWorkingDays: number;
  reinspectionWorkingDays: number;
  /** Public holidays on weekdays, and weekend days worked in exchange (调休), YYYY-MM-DD. */
  holidays: readonly string[];
  makeUpDays: readonly string[];
  /** When the sweep raises an overdue hazard one tier up, the new tier gets this long. */
  hazardRaiseMs: number;
  /** Drill intervals: key units (消防安全重点单位) and other sites. */
  keyUnitDrillMonths: number;
  otherDrillMonths: number;
}

function positiveNumber(env: Readonly<NodeJS.ProcessEnv>, name: string, fallback: number, description: string, max = Number.MAX_SAFE_INTEGER): number {
  declareVariable({ name, description, default: String(fallback) });
  const text = env[name]?.trim();
  if (!text) return fallback;
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0 || value > max) throw new ConfigError(`${name} must be a number above 0 and at most ${max} (got ${JSON.stringify(text)})`);
  return value;
}

function wholeNumber(env: Readonly<NodeJS.ProcessEnv>, name: string, fallback: number, description: string, max: number): number {
  const value = positiveNumber(env, name, fallback, description, max);
  if (!Number.isInteger(value)) throw new ConfigError(`${name} must be a whole number (got ${JSON.stringify(env[name])})`);
  return value;
}

function dates(env: Readonly<NodeJS.ProcessEnv>, name: string, description: string): string[] {
  declareVariable({ name, description });
  const list = (env[name] ?? '').split(',').map((d) => d.trim()).filter(Boolean);
  const bad = list.find((d) => !isCalendarDate(d));
  if (bad) throw new ConfigError(`${name} must list dates written YYYY-MM-DD, separated by commas (got ${JSON.stringify(bad)})`);
  return list;
}

/**
 * `SAFETY_ACK_TIMEOUT_SECONDS` (300), `SAFETY_SWEEP_INTERVAL_SECONDS` (30), `SAFETY_OFFLINE_AFTER_MINUTES` (1440: NB-IoT smoke alarms report daily),
 * `SAFETY_LOW_BATTERY_PERCENT` (20), `SAFETY_NOTICE_WORKING_DAYS` (3), `SAFETY_REINSPECTION_WORKING_DAYS` (3),
 * `SAFETY_HOLIDAYS` and `SAFETY_MAKE_UP_WORKDAYS` (comma-separated dates), `SAFETY_HAZARD_RAISE_HOURS` (72),
 * `SAFETY_DRILL_MONTHS_KEY_UNIT` (6) and `SAFETY_DRILL_MONTHS_OTHER` (12). A bad value is a ConfigError.
 */
export const parseSafetySettings = (env: Readonly<NodeJS.ProcessEnv>): SafetySettings => ({
  acknowledgeWithinMs: positiveNumber(env, 'SAFETY_ACK_TIMEOUT_SECONDS', 300, 'An alarm nobody acknowledged within this many seconds escalates to 119/120/110') * 1000,
  sweepEveryMs: positiveNumber(env, 'SAFETY_SWEEP_INTERVAL_SECONDS', 30, 'How often every replica sweeps (alarm escalation, overdue hazards)') * 1000,
  offlineAfterMs: positiveNumber(env, 'SAFETY_OFFLINE_AFTER_MINUTES', 1440, 'A device silent for longer is offline (NB-IoT smoke alarms report daily)') * 60_000,
  lowBatteryPercent: positiveNumber(env, 'SAFETY_LOW_BATTERY_PERCENT', 20, 'Under this battery level a device reports LOW_BATTERY', 100),
  noticeWorkingDays: wholeNumber(env, 'SAFETY_NOTICE_WORKING_DAYS', 3, 'Working days from a fire inspection to its hazard deadline notice', 60),
  reinspectionWorkingDays: wholeNumber(env, 'SAFETY_REINSPECTION_WORKING_DAYS', 3, 'Working days from a hazard\'s deadline to its re-inspection', 60),
  holidays: dates(env, 'SAFETY_HOLIDAYS', 'Public holidays on weekdays (YYYY-MM-DD, comma-separated), not working days'),
  makeUpDays: dates(env, 'SAFETY_MAKE_UP_WORKDAYS', 'Weekend days worked in exchange (调休; YYYY-MM-DD, comma-separated)'),
  hazardRaiseMs: positiveNumber(env, 'SAFETY_HAZARD_RAISE_HOURS', 72, 'Hours an overdue hazard gets at the tier the sweep raises it to') * 3_600_000,
  keyUnitDrillMonths: wholeNumber(env, 'SAFETY_DRILL_MONTHS_KEY_UNIT', 6, 'Months between fire drills at key units (消防安全重点单位)', 120),
  otherDrillMonths: wholeNumber(env, 'SAFETY_DRILL_MONTHS_OTHER', 12, 'Months between fire drills at other sites', 120),
});
