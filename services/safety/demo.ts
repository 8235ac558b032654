/**
 * Safety's demo rows, derived from the demo district (services/demo): the 40 homes of elders living alone that the
 * district fitted with a smoke alarm and an SOS button, their alarms, a 1997 wholesale market of 20,000 m² inspected
 * with narrow fire lanes, foam sandwich panels and a heavy electrical load, kindergartens, and their drills.
 */
import { buildDemoDistrict, DEMO_IDS, fractionOf, type DemoDistrict } from '../demo';
import { caseWorkflow, type CaseStatus } from '../kit/cases';
import type { Database } from '../kit/db';
import { rowsFor, seedOnce, type Insert, type SeedOptions } from '../kit/seed';
import { hazardDates, endOfDay } from './rules/hazards';
import { parseSafetySettings } from './settings';
import {
  alarms,
  alarmTransitions,
  devices,
  fireDrills,
  hazardHistory,
  hazards,
  householdCopies,
  inspections,
  residentCopies,
  sites,
} from './tables';


export interface SafetyDemo {
  households: Insert<typeof householdCopies>[];
  residents: Insert<typeof residentCopies>[];
  devices: Insert<typeof devices>[];
  alarms: Insert<typeof alarms>[];
  alarmTransitions: Insert<typeof alarmTransitions>[];
  sites: Insert<typeof sites>[];
  inspections: Insert<typeof inspections>[];
  hazards: Insert<typeof hazards>[];
  hazardHistory: Insert<typeof hazardHistory>[];
  fireDrills: Insert<typeof fireDrills>[];
}

/** Ids of the demo's own records, for docs and tests. */
export const SAFETY_DEMO_IDS = {
  /** 1997 wholesale market, 20,000 m², a key unit. */
  market: 'site-market',
  /** The pinned elder's building, inspected for e-bikes charged in the corridors. */
  elderBuilding: 'site-building-elder',
  marketInspection: 'inspection-market',
  /** The pinned elder's SOS, with a responder on the way. */
  elderSos: 'alarm-elder-sos',
} as const;

const HOUR = 3_600_000;
const DEVICES_OFFLINE = 4;
const SYSTEM = 'demo';

/** Walks a hazard along the case workflow to `status`, recording each step as the history would. */
function walk(caseId: string, status: CaseStatus, at: Date): Insert<typeof hazardHistory>[] {
  const path: CaseStatus[] = ['REPORTED', 'ACCEPTED', 'FILED', 'DISPATCHED', 'PROCESSING', 'PROCESSED', 'VERIFYING', 'CLOSED'];
  const steps: Insert<typeof hazardHistory>[] = [];
  for (let i = 1; i <= path.indexOf(status); i++) {
    caseWorkflow.assertMove(path[i - 1]!, path[i]!);
    steps.push({ caseId, kind: 'TRANSITION', fromStatus: path[i - 1]!, toStatus: path[i]!, fromTier: 'GRID', toTier: 'GRID', actorSub: SYSTEM, note: null, at: new Date(at.getTime() + i * HOUR) });
  }
  return steps;
}

