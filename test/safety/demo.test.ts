import { buildDemoDistrict, DEMO_IDS } from '../../services/demo';
import { buildSafetyDemo, SAFETY_DEMO_IDS } from '../../services/safety/demo';
import { deviceStatus } from '../../services/safety/rules/devices';
import { OPEN_ALARM_STATUSES } from '../../services/safety/rules/alarms';
import { parseSafetySettings } from '../../services/safety/settings';

const now = new Date('2026-11-30T02:00:00Z');
const district = buildDemoDistrict();
const demo = buildSafetyDemo(district, now);

describe("safety's demo", () => {
  it('fits a smoke alarm and an SOS button in each of the 40 homes of elders living alone the district chose', () => {
    const kinds = (kind: string) => demo.devices.filter((d) => d.kind === kind);
    expect(kinds('SMOKE_ALARM')).toHaveLength(40);
    expect(kinds('SOS_BUTTON')).toHaveLength(40);
    expect(new Set(demo.devices.map((d) => d.householdId))).toEqual(new Set(district.safetyDevices.map((d) => d.householdId)));
    expect(demo.devices.find((d) => d.id === DEMO_IDS.sosButton)).toMatchObject({ householdId: DEMO_IDS.household, kind: 'SOS_BUTTON' });
  });

  it('has some devices offline and some alarms open, the pinned elder’s SOS with a responder on the way', () => {
    const rules = parseSafetySettings({});
    const offline = demo.devices.filter((d) => deviceStatus({ lastHeartbeatAt: d.lastHeartbeatAt ?? null, batteryPercent: d.batteryPercent ?? null, hasFault: false }, rules, now) === 'OFFLINE');
    expect(offline).toHaveLength(4);
    const open = demo.alarms.filter((a) => (OPEN_ALARM_STATUSES as readonly string[]).includes(a.status ?? 'RAISED'));
    expect(open.length).toBeGreaterThanOrEqual(2);
    expect(demo.alarms.find((a) => a.id === SAFETY_DEMO_IDS.elderSos)).toMatchObject({ status: 'DISPATCHED', responderId: DEMO_IDS.fullTimeWorker });
  });

  it('inspected the 1997 wholesale market of 20,000 m² and found narrow fire lanes, foam sandwich panels and a heavy load', () => {
    expect(demo.sites.find((s) => s.id === SAFETY_DEMO_IDS.market)).toMatchObject({ kind: 'MARKET', builtYear: 1997, areaM2: '20000.00', isKeyUnit: true });
    const found = demo.hazards.filter((h) => h.siteId === SAFETY_DEMO_IDS.market).map((h) => h.type);
    expect(found.sort()).toEqual(['COMBUSTIBLE_SANDWICH_PANEL', 'ELECTRICAL_OVERLOAD', 'FIRE_LANE_BLOCKED']);
    // Each hazard's history leads exactly to its status.
    for (const hazard of demo.hazards) {
      const steps = demo.hazardHistory.filter((s) => s.caseId === hazard.id);
      expect(steps.at(-1)?.toStatus ?? 'REPORTED').toBe(hazard.status);
      expect(hazard.version).toBe(steps.length + 1);
    }
  });

  it('drills at the market and at kindergartens', () => {
    const drilled = new Set(demo.fireDrills.map((d) => demo.sites.find((s) => s.id === d.siteId)!.kind));
    expect(drilled).toEqual(new Set(['MARKET', 'KINDERGARTEN']));
  });

  it("copies every household's grid and every resident's household from the district", () => {
    expect(demo.households).toHaveLength(district.households.length);
    expect(demo.residents).toHaveLength(district.residents.length);
    expect(demo.households.find((h) => h.id === DEMO_IDS.household)).toMatchObject({ gridId: DEMO_IDS.grid });
  });
});
