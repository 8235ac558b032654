import { and, eq, gte, inArray, isNull, or, sql, type SQL } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import { communityEventsOf, type CommunityEvent } from '../domain/community-events';
import { dayOf } from '../kit/dates';
import type { Transaction } from '../kit/db';
import { isOneOf } from '../kit/enums';
import type { ChangeEvent } from '../kit/feed';
import { CARE_TAGS } from './rules/enums';
import { careTag, elderlyProfiles, mealOrders, mealPlans } from './tables';

/**
 * Elderly care's copies of community's facts (household, grid, community, care tags), kept true by community's change
 * feed. Each event carries the new values whole and every update below writes only where the copy differs, so an
 * event applied again changes nothing (not even the profile's version).
 */

/** A profile changed by the feed moves its version on, like any change its readers must notice. */
const touched = () => ({ version: sql`${elderlyProfiles.version} + 1`, updatedAt: new Date() });

/** Where any of the columns differs from its new value. */
const differs = (pairs: [PgColumn, SQL | string][]) => or(...pairs.map(([column, value]) => sql`${column} is distinct from ${value}`));

/** Care tags as a typed array literal (an empty one too). */
const careTagsSql = (tags: readonly string[]) => sql`array[${sql.join(tags.map((tag) => sql`${tag}`), sql`, `)}]::${careTag}[]`;

async function applyOne(tx: Transaction, event: CommunityEvent, occurredAt: Date): Promise<void> {
  switch (event.kind) {
    case 'RESIDENT_MOVED': {
      const { residentId, householdId, gridId, communityId } = event;
      await tx
        .update(elderlyProfiles)
        .set({ householdId, gridId, communityId, ...touched() })
        .where(
          and(
            eq(elderlyProfiles.residentId, residentId),
            differs([
              [elderlyProfiles.householdId, householdId],
              [elderlyProfiles.gridId, gridId],
              [elderlyProfiles.communityId, communityId],
            ]),
          ),
        );
      return;
    }
    case 'RESIDENT_TAGS_CHANGED': {
      // The visit interval and the subsidy groups are read from the care tags, so they follow.
      const careTags = event.tags.filter((tag) => isOneOf(CARE_TAGS, tag));
      await tx
        .update(elderlyProfiles)
        .set({ careTags, ...touched() })
        .where(and(eq(elderlyProfiles.residentId, event.residentId), differs([[elderlyProfiles.careTags, careTagsSql(careTags)]])));
      return;
    }
    case 'BUILDING_REASSIGNED': {
      const { householdIds, gridId, communityId } = event;
      if (householdIds.length === 0) return;
      await tx
        .update(elderlyProfiles)
        .set({ gridId, communityId, ...touched() })
        .where(
          and(
            inArray(elderlyProfiles.householdId, householdIds),
            differs([
              [elderlyProfiles.gridId, gridId],
              [elderlyProfiles.communityId, communityId],
            ]),
          ),
        );
      return;
    }
    case 'RESIDENT_DEREGISTERED': {
      // Closes what is open (the profile, its meal plan, meals ordered for days to come); visits, assessments,
      // served meals and home modifications stay as history.
      const closedAt = event.deregisteredAt ? new Date(event.deregisteredAt) : occurredAt;
      const closed = await tx
        .update(elderlyProfiles)
        .set({ closedAt, ...touched() })
        .where(and(eq(elderlyProfiles.residentId, event.residentId), isNull(elderlyProfiles.closedAt)))
        .returning({ id: elderlyProfiles.id });
      const profileIds = closed.map((profile) => profile.id);
      if (profileIds.length === 0) return;
      await tx.update(mealPlans).set({ pausedAt: closedAt }).where(and(inArray(mealPlans.profileId, profileIds), isNull(mealPlans.pausedAt)));
      await tx
        .update(mealOrders)
        .set({ status: 'CANCELLED' })
        .where(and(inArray(mealOrders.profileId, profileIds), eq(mealOrders.status, 'ORDERED'), gte(mealOrders.servedOn, dayOf(closedAt))));
      return;
    }
  }
}

/** Applies a batch of community's changes in order, in the consumer's transaction (kit/feed). */
export async function applyCommunityChanges(tx: Transaction, changes: ChangeEvent[]): Promise<void> {
  for (const change of changes) {
    // Kinds this subgraph does not know yet are skipped (communityEventsOf), so community may add some.
    for (const event of communityEventsOf([change])) await applyOne(tx, event, new Date(change.occurredAt));
  }
}
