import { eq, getTableColumns, inArray, or, type SQL, sql } from 'drizzle-orm';
import type { RowRule } from '../kit/access';
import type { Viewer } from '../kit/auth';
import type { Database } from '../kit/db';
import { can } from '../domain/capabilities';
import { gridsOf, hasRole, isAdmin, OFFICERS, worksInGrid } from '../domain/people';
import { readsDistrict } from '../domain/scopes';
import { buildings, households, residents, type HouseholdRow, type ResidentRow } from './tables';

/** A resident row as the rules read it: with its comprehensive grid and whether it shares the viewer's household. */
export type ResidentRecord = ResidentRow & { gridId: string; inViewerHousehold: boolean };

/** SQL: is this resident row in the viewer's own household? (false for viewers who are not residents) */
const inViewerHousehold = (viewer: Viewer): SQL<boolean> =>
  viewer.residentId
    ? sql<boolean>`coalesce(${residents.householdId} = (select r2.household_id from community.residents r2 where r2.id = ${viewer.residentId}), false)`
    : sql<boolean>`false`;

/** Residents with their comprehensive grid and household flag: the rows both halves of the resident rule read. */
export const selectResidentRecords = (db: Database, viewer: Viewer) =>
  db
    .select({ ...getTableColumns(residents), gridId: buildings.gridId, inViewerHousehold: inViewerHousehold(viewer) })
    .from(residents)
    .innerJoin(households, eq(households.id, residents.householdId))
    .innerJoin(buildings, eq(buildings.id, households.buildingId));

/**
 * docs/architecture.md "Identity and access": who may see a resident at all. Admins and officers see everyone (officers with
 * contact details masked), as do partners with the district scope; a resident sees themself and their household; grid
 * and care workers (and partners with a grid's scope) their grids' residents.
 */
export const residentRule: RowRule<ResidentRecord> = {
  resource: 'resident',
  allows: (viewer, resident) =>
    isAdmin(viewer) ||
    hasRole(viewer, ...OFFICERS) ||
    readsDistrict(viewer) ||
    viewer.residentId === resident.id ||
    resident.inViewerHousehold ||
    worksInGrid(viewer, resident.gridId),
  where: (viewer) => {
    if (isAdmin(viewer) || hasRole(viewer, ...OFFICERS) || readsDistrict(viewer)) return undefined;
    const conditions: SQL[] = [];
    if (viewer.residentId) conditions.push(eq(residents.id, viewer.residentId), inViewerHousehold(viewer));
    const grids = gridsOf(viewer);
    if (grids.length) conditions.push(inArray(buildings.gridId, grids));
    return conditions.length ? or(...conditions) : sql`false`;
  },
  select: selectResidentRecords,
  describe: (resident) => resident.id,
};

/** Dwellings are not public directory data: any signed-in viewer sees them, while residents keep their own rule. */
export const householdRule: RowRule<HouseholdRow> = {
  resource: 'household',
  allows: (viewer) => viewer.authenticated,
  where: (viewer) => (viewer.authenticated ? undefined : sql`false`),
  select: (db) => db.select().from(households),
  describe: (household) => household.id,
};

/** Phone numbers are shown to the person, their grid's workers and admins; masked for everyone else. */
export const canSeeContact = (viewer: Viewer, resident: ResidentRecord) =>
  isAdmin(viewer) || viewer.residentId === resident.id || worksInGrid(viewer, resident.gridId);

/** Registering or changing the residents of a household: admins, and grid workers of the household's grid. */
export const mayEditHousehold = (viewer: Viewer, gridId: string) =>
  can(viewer, 'household:edit') && (isAdmin(viewer) || worksInGrid(viewer, gridId));
