import { isOneOf } from '../../kit/enums';

/**
 * Care visit intervals (探访频次) per resident tag: local configuration, e.g.
 * `LIVES_ALONE=7,NO_KIN=7,EMPTY_NEST=14,DISABLED=14,ELDERLY=30`. Elders living alone or without kin are visited
 * more often, so an elder's interval is the shortest among their tags.
 */

/** The community subgraph's resident tags plus ELDERLY, which every elder has (it is derived from the birth date). */
export const VISIT_TAGS = ['ELDERLY', 'LIVES_ALONE', 'EMPTY_NEST', 'NO_KIN', 'DISABLED', 'LOW_INCOME', 'VETERAN'] as const;
export type VisitTag = (typeof VISIT_TAGS)[number];

/** Days between visits per tag; ELDERLY is required so that every elder has an interval. */
export type VisitSchedule = Readonly<Partial<Record<VisitTag, number>> & { ELDERLY: number }>;

export const DEFAULT_VISIT_SCHEDULE_TEXT = 'LIVES_ALONE=7,NO_KIN=7,EMPTY_NEST=14,DISABLED=14,ELDERLY=30';

const DAY_MS = 24 * 60 * 60 * 1000;

const isVisitTag = (tag: string): tag is VisitTag => isOneOf(VISIT_TAGS, tag);

const badEntry = (entry: string, why: string) => new Error(`Bad visit schedule entry "${entry}": ${why}.`);

/** Parses `TAG=days,...`; a bad entry throws an Error whose one-line message names it. */
export function parseVisitSchedule(text: string): VisitSchedule {
  const schedule: Partial<Record<VisitTag, number>> = {};
  for (const raw of text.split(',')) {
    const entry = raw.trim();
    const parts = entry.split('=').map((p) => p.trim());
    if (parts.length !== 2) throw badEntry(entry, entry ? 'expected TAG=days, e.g. LIVES_ALONE=7' : 'empty, check for a stray comma');
    const [tag, days] = parts;
    if (!isVisitTag(tag)) throw badEntry(entry, `unknown tag "${tag}", known tags are ${VISIT_TAGS.join(', ')}`);
    if (schedule[tag] !== undefined) throw badEntry(entry, `${tag} is set more than once`);
    if (!/^\d+$/.test(days) || Number(days) < 1) throw badEntry(entry, 'days must be a whole number of at least 1');
    schedule[tag] = Number(days);
  }
  const { ELDERLY } = schedule;
  if (ELDERLY === undefined) {
    throw new Error(`Visit schedule "${text}" has no ELDERLY entry: set the interval that applies to every elder.`);
  }
  return { ...schedule, ELDERLY };
}

export const DEFAULT_VISIT_SCHEDULE: VisitSchedule = parseVisitSchedule(DEFAULT_VISIT_SCHEDULE_TEXT);

/** The shortest interval among the elder's tags; tags the schedule does not name (e.g. VETERAN) do not count. */
export function visitIntervalDays(schedule: VisitSchedule, tags: readonly string[]): number {
  return tags.reduce(
    (shortest, tag) => (isVisitTag(tag) ? Math.min(shortest, schedule[tag] ?? shortest) : shortest),
    schedule.ELDERLY,
  );
}

/** When the next visit is due; null for an elder never visited, who is due at once. */
export function visitDueAt(lastVisitedAt: Date | null, intervalDays: number): Date | null {
  return lastVisitedAt && new Date(lastVisitedAt.getTime() + intervalDays * DAY_MS);
}

/** Overdue once the due moment has passed; an elder never visited is overdue. */
export function isVisitOverdue(lastVisitedAt: Date | null, intervalDays: number, now: Date): boolean {
  const dueAt = visitDueAt(lastVisitedAt, intervalDays);
  return dueAt === null || now.getTime() > dueAt.getTime();
}
