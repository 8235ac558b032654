import { addWorkingDays } from '../../kit/working-days';
import type { HazardRemedy } from './enums';

/**
 * The dates of a hazard found at an inspection (消防监督检查): a deadline notice (责令限期改正通知书) is due within
 * `noticeWorkingDays` working days of the inspection; the hazard must be put right by the day the inspector sets
 * (on the inspection day itself when it is to be put right at once); re-inspection (复查) is due within
 * `reinspectionWorkingDays` working days of that day.
 */
export function hazardDates(
  inspectedOn: string,
  remedy: { remedy: HazardRemedy; rectifyBy?: string | null },
  rules: { noticeWorkingDays: number; reinspectionWorkingDays: number; holidays: readonly string[]; makeUpDays: readonly string[] },
): { noticeDueOn: string | null; rectifyBy: string; reinspectionDueOn: string } {
  const rectifyBy = remedy.remedy === 'IMMEDIATE' ? inspectedOn : remedy.rectifyBy!;
  return {
    noticeDueOn: remedy.remedy === 'DEADLINE' ? addWorkingDays(inspectedOn, rules.noticeWorkingDays, rules.holidays, rules.makeUpDays) : null,
    rectifyBy,
    reinspectionDueOn: addWorkingDays(rectifyBy, rules.reinspectionWorkingDays, rules.holidays, rules.makeUpDays),
  };
}

/** Dates are local to the district (China Standard Time, no daylight saving): a day ends at 24:00 +08:00. */
export const endOfDay = (day: string): Date => new Date(Date.parse(`${day}T00:00:00+08:00`) + 86_400_000);

/** The district's calendar date of an instant. */
export const localDayOf = (at: Date): string => new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
