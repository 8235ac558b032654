import { eq, getTableColumns, inArray, or, sql, type SQL } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import type { RowRule } from '../kit/access';
import type { Viewer } from '../kit/auth';
import type { Database } from '../kit/db';
import { gridsOf, hasRole, isAdmin, worksInGrid } from '../domain/people';
import { readsDistrict } from '../domain/scopes';
import { alarms, devices, hazards, householdCopies, inspections, residentCopies, sites, type AlarmRow, type DeviceRow, type HazardRow, type InspectionRow } from './tables';

/**
 * Who sees what in safety (issue 11): a resident their own household's devices and alarms and their building's
 * hazards; grid workers their grids'; safety officers, the device gateway (a service) and admins everything; partners
 * as their scopes say (district-wide, or a grid's). Sites
 * and fire drills are the public drill schedule: anyone, signed in or not.
 */

/** Where a row is: its household's grid (null when community never told us) and whether it is the viewer's. */
export interface Placed {
  gridId: string | null;
  /** The viewer's own household (devices, alarms) or building (hazards). */
  isViewers: boolean;
}

const seesEverything = (viewer: Viewer) => isAdmin(viewer) || hasRole(viewer, 'safety_officer', 'device_gateway') || readsDistrict(viewer);

export const seesPlace = (viewer: Viewer, row: Placed) => seesEverything(viewer) || worksInGrid(viewer, row.gridId) || row.isViewers;

/** The viewer's household, from the copy of community's residents. */
const viewerHousehold = (viewer: Viewer) => sql`(select ${residentCopies.householdId} from ${residentCopies} where ${residentCopies.id} = ${viewer.residentId ?? null})`;
const viewerBuilding = (viewer: Viewer) =>
  sql`(select ${householdCopies.buildingId} from ${householdCopies} where ${householdCopies.id} = ${viewerHousehold(viewer)})`;

/** SQL for `isViewers` of a household column. */
export const isViewerHousehold = (viewer: Viewer, household: SQL | typeof devices.householdId): SQL<boolean> =>
  viewer.residentId ? sql<boolean>`coalesce(${household} = ${viewerHousehold(viewer)}, false)` : sql<boolean>`false`;

/**
 * The SQL half of seesPlace: everything, or the viewer's own place (`mine`, which is `false` for a viewer who is not a
 * resident) or their grids' (drizzle's inArray of no grids is `false` too), so never no condition at all.
 */
const placeScope = (viewer: Viewer, grid: PgColumn, mine: SQL): SQL | undefined =>
  seesEverything(viewer) ? undefined : or(mine, inArray(grid, gridsOf(viewer)));

export type DeviceRecord = DeviceRow & Placed;
export type AlarmRecord = AlarmRow & Placed;
export type HazardRecord = HazardRow & Placed;
export type InspectionRecord = InspectionRow & Placed;

export const selectDevices = (db: Database, viewer: Viewer) =>
  db
    .select({ ...getTableColumns(devices), gridId: householdCopies.gridId, isViewers: isViewerHousehold(viewer, devices.householdId) })
    .from(devices)
    .leftJoin(householdCopies, eq(householdCopies.id, devices.householdId))
    .$dynamic();

export const selectAlarms = (db: Database, viewer: Viewer) =>
  db
    .select({ ...getTableColumns(alarms), gridId: householdCopies.gridId, isViewers: isViewerHousehold(viewer, sql`${alarms.householdId}`) })
    .from(alarms)
    .leftJoin(householdCopies, eq(householdCopies.id, alarms.householdId))
    .$dynamic();

export const selectHazards = (db: Database, viewer: Viewer) =>
  db
    .select({
      ...getTableColumns(hazards),
      gridId: sites.gridId,
      isViewers: viewer.residentId ? sql<boolean>`coalesce(${hazards.buildingId} = ${viewerBuilding(viewer)}, false)` : sql<boolean>`false`,
    })
    .from(hazards)
    .innerJoin(sites, eq(sites.id, hazards.siteId))
    .$dynamic();

export const selectInspections = (db: Database) =>
  db
    .select({ ...getTableColumns(inspections), gridId: sites.gridId, isViewers: sql<boolean>`false` })
    .from(inspections)
    .innerJoin(sites, eq(sites.id, inspections.siteId))
    .$dynamic();

export const deviceRule: RowRule<DeviceRecord> = {
  resource: 'safety device',
  allows: seesPlace,
  where: (viewer) => placeScope(viewer, householdCopies.gridId, isViewerHousehold(viewer, devices.householdId)),
  select: selectDevices,
  describe: (row) => row.id,
};

export const alarmRule: RowRule<AlarmRecord> = {
  resource: 'alarm',
  allows: seesPlace,
  where: (viewer) => placeScope(viewer, householdCopies.gridId, isViewerHousehold(viewer, sql`${alarms.householdId}`)),
  select: selectAlarms,
  describe: (row) => row.id,
};

export const hazardRule: RowRule<HazardRecord> = {
  resource: 'hazard',
  allows: seesPlace,
  where: (viewer) => placeScope(viewer, sites.gridId, viewer.residentId ? sql`${hazards.buildingId} = ${viewerBuilding(viewer)}` : sql`false`),
  select: selectHazards,
  describe: (row) => row.id,
};

/** Inspections are the officers' and the grid's work; residents see the hazards of their building, not the records. */
export const inspectionRule: RowRule<InspectionRecord> = {
  resource: 'inspection',
  allows: (viewer, row) => seesEverything(viewer) || worksInGrid(viewer, row.gridId),
  where: (viewer) => placeScope(viewer, sites.gridId, sql`false`),
  select: (db) => selectInspections(db),
  describe: (row) => row.id,
};

/** Lists of a grid (open alarms, offline devices): its workers, officers and admins. */
export const seesGrid = (viewer: Viewer, gridId: string) => seesEverything(viewer) || worksInGrid(viewer, gridId);
