import { eq, getTableColumns, inArray, or, type SQL, sql } from 'drizzle-orm';
import type { RowRule } from '../kit/access';
import type { Viewer } from '../kit/auth';
import type { Database } from '../kit/db';
import { can } from '../domain/capabilities';
import { gridsOf, hasRole, isAdmin, OFFICERS, worksInGrid } from '../domain/people';
import { readsDistrict } from '../domain/scopes';
import { buildings, compounds, grids, households, residents, type HouseholdRow, type ResidentRow } from './tables';

/** A resident row as the rules read it: with its comprehensive grid and whether it shares the viewer's household. */
export type ResidentRecord = ResidentRow & { gridId: string; inViewerHousehold: boolean };

/** A household row as the rules read it: with its building's comprehensive grid and whether it is the viewer's home. */
export type HouseholdRecord = HouseholdRow & { gridId: string; inViewerHousehold: boolean };

/** SQL: is this household the viewer's own? (false for viewers who are not residents) */
const isViewerHousehold = (viewer: Viewer, householdId: SQL | typeof residents.householdId): SQL<boolean> =>
  viewer.residentId
    ? sql<boolean>`coalesce(${householdId} = (select r2.household_id from community.residents r2 where r2.id = ${viewer.residentId}), false)`
    : sql<boolean>`false`;

/** SQL: is this resident row in the viewer's own household? */
const inViewerHousehold = (viewer: Viewer): SQL<boolean> => isViewerHousehold(viewer, residents.householdId);

/** Residents with their comprehensive grid and household flag: the rows both halves of the resident rule read. */
export const selectResidentRecords = (db: Database, viewer: Viewer) =>
  db
    .select({ ...getTableColumns(residents), gridId: buildings.gridId, inViewerHousehold: inViewerHousehold(viewer) })
    .from(residents)
    .innerJoin(households, eq(households.id, residents.householdId))
    .innerJoin(buildings, eq(buildings.id, households.buildingId));

/**
 * The same resident records (`resident`, as selectResidentRecords reads them, so the resident rule's `where` applies
 * unchanged) with their household, building, compound and comprehensive grid from the same row: a look-ahead for
 * queries that ask for those next (see placeResident in loaders.ts).
 */
export const selectPlacedResidentRecords = (db: Database, viewer: Viewer) =>
  db
    .select({
      resident: { ...getTableColumns(residents), gridId: buildings.gridId, inViewerHousehold: inViewerHousehold(viewer) },
      household: getTableColumns(households),
      building: getTableColumns(buildings),
      compound: getTableColumns(compounds),
      grid: getTableColumns(grids),
    })
    .from(residents)
    .innerJoin(households, eq(households.id, residents.householdId))
    .innerJoin(buildings, eq(buildings.id, households.buildingId))
    .innerJoin(compounds, eq(compounds.id, buildings.compoundId))
    .innerJoin(grids, eq(grids.id, buildings.gridId));
export type PlacedResidentRecord = Awaited<ReturnType<typeof selectPlacedResidentRecords>>[number];

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

/** Households with their building's grid and the viewer's-home flag: the rows both halves of the household rule read. */
export const selectHouseholdRecords = (db: Database, viewer: Viewer) =>
  db
    .select({ ...getTableColumns(households), gridId: buildings.gridId, inViewerHousehold: isViewerHousehold(viewer, sql`${households.id}`) })
    .from(households)
    .innerJoin(buildings, eq(buildings.id, households.buildingId));

/**
 * A dwelling's door (unit, floor, room, address) says where someone lives: the same viewers as its residents see it
 * (admins, officers, its own residents, the workers of its grid); other residents and other grids' workers do not,
 * and a hidden one answers as a missing one. Buildings stay public directory data.
 */
export const householdRule: RowRule<HouseholdRecord> = {
  resource: 'household',
  allows: (viewer, household) =>
    isAdmin(viewer) || hasRole(viewer, ...OFFICERS) || readsDistrict(viewer) || household.inViewerHousehold || worksInGrid(viewer, household.gridId),
  where: (viewer) => {
    if (isAdmin(viewer) || hasRole(viewer, ...OFFICERS) || readsDistrict(viewer)) return undefined;
    const conditions: SQL[] = [];
    if (viewer.residentId) conditions.push(isViewerHousehold(viewer, sql`${households.id}`));
    // A partner's granted grids too (services/domain/scopes), as for residents.
    const grids = gridsOf(viewer);
    if (grids.length) conditions.push(inArray(buildings.gridId, grids));
    return conditions.length ? or(...conditions) : sql`false`;
  },
  select: selectHouseholdRecords,
  describe: (household) => household.id,
};

/**
 * The people close to a resident in their care: the person, the workers of their grid and admins. They see the phone
 * in full and the birth date; everyone else who may see the resident gets a masked phone and their age only.
 */
export const canSeeContact = (viewer: Viewer, resident: ResidentRecord) =>
  isAdmin(viewer) || viewer.residentId === resident.id || worksInGrid(viewer, resident.gridId);

/** The whole ID number: only the person and admins; everyone else sees `maskIdNumber`'s form. */
export const canSeeIdNumber = (viewer: Viewer, resident: ResidentRecord) => isAdmin(viewer) || viewer.residentId === resident.id;

/** Registering or changing the residents of a household: admins, and grid workers of the household's grid. */
export const mayEditHousehold = (viewer: Viewer, gridId: string) =>
  can(viewer, 'household:edit') && (isAdmin(viewer) || worksInGrid(viewer, gridId));
