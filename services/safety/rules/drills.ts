/**
 * Fire drills (消防演练): key units (消防安全重点单位) drill every `keyUnitMonths` months, other sites every
 * `otherMonths`. A site is overdue when its last drill is older than that, or it never drilled.
 */
export const drillIntervalMonths = (site: { isKeyUnit: boolean }, rules: { keyUnitMonths: number; otherMonths: number }) =>
  site.isKeyUnit ? rules.keyUnitMonths : rules.otherMonths;

/** The day the next drill is due: the interval after the last one, or today when there was none. */
export function nextDrillDue(lastDrillAt: Date | null, months: number, today: Date = new Date()): Date {
  if (!lastDrillAt) return today;
  const due = new Date(lastDrillAt);
  due.setUTCMonth(due.getUTCMonth() + months);
  return due;
}
