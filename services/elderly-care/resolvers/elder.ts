import { eq } from 'drizzle-orm';
import type { Transaction } from '../../kit/db';
import { badInput, notFound } from '../../kit/errors';
import type { ElderlyCareContext, ProfileRecord } from '../loaders';
import { elderlyProfiles } from '../tables';


/** The profile of the resident a mutation names; the loader refuses elders the viewer may not see. */
export async function requireProfile(ctx: ElderlyCareContext, residentId: string): Promise<ProfileRecord> {
  const profile = await ctx.loaders.profileByResident.load(residentId);
  if (!profile) throw notFound('The elderly-care profile of resident', residentId);
  return profile;
}

/**
 * Locks the elder's profile row until the transaction ends and returns it as it now stands: writes that read before
 * they write (the daily subsidy cap, merged needs) take it first, so two of them for one elder do not interleave.
 */
export async function lockProfile(tx: Transaction, profileId: string) {
  const [row] = await tx.select().from(elderlyProfiles).where(eq(elderlyProfiles.id, profileId)).for('update');
  return row;
}

/** After a write about an elder, later reads in the same request see it: the elder's cached rows are dropped. */
export function forgetElder(ctx: ElderlyCareContext, elder: { profileId: string; residentId: string }): void {
  const { loaders } = ctx;
  loaders.profileById.clear(elder.profileId);
  loaders.profileByResident.clear(elder.residentId);
  const byProfile = [
    loaders.assessmentsByProfile,
    loaders.visitsByProfile,
    loaders.lastVisitByProfile,
    loaders.mealPlanByProfile,
    loaders.recentMealOrdersByProfile,
    loaders.homeModificationsByProfile,
  ];
  for (const loader of byProfile) loader.clear(elder.profileId);
}

/** Clocks of tablets in the field run a little fast. */
const CLOCK_SKEW_MS = 5 * 60_000;

/** When something happened: now if not given, never in the future. */
export function happenedAt(field: string, at: Date | undefined): Date {
  const now = Date.now();
  if (at && at.getTime() > now + CLOCK_SKEW_MS) throw badInput(`${field} must not be in the future; got ${at.toISOString()}.`, { field });
  return at ?? new Date(now);
}
