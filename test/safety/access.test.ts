import { ANONYMOUS, type Viewer } from '../../services/kit/auth';
import type { DatabaseHandle } from '../../services/kit/db';
import type { RowRule } from '../../services/kit/access';
import { buildDemoDistrict, DEMO_IDS } from '../../services/demo';
import { safetySubgraph } from '../../services/safety';
import { alarmRule, deviceRule, hazardRule, inspectionRule } from '../../services/safety/access';
import { seedSafety } from '../../services/safety/demo';
import { openTestDatabase } from '../support/database';

/** Safety's row rules on its demo: both halves agree for every persona, and each sees what issue 11 says. */
let handle: DatabaseHandle;
beforeAll(async () => {
  handle = await openTestDatabase();
  await handle.migrate(safetySubgraph.migrationsFolder, safetySubgraph.pgSchema);
  await seedSafety(handle.db);
}, 120_000);
afterAll(() => handle?.close());

/** A resident of the pinned elder's building whose own home has no device. */
const neighbourId = (() => {
  const district = buildDemoDistrict();
  const fitted = new Set(district.safetyDevices.map((d) => d.householdId));
  const building = district.households.find((h) => h.id === DEMO_IDS.household)!.buildingId;
  const homes = new Set(district.households.filter((h) => h.buildingId === building && !fitted.has(h.id)).map((h) => h.id));
  return district.residents.find((r) => homes.has(r.householdId))!.id;
})();
const viewer = (claims: Partial<Viewer>): Viewer => ({ authenticated: true, roles: [], gridIds: [], audience: [], scopes: [], ...claims });
const PERSONAS: Record<string, Viewer> = {
  anonymous: ANONYMOUS,
  admin: viewer({ roles: ['admin'] }),
  safetyOfficer: viewer({ roles: ['safety_officer'] }),
  deviceGateway: viewer({ roles: ['device_gateway'] }),
  housingOfficer: viewer({ roles: ['housing_officer'] }),
  gridWorker: viewer({ roles: ['grid_worker'], gridIds: [DEMO_IDS.grid] }),
  // A grid with no fitted home.
  otherGridWorker: viewer({ roles: ['grid_worker'], gridIds: ['grid-999'] }),
  elder: viewer({ roles: ['resident'], residentId: DEMO_IDS.elderLivingAlone }),
  neighbour: viewer({ roles: ['resident'], residentId: neighbourId }),
};
const RULES: RowRule<{ id: string }>[] = [deviceRule, alarmRule, hazardRule, inspectionRule];

async function visible(rule: RowRule<{ id: string }>, who: Viewer) {
  const listed = (await rule.select(handle.db, who).where(rule.where(who))).map((r) => r.id).sort();
  const allowed = (await rule.select(handle.db, who)).filter((r) => rule.allows(who, r)).map((r) => r.id).sort();
  return { listed, allowed };
}

describe("safety's row rules", () => {
  it.each(Object.keys(PERSONAS))('agree in both halves for %s', async (name) => {
    for (const rule of RULES) {
      const { listed, allowed } = await visible(rule, PERSONAS[name]!);
      expect({ rule: rule.resource, ids: listed }).toEqual({ rule: rule.resource, ids: allowed });
    }
  });

  it('show a resident their own home and building only, grid workers their grid, officers all', async () => {
    const ids = async (rule: RowRule<{ id: string }>, name: string) => (await visible(rule, PERSONAS[name]!)).listed;
    expect(await ids(deviceRule, 'elder')).toEqual([DEMO_IDS.smokeAlarm, DEMO_IDS.sosButton]);
    expect(await ids(alarmRule, 'elder')).toEqual(['alarm-elder-false', 'alarm-elder-sos']);
    expect(await ids(hazardRule, 'elder')).toEqual(['hazard-elder-building-ebikes']);
    expect(await ids(inspectionRule, 'elder')).toEqual([]);
    expect(await ids(deviceRule, 'neighbour')).toEqual([]);
    expect(await ids(alarmRule, 'neighbour')).toEqual([]);
    // The hazards of the building are every resident's of it.
    expect(await ids(hazardRule, 'neighbour')).toEqual(['hazard-elder-building-ebikes']);
    for (const name of ['anonymous', 'housingOfficer', 'otherGridWorker']) {
      expect(await ids(deviceRule, name)).toEqual([]);
      expect(await ids(alarmRule, name)).toEqual([]);
    }
    expect((await ids(deviceRule, 'gridWorker')).length).toBeGreaterThanOrEqual(2);
    expect(await ids(deviceRule, 'safetyOfficer')).toHaveLength(80);
    expect(await ids(deviceRule, 'deviceGateway')).toHaveLength(80);
    expect(await ids(inspectionRule, 'gridWorker')).toHaveLength(2);
  });
});
