import { count, eq, getTableColumns, inArray, or } from 'drizzle-orm';
import type { Viewer } from '../kit/auth';
import type { Database } from '../kit/db';
import { byForeignKeyLoader, byKeyLoader, rowsByForeignKey, rowsById } from '../kit/loaders';
import { canSeeResident, inViewerHousehold, residentPolicy, type ResidentRecord } from './access';
import type { SubgraphContext } from '../kit/subgraph';
import { unauthenticated } from '../kit/errors';
import {
  buildings,
  communities,
  compounds,
  gridAssignments,
  grids,
  gridWorkers,
  households,
  residents,
  subdistricts,
  type GridRow,
  type GridWorkerRow,
} from './tables';

/** Residents with their comprehensive grid and household flag, as the access rules need them. */
export const selectResidentRecords = (db: Database, viewer: Viewer) =>
  db
    .select({ ...getTableColumns(residents), gridId: buildings.gridId, inViewerHousehold: inViewerHousehold(viewer) })
    .from(residents)
    .innerJoin(households, eq(households.id, residents.householdId))
    .innerJoin(buildings, eq(buildings.id, households.buildingId));

/** Counts per key in one grouped statement; keys without rows count 0. */
const countsBy = (fetch: (keys: string[]) => Promise<{ key: string | null; n: number }[]>) =>
  byKeyLoader(
    async (keys) => (await fetch(keys)).filter((r): r is { key: string; n: number } => r.key !== null),
    (r) => r.key,
  );

/** One set of loaders per request: every relation below costs one statement per batch, not one per row. */
export function createCommunityLoaders(db: Database, viewer: Viewer) {
  const canSee = residentPolicy(viewer);
  const signedIn = () => (viewer.authenticated ? null : unauthenticated());
  return {
    subdistrictById: rowsById(db, subdistricts),
    communityById: rowsById(db, communities),
    gridById: rowsById(db, grids),
    gridWorkerById: rowsById(db, gridWorkers),
    compoundById: rowsById(db, compounds),
    buildingById: rowsById(db, buildings),
    /** Dwellings are not public directory data: any signed-in viewer, while residents keep their own rules. */
    householdById: rowsById(db, households, signedIn),
    residentById: byKeyLoader<ResidentRecord>(
      async (ids) => await selectResidentRecords(db, viewer).where(inArray(residents.id, ids)),
      (r) => r.id,
      canSee,
    ),
    /** Only the members the viewer may see. */
    residentsByHousehold: byForeignKeyLoader<ResidentRecord>(
      async (householdIds) =>
        (await selectResidentRecords(db, viewer).where(inArray(residents.householdId, householdIds)).orderBy(residents.id)).filter(
          (r) => canSeeResident(viewer, r),
        ),
      (r) => r.householdId,
    ),
    communitiesBySubdistrict: rowsByForeignKey(db, communities, communities.subdistrictId, (r) => r.subdistrictId),
    gridsByCommunity: rowsByForeignKey(db, grids, grids.communityId, (r) => r.communityId),
    gridsByParent: rowsByForeignKey(db, grids, grids.parentId, (r) => r.parentId ?? ''),
    compoundsByCommunity: rowsByForeignKey(db, compounds, compounds.communityId, (r) => r.communityId),
    buildingsByCompound: rowsByForeignKey(db, buildings, buildings.compoundId, (r) => r.compoundId),
    householdsByBuilding: rowsByForeignKey(db, households, households.buildingId, (r) => r.buildingId),
    workersByGrid: byForeignKeyLoader<GridWorkerRow & { gridId: string }>(
      async (gridIds) =>
        await db
          .select({ ...getTableColumns(gridWorkers), gridId: gridAssignments.gridId })
          .from(gridAssignments)
          .innerJoin(gridWorkers, eq(gridWorkers.id, gridAssignments.gridWorkerId))
          .where(inArray(gridAssignments.gridId, gridIds))
          .orderBy(gridWorkers.role, gridWorkers.id),
      (r) => r.gridId,
    ),
    gridsByWorker: byForeignKeyLoader<GridRow & { gridWorkerId: string }>(
      async (workerIds) =>
        await db
          .select({ ...getTableColumns(grids), gridWorkerId: gridAssignments.gridWorkerId })
          .from(gridAssignments)
          .innerJoin(grids, eq(grids.id, gridAssignments.gridId))
          .where(inArray(gridAssignments.gridWorkerId, workerIds))
          .orderBy(grids.code),
      (r) => r.gridWorkerId,
    ),
    householdCountByGrid: countsBy(async (gridIds) => {
      const [byGrid, byMicroGrid] = [buildings.gridId, buildings.microGridId];
      return await db
        .select({ key: grids.id, n: count(households.id) })
        .from(grids)
        .innerJoin(buildings, or(eq(byGrid, grids.id), eq(byMicroGrid, grids.id)))
        .innerJoin(households, eq(households.buildingId, buildings.id))
        .where(inArray(grids.id, gridIds))
        .groupBy(grids.id);
    }),
    householdCountByCompound: countsBy(
      async (compoundIds) =>
        await db
          .select({ key: buildings.compoundId, n: count(households.id) })
          .from(buildings)
          .innerJoin(households, eq(households.buildingId, buildings.id))
          .where(inArray(buildings.compoundId, compoundIds))
          .groupBy(buildings.compoundId),
    ),
  };
}

export type CommunityLoaders = ReturnType<typeof createCommunityLoaders>;
export type CommunityContext = SubgraphContext<CommunityLoaders>;
