import { eq, inArray, or, type SQL, sql } from 'drizzle-orm';
import type { Viewer } from '../kit/auth';
import { hasRole, isAdmin, worksInGrid } from '../domain/people';
import { forbidden, unauthenticated } from '../kit/errors';
import { elderlyProfiles } from './tables';

/** What the access rules need to know of an elder: whose records, and the grid that looks after them. */
export interface ElderKeys {
  residentId: string;
  gridId: string;
}

/** The elder themselves, the grid and care workers of their grid, and admins (DESIGN.md "Identity and access"). */
export const canSeeElder = (viewer: Viewer, elder: ElderKeys) =>
  isAdmin(viewer) || viewer.residentId === elder.residentId || worksInGrid(viewer, elder.gridId);

export const elderPolicy = (viewer: Viewer) => (elder: ElderKeys) => {
  if (canSeeElder(viewer, elder)) return null;
  return viewer.authenticated ? forbidden(`You may not see the care records of resident ${elder.residentId}.`) : unauthenticated();
};

/** Assessing, visiting and moving home modifications along are the work of the elder's grid and care workers. */
export function assertCaresFor(viewer: Viewer, elder: ElderKeys): void {
  if (!isAdmin(viewer) && !worksInGrid(viewer, elder.gridId)) {
    throw forbidden(`Only admins and the workers of grid ${elder.gridId} may do this for resident ${elder.residentId}.`);
  }
}

/** SQL condition limiting a profiles query to the elders the viewer may see; `undefined` means no limit. */
export function elderScope(viewer: Viewer): SQL | undefined {
  if (isAdmin(viewer)) return undefined;
  const conditions: SQL[] = [];
  if (viewer.residentId) conditions.push(eq(elderlyProfiles.residentId, viewer.residentId));
  if (hasRole(viewer, 'grid_worker', 'care_worker') && viewer.gridIds.length) conditions.push(inArray(elderlyProfiles.gridId, viewer.gridIds));
  return conditions.length ? or(...conditions) : sql`false`;
}
