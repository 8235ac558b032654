import { eq, sql } from 'drizzle-orm';
import type { Transaction } from '../kit/db';
import type { ChangeEvent } from '../kit/feed';
import { communityEventsOf } from '../domain/community-events';
import { householdCopies, residentCopies, sites } from './tables';

/**
 * Applies community's change events to safety's copies, in the consumer's transaction. Each event carries the new
 * values whole, so applying it again changes nothing:
 * - RESIDENT_MOVED: the resident now lives in that household, which lies in that building and grid. Devices stay
 *   where they are fitted: a device belongs to a dwelling, not to a person.
 * - RESIDENT_DEREGISTERED: the resident no longer finds a home here; the household's devices and alarms stay.
 * - BUILDING_REASSIGNED: every household listed, and any site that is that building, now lies in the new grid, so
 *   their devices' alarms go to the new grid's workers.
 */
export async function applyCommunityEvents(tx: Transaction, changes: ChangeEvent[]): Promise<void> {
  for (const event of communityEventsOf(changes)) {
    switch (event.kind) {
      case 'RESIDENT_MOVED': {
        const household = { id: event.householdId, buildingId: event.buildingId, gridId: event.gridId, communityId: event.communityId };
        await tx
          .insert(householdCopies)
          .values(household)
          .onConflictDoUpdate({ target: householdCopies.id, set: { buildingId: household.buildingId, gridId: household.gridId, communityId: household.communityId, updatedAt: sql`now()` } });
        await tx.insert(residentCopies).values({ id: event.residentId, householdId: event.householdId }).onConflictDoUpdate({ target: residentCopies.id, set: { householdId: event.householdId } });
        break;
      }
      case 'RESIDENT_DEREGISTERED':
        await tx.delete(residentCopies).where(eq(residentCopies.id, event.residentId));
        break;
      case 'BUILDING_REASSIGNED':
        if (event.householdIds.length) {
          await tx
            .insert(householdCopies)
            .values(event.householdIds.map((id) => ({ id, buildingId: event.buildingId, gridId: event.gridId, communityId: event.communityId })))
            .onConflictDoUpdate({ target: householdCopies.id, set: { buildingId: event.buildingId, gridId: event.gridId, communityId: event.communityId, updatedAt: sql`now()` } });
        }
        await tx.update(sites).set({ gridId: event.gridId, communityId: event.communityId }).where(eq(sites.buildingId, event.buildingId));
        break;
      case 'RESIDENT_TAGS_CHANGED':
        // Safety keeps no tags: which homes get devices is decided when they are fitted.
        break;
    }
  }
}

