import { eq } from 'drizzle-orm';
import { buildDemoDistrict, DEMO_IDS } from '../../services/demo';
import { housingSubgraph } from '../../services/housing';
import { buildHousingDemo, HOUSING_DEMO_IDS, seedHousing } from '../../services/housing/demo';
import { selectTallies } from '../../services/housing/loaders';
import { decideConsent } from '../../services/housing/rules/consent';
import { consents, elevatorRetrofits, renovationProjects } from '../../services/housing/tables';
import type { DatabaseHandle } from '../../services/kit/db';
import { openTestDatabase } from '../support/database';

const district = buildDemoDistrict();
const now = new Date('2026-03-01T00:00:00Z');

describe('the housing demo, derived from the demo district', () => {
  const demo = buildHousingDemo(district, now);

  it('is pure: the same district and day give the same rows', () => {
    expect(buildHousingDemo(district, now)).toEqual(demo);
  });

  it('tells the big compound\'s story: two lifts in service, the third (building 31) collecting consent, plus one rejected elsewhere', () => {
    const phaseOf = new Map(demo.retrofits.map((r) => [r.buildingId, r.status]));
    const [first, second, third] = district.elevatorRetrofits;
    expect([phaseOf.get(first!.buildingId), phaseOf.get(second!.buildingId)]).toEqual(['IN_SERVICE', 'IN_SERVICE']);
    expect(third!.buildingId).toBe(DEMO_IDS.thirdElevatorBuilding);
    expect(phaseOf.get(DEMO_IDS.thirdElevatorBuilding)).toBe('CONSENT_COLLECTING');
    const rejected = demo.retrofits.find((r) => r.id === HOUSING_DEMO_IDS.rejectedRetrofit)!;
    expect(rejected).toMatchObject({ status: 'REJECTED' });
    expect(rejected.compoundId).not.toBe(DEMO_IDS.bigCompound);
    for (const r of demo.retrofits) expect(r.gridId).toBe(district.buildings.find((b) => b.id === r.buildingId)!.gridId);
  });

  it('has renovation projects across several compounds, in different phases, the big compound\'s among them', () => {
    expect(new Set(demo.projects.map((p) => p.compoundId)).size).toBeGreaterThanOrEqual(6);
    expect(new Set(demo.projects.map((p) => p.status)).size).toBeGreaterThanOrEqual(4);
    expect(demo.projects.filter((p) => p.status === 'LONG_TERM_MANAGEMENT')).toHaveLength(5);
    expect(demo.projects.some((p) => p.compoundId === DEMO_IDS.bigCompound)).toBe(true);
    for (const p of demo.projects) expect(demo.projectTransitions.filter((t) => t.projectId === p.id)).toHaveLength(p.version! - 1);
  });
});

describe('the housing demo, seeded', () => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await openTestDatabase();
    await handle.migrate(housingSubgraph.migrationsFolder, housingSubgraph.pgSchema);
    await seedHousing(handle.db, {}, district);
  }, 120_000);
  afterAll(() => handle?.close());

  const decisionOf = async (retrofitId: string) => {
    const [consent] = await handle.db.select().from(consents).where(eq(consents.retrofitId, retrofitId));
    const [tally] = await selectTallies(handle.db, [consent!.id]);
    return { status: consent!.status, ...decideConsent(tally!), tally: tally! };
  };

  it('counts one approved consent per lift in service, one rejected (quorum met, too few agreeing), one still open', async () => {
    const [first, second, third] = district.elevatorRetrofits;
    for (const built of [first!, second!]) expect(await decisionOf(built.id)).toMatchObject({ status: 'CLOSED', quorumMet: true, approved: true });
    expect(await decisionOf(HOUSING_DEMO_IDS.rejectedRetrofit)).toMatchObject({ status: 'CLOSED', quorumMet: true, approved: false });
    const open = await decisionOf(third!.id);
    expect(open.status).toBe('OPEN');
    expect(open.tally.participatingHouseholds).toBeGreaterThan(0);
    expect(open.tally.participatingHouseholds).toBeLessThan(open.tally.eligibleHouseholds);
  });

  it('seeds once: a second seed changes nothing', async () => {
    const before = (await handle.db.select().from(elevatorRetrofits)).length + (await handle.db.select().from(renovationProjects)).length;
    expect(await seedHousing(handle.db, {}, district)).toBeUndefined();
    expect((await handle.db.select().from(elevatorRetrofits)).length + (await handle.db.select().from(renovationProjects)).length).toBe(before);
  });
});
