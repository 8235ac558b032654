import { isCalendarDate } from './scalars';

/**
 * Working-day arithmetic on calendar dates (YYYY-MM-DD): Monday to Friday count, Saturdays and Sundays do not, and
 * neither do the holidays the caller names. Weekend days the caller names as make-up working days (调休上班) count.
 * Deadlines counted "within N working days" use it; which days are holidays is local configuration, not a constant.
 */
export interface WorkingCalendar {
  /** Days off on weekdays (public holidays). */
  holidays?: Iterable<string>;
  /** Weekend days worked in exchange for a holiday bridge. */
  makeUpDays?: Iterable<string>;
}

const DAY_MS = 86_400_000;

const toUtc = (day: string): number => {
  if (!isCalendarDate(day)) throw new RangeError(`not a calendar date written YYYY-MM-DD: ${JSON.stringify(day)}`);
  return Date.parse(`${day}T00:00:00Z`);
};
const fromUtc = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

/** Whether `day` is a working day on this calendar. */
export function isWorkingDay(day: string, calendar: WorkingCalendar = {}): boolean {
  const weekday = new Date(toUtc(day)).getUTCDay();
  if (new Set(calendar.makeUpDays ?? []).has(day)) return true;
  if (weekday === 0 || weekday === 6) return false;
  return !new Set(calendar.holidays ?? []).has(day);
}

/**
 * The date `n` working days after `day` (n ≥ 0): the n-th working day that follows it, `day` itself not counted, so
 * "within 3 working days of Friday" is Wednesday. With n = 0, `day` itself.
 */
export function addWorkingDays(day: string, n: number, holidays: Iterable<string> = [], makeUpDays: Iterable<string> = []): string {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`working days must be a whole number, 0 or more; got ${n}`);
  const calendar = { holidays: new Set(holidays), makeUpDays: new Set(makeUpDays) };
  let ms = toUtc(day);
  for (let left = n; left > 0; ) {
    ms += DAY_MS;
    if (isWorkingDay(fromUtc(ms), calendar)) left--;
  }
  return fromUtc(ms);
}
