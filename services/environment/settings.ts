import { ConfigError } from '../kit/config';
import { ISSUE_CATEGORIES, type IssueCategory } from './rules/enums';
import { isOneOf } from '../kit/enums';
import { declareVariable } from '../kit/variables';

/** Environment's local rules, parsed once at start-up and handed to resolvers as `ctx.settings`. */
export interface EnvironmentSettings {
  /** Hours an issue of each category may take at its tier before it is overdue (处置时限). */
  deadlineHours: Readonly<Record<IssueCategory, number>>;
  /** How often the overdue sweep runs. */
  sweepIntervalMs: number;
}

/**
 * Default handling deadlines (hours per tier), after the usual digital city management practice: urgent water
 * pollution within a day, ordinary rubbish within two days, construction and noise cases within five working days.
 */
export const DEFAULT_DEADLINE_HOURS: Readonly<Record<IssueCategory, number>> = {
  FLOATING_DEBRIS: 24,
  GARBAGE_PILE: 48,
  SEWAGE_OUTFALL: 24,
  BLACK_ODOROUS_WATER: 72,
  ILLEGAL_DUMPING: 48,
  ILLEGAL_CONSTRUCTION: 120,
  NOISE: 48,
  OTHER: 72,
};

/**
 * `ENVIRONMENT_ISSUE_DEADLINE_HOURS=SEWAGE_OUTFALL=12,NOISE=24`: per-category overrides of the defaults. A bad entry is
 * a ConfigError naming the variable and the entry.
 */
export function parseDeadlineHours(text: string | undefined): Record<IssueCategory, number> {
  const hours = { ...DEFAULT_DEADLINE_HOURS };
  for (const entry of (text ?? '').split(',').map((e) => e.trim()).filter(Boolean)) {
    const [category, value] = entry.split('=').map((part) => part.trim());
    if (!isOneOf(ISSUE_CATEGORIES, category)) {
      throw new ConfigError(`ENVIRONMENT_ISSUE_DEADLINE_HOURS: "${entry}" names no category (one of ${ISSUE_CATEGORIES.join(', ')})`);
    }
    const n = Number(value);
    if (!Number.isInteger(n) || n < 1 || n > 24 * 365) {
      throw new ConfigError(`ENVIRONMENT_ISSUE_DEADLINE_HOURS: "${entry}" must give whole hours from 1 to 8760`);
    }
    hours[category] = n;
  }
  return hours;
}

export function parseEnvironmentSettings(env: Readonly<NodeJS.ProcessEnv>): EnvironmentSettings {
  declareVariable({ name: 'ENVIRONMENT_ISSUE_DEADLINE_HOURS', default: Object.entries(DEFAULT_DEADLINE_HOURS).map(([c, h]) => `${c}=${h}`).join(','), description: 'Handling deadline in hours per issue category and tier (处置时限), e.g. SEWAGE_OUTFALL=12; unlisted categories keep their default' });
  declareVariable({ name: 'ENVIRONMENT_SWEEP_INTERVAL_MS', default: '60000', description: 'How often every replica raises overdue environment issues one tier' });
  const sweepText = env.ENVIRONMENT_SWEEP_INTERVAL_MS?.trim() || '60000';
  const sweepIntervalMs = Number(sweepText);
  if (!Number.isInteger(sweepIntervalMs) || sweepIntervalMs < 1000 || sweepIntervalMs > 86_400_000) {
    throw new ConfigError(`ENVIRONMENT_SWEEP_INTERVAL_MS must be whole milliseconds from 1000 to 86400000 (got ${JSON.stringify(sweepText)})`);
  }
  return { deadlineHours: parseDeadlineHours(env.ENVIRONMENT_ISSUE_DEADLINE_HOURS), sweepIntervalMs };
}

/** An issue's deadline at its tier: `from` plus its category's hours. */
export const deadlineOf = (settings: EnvironmentSettings, category: IssueCategory, from: Date = new Date()) =>
  new Date(from.getTime() + settings.deadlineHours[category] * 3_600_000);
