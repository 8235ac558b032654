import { and, asc, eq, getTableColumns, inArray, max, sql } from 'drizzle-orm';
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
import { alarms, alarmTransitions, devices, type DeviceRow, fireDrills, hazardHistory, hazards, householdCopies, inspections, residentCopies, sites } from './tables';

/** A resident's household as safety knows it: null id and grid when safety knows no such household. */
interface ResidentHousehold {
  residentId: string;
  id: string | null;
  gridId: string | null;
  buildingId: string | null;
  isViewers: boolean;
}

/** One set of loaders per request: every relation costs one statement per batch, not one per row. */
export function createSafetyLoaders(db: Database, viewer: Viewer) {
  const devicesByHousehold = byForeignKeyLoader<DeviceRecord>(
    preparedForViewer(db, 'safety.devicesByHousehold', viewer, (keys) =>
      selectDevices(db, viewer).where(isAnyOf(devices.householdId, keys)).orderBy(asc(devices.kind), asc(devices.id)),
    ),
    (r) => r.householdId,
  );
  const residentsWithDevices = preparedForViewer<ResidentHousehold & { device: DeviceRow | null }>(db, 'safety.householdOfResident', viewer, (keys) => {
    // Lateral with a limit, so one index probe per resident: as a plain join PostgreSQL hashed every household.
    const household = db
      .select({ id: householdCopies.id, gridId: householdCopies.gridId, buildingId: householdCopies.buildingId })
      .from(householdCopies)
      .where(eq(householdCopies.id, residentCopies.householdId))
      .limit(1)
      .as('household');
    return db
      .select({
        residentId: residentCopies.id,
        id: household.id,
        gridId: household.gridId,
        buildingId: household.buildingId,
        isViewers: isViewerHousehold(viewer, sql`${household.id}`),
        device: getTableColumns(devices),
      })
      .from(residentCopies)
      .leftJoinLateral(household, sql`true`)
      .leftJoin(devices, eq(devices.householdId, household.id))
      .where(isAnyOf(residentCopies.id, keys))
      .orderBy(asc(devices.kind), asc(devices.id));
  });
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
    /**
     * A resident's household as householdById has it (null gridId when safety knows no such household), read with the
     * resident's copy and the household's devices in one statement: the devices go to devicesByHousehold, which a
     * resident's `safetyDevices` asks next (a resident's `alarms` loads them for nothing: a handful of rows).
     */
    householdOfResident: byKeyLoader<ResidentHousehold>(
      async (residentIds) => {
        const rows = await residentsWithDevices(residentIds);
        const households = new Map<string, ResidentHousehold>();
        const devicesOf = new Map<string, DeviceRecord[]>();
        for (const { device, ...household } of rows) {
          households.set(household.residentId, household);
          if (household.id === null) continue;
          const listed = devicesOf.get(household.id) ?? [];
          devicesOf.set(household.id, listed);
          // Every resident of a household repeats its devices: list each once.
          if (device && !listed.some((d) => d.id === device.id)) listed.push({ ...device, gridId: household.gridId, isViewers: household.isViewers });
        }
        for (const [householdId, listed] of devicesOf) devicesByHousehold.prime(householdId, listed);
        return [...households.values()];
      },
      (row) => row.residentId,
    ),
    devicesByHousehold,
    deviceById: byKeyLoader<DeviceRecord>(async (ids) => await selectDevices(db, viewer).where(inArray(devices.id, ids)), (r) => r.id, policyOf(deviceRule, viewer)),
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
