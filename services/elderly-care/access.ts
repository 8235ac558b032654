import { eq, inArray, or, sql, type SQL } from 'drizzle-orm';
import type { Viewer } from '../kit/auth';
import { refusal, type RowRule } from '../kit/access';
import { withAuditSubject } from '../kit/audit';
import type { Database } from '../kit/db';
import { can } from '../domain/capabilities';
import { gridsOf, isAdmin, worksInGrid } from '../domain/people';
import { readsDistrict } from '../domain/scopes';
import { elderlyProfiles } from './tables';

/** What the access rules need to know of an elder: whose records, and the grid that looks after them. */
export interface ElderKeys {
  residentId: string;
  gridId: string;
}

/**
 * An elder's care records (the record itself and its assessments, visits, meals and home modifications): the elder
 * themselves, the grid and care workers of their grid, and admins (docs/architecture.md "Identity and access"); partners as their
 * scopes say (district-wide, or a grid's).
 */
export const elderRule: RowRule<ElderKeys> = {
  resource: 'the care records of resident',
  allows: (viewer, elder) => isAdmin(viewer) || readsDistrict(viewer) || viewer.residentId === elder.residentId || worksInGrid(viewer, elder.gridId),
  where(viewer): SQL | undefined {
    if (isAdmin(viewer) || readsDistrict(viewer)) return undefined;
    const conditions: SQL[] = [];
    if (viewer.residentId) conditions.push(eq(elderlyProfiles.residentId, viewer.residentId));
    const grids = gridsOf(viewer);
    if (grids.length) conditions.push(inArray(elderlyProfiles.gridId, grids));
    return conditions.length ? or(...conditions) : sql`false`;
  },
  select: (db: Database) => db.select().from(elderlyProfiles),
  describe: (elder) => elder.residentId,
};

/** Assessing, visiting and moving home modifications along: elder care work (admins, or the workers of the elder's grid). */
export function assertCaresFor(viewer: Viewer, elder: ElderKeys): void {
  if (!can(viewer, 'elder:care') || !(isAdmin(viewer) || worksInGrid(viewer, elder.gridId))) {
    throw withAuditSubject(refusal(viewer, `Only admins and the workers of grid ${elder.gridId} may do this for resident ${elder.residentId}.`), elder.residentId);
  }
}
