import { badInput } from '../../kit/errors';

/** Clocks of tablets in the field run a little fast. */
const CLOCK_SKEW_MS = 5 * 60_000;

/** When something recorded in the field happened (a visit, an assessment): now if not given, never in the future. */
export function happenedAt(field: string, at: Date | undefined, now = Date.now()): Date {
  if (at && at.getTime() > now + CLOCK_SKEW_MS) throw badInput(`${field} must not be in the future; got ${at.toISOString()}.`, { field });
  return at ?? new Date(now);
}
