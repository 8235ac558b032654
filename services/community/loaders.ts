import type DataLoader from 'dataloader';
import { and, count, eq, inArray, isNull, or } from 'drizzle-orm';
import type { Viewer } from '../kit/auth';
import { policyOf } from '../kit/access';
import type { Database } from '../kit/db';
import { byForeignKeyLoader, byKeyLoader, countLoader, isAnyOf, linkedRowsLoader, preparedForViewer, rowsByForeignKey, rowsById } from '../kit/loaders';
import type { SubgraphContext } from '../kit/subgraph';
import {
  householdRule,
  residentRule,
  selectHouseholdRecords,
  selectPlacedResidentRecords,
  selectResidentRecords,
  type HouseholdRecord,
  type PlacedResidentRecord,
  type ResidentRecord,
} from './access';
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
  type BuildingRow,
  type CompoundRow,
  type GridRow,
} from './tables';

/**
 * One set of loaders per request: every relation below costs one statement per batch of parents, not one per row.
 * The children of a building, a community or a grid are few (a building's dwellings, a community's grids, a grid's
 * workers), so their loaders fetch all children of a batch of parents and the connections page them in memory.
 */
export function createCommunityLoaders(db: Database, viewer: Viewer) {
  const loaders = {
    subdistrictById: rowsById(db, subdistricts),
    communityById: rowsById(db, communities),
    gridById: rowsById(db, grids),
    gridWorkerById: rowsById(db, gridWorkers),
    compoundById: rowsById(db, compounds),
    buildingById: rowsById(db, buildings),
    householdById: byKeyLoader<HouseholdRecord>(
      preparedForViewer(db, 'community.householdById', viewer, (keys) => selectHouseholdRecords(db, viewer).where(isAnyOf(households.id, keys))),
      (r) => r.id,
      policyOf(householdRule, viewer),
    ),
    residentById: byKeyLoader<ResidentRecord>(
      preparedForViewer(db, 'community.residentById', viewer, (keys) => selectResidentRecords(db, viewer).where(isAnyOf(residents.id, keys))),
      (r) => r.id,
      policyOf(residentRule, viewer),
    ),
    /** Only the members the viewer may see, and only those still registered. */
    residentsByHousehold: byForeignKeyLoader<ResidentRecord>(
      async (householdIds) =>
        await selectResidentRecords(db, viewer)
          .where(and(inArray(residents.householdId, householdIds), isNull(residents.deregisteredAt), residentRule.where(viewer)))
          .orderBy(residents.id),
      (r) => r.householdId,
    ),
    communitiesBySubdistrict: rowsByForeignKey(db, communities, communities.subdistrictId, (r) => r.subdistrictId),
    gridsByCommunity: rowsByForeignKey(db, grids, grids.communityId, (r) => r.communityId),
    gridsByParent: rowsByForeignKey(db, grids, grids.parentId, (r) => r.parentId ?? ''),
    compoundsByCommunity: rowsByForeignKey(db, compounds, compounds.communityId, (r) => r.communityId),
    buildingsByCompound: rowsByForeignKey(db, buildings, buildings.compoundId, (r) => r.compoundId),
    /** Only the dwellings the viewer may see. */
    householdsByBuilding: byForeignKeyLoader<HouseholdRecord>(
      async (buildingIds) =>
        await selectHouseholdRecords(db, viewer)
          .where(and(inArray(households.buildingId, buildingIds), householdRule.where(viewer)))
          .orderBy(households.id),
      (r) => r.buildingId,
    ),
    workersByGrid: linkedRowsLoader(db, {
      from: gridAssignments.gridId,
      to: gridAssignments.gridWorkerId,
      target: gridWorkers,
      targetKey: gridWorkers.id,
      orderBy: [gridWorkers.role, gridWorkers.id],
    }),
    gridsByWorker: linkedRowsLoader(db, {
      from: gridAssignments.gridWorkerId,
      to: gridAssignments.gridId,
      target: grids,
      targetKey: grids.id,
      orderBy: [grids.code],
    }),
    /** Households living in a grid, as its comprehensive grid or its micro-grid. */
    householdCountByGrid: countLoader(
      async (gridIds) =>
        await db
          .select({ key: grids.id, n: count(households.id) })
          .from(grids)
          .innerJoin(buildings, or(eq(buildings.gridId, grids.id), eq(buildings.microGridId, grids.id)))
          .innerJoin(households, eq(households.buildingId, buildings.id))
          .where(inArray(grids.id, gridIds))
          .groupBy(grids.id),
    ),
    householdCountByCompound: countLoader(
      async (compoundIds) =>
        await db
          .select({ key: buildings.compoundId, n: count(households.id) })
          .from(buildings)
          .innerJoin(households, eq(households.buildingId, buildings.id))
          .where(inArray(buildings.compoundId, compoundIds))
          .groupBy(buildings.compoundId),
    ),
  };
  const place = (row: PlacedResidentRecord) => placeResident(loaders, viewer, row);
  const placedResidents = preparedForViewer<PlacedResidentRecord>(db, 'community.residentPlacedById', viewer, (keys) =>
    selectPlacedResidentRecords(db, viewer).where(isAnyOf(residents.id, keys)),
  );
  return {
    ...loaders,
    /** residentById for a query that asks for the resident's household or grid next: it loads them in the same statement. */
    residentPlacedById: byKeyLoader<ResidentRecord>(
      async (ids) => (await placedResidents(ids)).map(place),
      (r) => r.id,
      policyOf(residentRule, viewer),
    ),
    /** The resident of a placed row, its places handed to their loaders (see placeResident). */
    place,
  };
}

interface PlaceLoaders {
  residentById: DataLoader<string, ResidentRecord | null>;
  householdById: DataLoader<string, HouseholdRecord | null>;
  buildingById: DataLoader<string, BuildingRow | null>;
  compoundById: DataLoader<string, CompoundRow | null>;
  gridById: DataLoader<string, GridRow | null>;
}

/**
 * Hands a resident's places, read with it, to the loaders the resolvers ask next, so that household, building,
 * compound and grid cost no statement of their own. Only what the viewer may load: a resident or household the rules
 * hide is left to its loader, which answers it as missing and records the denial. Buildings, compounds and grids are
 * directory data.
 */
function placeResident(loaders: PlaceLoaders, viewer: Viewer, row: PlacedResidentRecord): ResidentRecord {
  const { resident, household, building, compound, grid } = row;
  if (residentRule.allows(viewer, resident)) loaders.residentById.prime(resident.id, resident);
  // The household's grid and viewer's-home flag are the resident's: the same building, the same household.
  const householdRecord: HouseholdRecord = { ...household, gridId: building.gridId, inViewerHousehold: resident.inViewerHousehold };
  if (householdRule.allows(viewer, householdRecord)) loaders.householdById.prime(household.id, householdRecord);
  loaders.buildingById.prime(building.id, building);
  loaders.compoundById.prime(compound.id, compound);
  loaders.gridById.prime(grid.id, grid);
  return resident;
}

export type CommunityLoaders = ReturnType<typeof createCommunityLoaders>;
export type CommunityContext = SubgraphContext<CommunityLoaders>;