export function buildSafetyDemo(district: DemoDistrict, now: Date): SafetyDemo {
  const rules = parseSafetySettings({});
  const buildingById = new Map(district.buildings.map((b) => [b.id, b]));
  const compoundById = new Map(district.compounds.map((c) => [c.id, c]));
  const communityOf = (buildingId: string) => compoundById.get(buildingById.get(buildingId)!.compoundId)!.communityId;
  const households = district.households.map((h) => ({ id: h.id, buildingId: h.buildingId, gridId: buildingById.get(h.buildingId)!.gridId, communityId: communityOf(h.buildingId) }));
  const householdById = new Map(households.map((h) => [h.id, h]));

  // Every fitted device reports; a few went silent days ago (offline), a few run low on battery.
  const fitted = district.safetyDevices.map((device, i) => {
    const silent = i >= district.safetyDevices.length - DEVICES_OFFLINE * 2 && i % 2 === 1;
    return {
      id: device.id,
      householdId: device.householdId,
      kind: device.kind,
      installedAt: new Date('2025-09-01T02:00:00Z'),
      batteryPercent: silent ? 8 : 35 + Math.floor(fractionOf(device.id) * 65),
      hasFault: false,
      lastHeartbeatAt: new Date(now.getTime() - (silent ? 72 : 1) * HOUR),
    };
  });

  // Alarms: the pinned elder's SOS with the grid's full-time worker on the way, a smoke alarm nobody answered yet, and
  // a history of handled ones.
  const elderHome = householdById.get(DEMO_IDS.household)!;
  const raised = (hoursAgo: number) => new Date(now.getTime() - hoursAgo * HOUR);
  const smokeHome = fitted.find((d) => d.kind === 'SMOKE_ALARM' && d.householdId !== DEMO_IDS.household)!;
  const alarmRows: Insert<typeof alarms>[] = [
    {
      id: SAFETY_DEMO_IDS.elderSos,
      deviceId: DEMO_IDS.sosButton,
      householdId: elderHome.id,
      kind: 'SOS',
      status: 'DISPATCHED',
      idempotencyKey: 'demo-sos-1',
      raisedAt: raised(0.5),
      acknowledgedAt: new Date(raised(0.5).getTime() + 95_000),
      responderId: DEMO_IDS.fullTimeWorker,
      dispatchedAt: new Date(raised(0.5).getTime() + 180_000),
      escalatedTo: null,
      closedAt: null,
      version: 3,
    },
    { id: 'alarm-smoke-open', deviceId: smokeHome.id, householdId: smokeHome.householdId, kind: 'SMOKE', status: 'RAISED', idempotencyKey: 'demo-smoke-1', raisedAt: raised(0.02), acknowledgedAt: null, responderId: null, dispatchedAt: null, escalatedTo: null, closedAt: null, version: 1 },
    { id: 'alarm-elder-false', deviceId: DEMO_IDS.smokeAlarm, householdId: elderHome.id, kind: 'SMOKE', status: 'FALSE_ALARM', idempotencyKey: 'demo-smoke-0', raisedAt: raised(240), acknowledgedAt: raised(239.97), responderId: null, dispatchedAt: null, escalatedTo: null, closedAt: raised(239.5), version: 3 },
  ];
  const transitions: Insert<typeof alarmTransitions>[] = [
    { alarmId: SAFETY_DEMO_IDS.elderSos, from: 'RAISED', to: 'ACKNOWLEDGED', actorSub: `worker:${DEMO_IDS.fullTimeWorker}`, note: null, at: alarmRows[0]!.acknowledgedAt! },
    { alarmId: SAFETY_DEMO_IDS.elderSos, from: 'ACKNOWLEDGED', to: 'DISPATCHED', actorSub: `worker:${DEMO_IDS.fullTimeWorker}`, note: '上门查看', at: alarmRows[0]!.dispatchedAt! },
    { alarmId: 'alarm-elder-false', from: 'RAISED', to: 'ACKNOWLEDGED', actorSub: `worker:${DEMO_IDS.fullTimeWorker}`, note: null, at: raised(239.97) },
    { alarmId: 'alarm-elder-false', from: 'ACKNOWLEDGED', to: 'FALSE_ALARM', actorSub: `worker:${DEMO_IDS.fullTimeWorker}`, note: '做饭油烟', at: raised(239.5) },
  ];

  // Sites: the wholesale market and two kindergartens in the big compound's community, and the elder's building.
  const elderBuilding = buildingById.get(elderHome.buildingId)!;
  const communityId = elderHome.communityId;
  const siteRows: Insert<typeof sites>[] = [
    { id: SAFETY_DEMO_IDS.market, name: '东湖农副产品批发市场', kind: 'MARKET', isKeyUnit: true, communityId, gridId: elderHome.gridId, buildingId: null, address: '东湖街道东湖路88号', builtYear: 1997, areaM2: '20000.00' },
    { id: 'site-kindergarten-1', name: '东湖第一幼儿园', kind: 'KINDERGARTEN', isKeyUnit: true, communityId, gridId: elderHome.gridId, buildingId: null, address: '东湖街道映月路12号', builtYear: 2008, areaM2: '3200.00' },
    { id: 'site-kindergarten-2', name: '阳光花园幼儿园', kind: 'KINDERGARTEN', isKeyUnit: true, communityId, gridId: elderHome.gridId, buildingId: null, address: '阳光花园小区内', builtYear: 2003, areaM2: '1800.00' },
    { id: SAFETY_DEMO_IDS.elderBuilding, name: `阳光花园${elderBuilding.number}幢`, kind: 'BUILDING', isKeyUnit: false, communityId, gridId: elderBuilding.gridId, buildingId: elderBuilding.id, address: `阳光花园${elderBuilding.number}幢`, builtYear: 2002, areaM2: null },
  ];

  const marketDay = '2026-11-06';
  const buildingDay = '2026-11-20';
  const inspectionRows: Insert<typeof inspections>[] = [
    { id: SAFETY_DEMO_IDS.marketInspection, siteId: SAFETY_DEMO_IDS.market, inspectedOn: marketDay, inspectorSub: 'officer:fire-brigade', findings: '市场建于1997年，建筑面积2万平方米，消防通道狭窄，大量使用泡沫夹芯板，用电负荷大。' },
    { id: 'inspection-elder-building', siteId: SAFETY_DEMO_IDS.elderBuilding, inspectedOn: buildingDay, inspectorSub: `worker:${DEMO_IDS.fullTimeWorker}`, findings: '楼道内电瓶车充电。' },
  ];
  const found: { id: string; inspection: string; site: string; buildingId: string | null; day: string; type: Insert<typeof hazards>['type']; severity: 'GENERAL' | 'MAJOR'; rectifyBy: string; description: string; status: CaseStatus }[] = [
    { id: 'hazard-market-lanes', inspection: SAFETY_DEMO_IDS.marketInspection, site: SAFETY_DEMO_IDS.market, buildingId: null, day: marketDay, type: 'FIRE_LANE_BLOCKED', severity: 'MAJOR', rectifyBy: '2026-12-31', description: '消防通道狭窄，被摊位占用。', status: 'DISPATCHED' },
    { id: 'hazard-market-panels', inspection: SAFETY_DEMO_IDS.marketInspection, site: SAFETY_DEMO_IDS.market, buildingId: null, day: marketDay, type: 'COMBUSTIBLE_SANDWICH_PANEL', severity: 'MAJOR', rectifyBy: '2027-03-31', description: '大量使用泡沫夹芯板搭建商铺。', status: 'FILED' },
    { id: 'hazard-market-load', inspection: SAFETY_DEMO_IDS.marketInspection, site: SAFETY_DEMO_IDS.market, buildingId: null, day: marketDay, type: 'ELECTRICAL_OVERLOAD', severity: 'GENERAL', rectifyBy: '2026-11-20', description: '冷库与商铺用电负荷大，线路老化。', status: 'PROCESSING' },
    { id: 'hazard-elder-building-ebikes', inspection: 'inspection-elder-building', site: SAFETY_DEMO_IDS.elderBuilding, buildingId: elderBuilding.id, day: buildingDay, type: 'EBIKE_INDOOR_CHARGING', severity: 'GENERAL', rectifyBy: '2026-12-04', description: '楼道内电瓶车飞线充电。', status: 'ACCEPTED' },
  ];
  const hazardRows = found.map((h) => {
    const dates = hazardDates(h.day, { remedy: 'DEADLINE', rectifyBy: h.rectifyBy }, rules);
    const steps = walk(h.id, h.status, new Date(`${h.day}T02:00:00Z`));
    return {
      row: {
        id: h.id, status: h.status, tier: 'GRID' as const, source: 'PATROL' as const, deadline: endOfDay(dates.reinspectionDueOn), version: steps.length + 1,
        reportedAt: new Date(`${h.day}T02:00:00Z`), updatedAt: new Date(`${h.day}T02:00:00Z`),
        inspectionId: h.inspection, siteId: h.site, buildingId: h.buildingId, type: h.type, severity: h.severity, remedy: 'DEADLINE' as const, description: h.description, ...dates,
      },
      steps,
    };
  });

  const drill = (id: string, siteId: string, heldAt: string, organizer: string, participants: number, scenario: string, evacuationSeconds: number | null, hazardsFound: number) =>
    ({ id, siteId, heldAt: new Date(heldAt), organizer, participants, scenario, evacuationSeconds, hazardsFound });
  const drillRows = [
    drill('drill-market-2025', SAFETY_DEMO_IDS.market, '2025-11-12T01:30:00Z', '东湖街道消防站', 180, '冷库电气火灾初期扑救与人员疏散', 420, 3),
    drill('drill-market-2026', SAFETY_DEMO_IDS.market, '2026-04-22T01:30:00Z', '东湖街道消防站', 210, '夹芯板商铺火灾疏散', 390, 2),
    drill('drill-market-planned', SAFETY_DEMO_IDS.market, '2026-12-16T01:30:00Z', '东湖街道消防站', 200, '消防通道疏通与夜间疏散', null, 0),
    drill('drill-kindergarten-1', 'site-kindergarten-1', '2026-09-15T02:00:00Z', '东湖第一幼儿园', 320, '厨房火灾儿童疏散', 150, 0),
    drill('drill-kindergarten-2', 'site-kindergarten-2', '2025-10-09T02:00:00Z', '阳光花园幼儿园', 140, '午睡时段火灾疏散', 210, 1),
  ];

  return {
    households,
    residents: district.residents.map((r) => ({ id: r.id, householdId: r.householdId })),
    devices: fitted,
    alarms: alarmRows,
    alarmTransitions: transitions,
    sites: siteRows,
    inspections: inspectionRows,
    hazards: hazardRows.map((h) => h.row),
    hazardHistory: hazardRows.flatMap((h) => h.steps),
    fireDrills: drillRows,
  };
}

export async function seedSafety(db: Database, options: SeedOptions = {}, now: Date = new Date()) {
  return seedOnce(db, {
    guard: householdCopies,
    build: () => buildSafetyDemo(buildDemoDistrict({ seed: options.seed, scale: options.scale }), now),
    rows: (demo) => [
      rowsFor(householdCopies, demo.households),
      rowsFor(residentCopies, demo.residents),
      rowsFor(devices, demo.devices),
      rowsFor(alarms, demo.alarms),
      rowsFor(alarmTransitions, demo.alarmTransitions),
      rowsFor(sites, demo.sites),
      rowsFor(inspections, demo.inspections),
      rowsFor(hazards, demo.hazards),
      rowsFor(hazardHistory, demo.hazardHistory),
      rowsFor(fireDrills, demo.fireDrills),
    ],
  }, options.progress);
}
