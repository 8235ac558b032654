import { and, asc, eq, inArray, max, sql } from 'drizzle-orm';
import type { Viewer } from '../kit/auth';
import type { Database } from '../kit/db';
import { policyOf } from '../kit/access';
import { byForeignKeyLoader, byKeyLoader, isAnyOf, preparedForViewer, rowsById, rowsByForeignKey } from '../kit/loaders';
import type { SubgraphContext } from '../kit/subgraph';
import {
  alarmRule,
  deviceRule,
  hazardRule,
  inspectionRule,
  isViewerHousehold,
  selectAlarms,
  selectDevices,
  selectHazards,
  selectInspections,
  type AlarmRecord,
  type DeviceRecord,
  type HazardRecord,
  type InspectionRecord,
} from './access';
import type { SafetySettings } from './settings';
import { alarms, alarmTransitions, devices, fireDrills, hazardHistory, hazards, householdCopies, inspections, residentCopies, sites } from './tables';

/** One set of loaders per request: every relation costs one statement per batch, not one per row. */
export function createSafetyLoaders(db: Database, viewer: Viewer) {
  return {
    /** A household as safety knows it (its grid), with whether it is the viewer's: the access rules need both. */
    householdById: byKeyLoader(
      async (ids) =>
        await db
          .select({ id: householdCopies.id, gridId: householdCopies.gridId, buildingId: householdCopies.buildingId, isViewers: isViewerHousehold(viewer, sql`${householdCopies.id}`) })
          .from(householdCopies)
          .where(inArray(householdCopies.id, ids)),
      (row) => row.id,
    ),
    /** A resident's household as householdById has it (null gridId when safety knows no such household): one statement, not two in turn. */
    householdOfResident: byKeyLoader(
      preparedForViewer<{ residentId: string; id: string | null; gridId: string | null; buildingId: string | null; isViewers: boolean }>(
        db,
        'safety.householdOfResident',
        viewer,
        (keys) =>
          db
            .select({
            residentId: residentCopies.id,
            id: householdCopies.id,
            gridId: householdCopies.gridId,
            buildingId: householdCopies.buildingId,
            isViewers: isViewerHousehold(viewer, sql`${householdCopies.id}`),
          })
            .from(residentCopies)
            .leftJoin(householdCopies, eq(householdCopies.id, residentCopies.householdId))
            .where(isAnyOf(residentCopies.id, keys)),
      ),
      (row) => row.residentId,
    ),
    deviceById: byKeyLoader<DeviceRecord>(async (ids) => await selectDevices(db, viewer).where(inArray(devices.id, ids)), (r) => r.id, policyOf(deviceRule, viewer)),
    devicesByHousehold: byForeignKeyLoader<DeviceRecord>(
      preparedForViewer(db, 'safety.devicesByHousehold', viewer, (keys) =>
        selectDevices(db, viewer).where(isAnyOf(devices.householdId, keys)).orderBy(asc(devices.kind), asc(devices.id)),
      ),
      (r) => r.householdId,
    ),
    alarmById: byKeyLoader<AlarmRecord>(async (ids) => await selectAlarms(db, viewer).where(inArray(alarms.id, ids)), (r) => r.id, policyOf(alarmRule, viewer)),
    transitionsByAlarm: byForeignKeyLoader(
      async (ids) => await db.select().from(alarmTransitions).where(inArray(alarmTransitions.alarmId, ids)).orderBy(asc(alarmTransitions.at), asc(alarmTransitions.id)),
      (r) => r.alarmId,
    ),
    siteById: rowsById(db, sites),
    fireDrillById: rowsById(db, fireDrills),
    inspectionById: byKeyLoader<InspectionRecord>(
      async (ids) => await selectInspections(db).where(inArray(inspections.id, ids)),
      (r) => r.id,
      policyOf(inspectionRule, viewer),
    ),
    hazardById: byKeyLoader<HazardRecord>(async (ids) => await selectHazards(db, viewer).where(inArray(hazards.id, ids)), (r) => r.id, policyOf(hazardRule, viewer)),
    hazardsByInspection: byForeignKeyLoader<HazardRecord>(
      async (ids) => await selectHazards(db, viewer).where(inArray(hazards.inspectionId, ids)).orderBy(asc(hazards.reportedAt), asc(hazards.id)),
      (r) => r.inspectionId,
    ),
    historyByHazard: rowsByForeignKey(db, hazardHistory, hazardHistory.caseId, (r) => r.caseId),
    lastDrillBySite: byKeyLoader(
      async (ids) => await db.select({ siteId: fireDrills.siteId, at: max(fireDrills.heldAt) }).from(fireDrills).where(and(inArray(fireDrills.siteId, ids), sql`${fireDrills.heldAt} <= now()`)).groupBy(fireDrills.siteId),
      (r) => r.siteId,
    ),
  };
}

export type SafetyLoaders = ReturnType<typeof createSafetyLoaders>;
export type SafetyContext = SubgraphContext<SafetyLoaders, SafetySettings>;
