import { count, eq } from 'drizzle-orm';
import type { DatabaseHandle } from '../../services/kit/db';
import { buildDemoDistrict, DEMO_IDS, DEMO_REFERENCE_DATE, seedCommunity, type DemoDistrict } from '../../services/community/seed';
import {
  buildings,
  communities,
  compounds,
  gridAssignments,
  gridWorkers,
  grids,
  households,
  residents,
  subdistricts,
  type ResidentRow,
} from '../../services/community/tables';
import { openTestDatabase } from '../support/database';

type ResidentTag = ResidentRow['tags'][number];

/** Age on the reference date, computed independently of the generator. */
function ageOn(birthDate: string, reference = DEMO_REFERENCE_DATE): number {
  const [by, bm, bd] = birthDate.split('-').map(Number);
  const [ry, rm, rd] = reference.split('-').map(Number);
  return ry - by - (rm < bm || (rm === bm && rd < bd) ? 1 : 0);
}

/** GB 11643: the weighted sum of all 18 characters (X = 10), weights 2^(17-i) mod 11, is 1 mod 11. */
function hasValidCheckDigit(idNumber: string): boolean {
  const sum = [...idNumber].reduce((total, c, i) => total + (c === 'X' ? 10 : Number(c)) * (2 ** (17 - i) % 11), 0);
  return /^\d{17}[\dX]$/.test(idNumber) && sum % 11 === 1;
}

function tally<T>(items: readonly T[], key: (item: T) => string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1);
  return counts;
}

describe('buildDemoDistrict', () => {
  const district = buildDemoDistrict();
  const gridOf = new Map(district.grids.map((g) => [g.id, g]));
  const buildingOf = new Map(district.buildings.map((b) => [b.id, b]));
  const householdsPerBuilding = tally(district.households, (h) => h.buildingId);
  const membersOf = new Map<string, DemoDistrict['residents']>();
  for (const r of district.residents) membersOf.set(r.householdId, [...(membersOf.get(r.householdId) ?? []), r]);

  it('is deterministic: the same seed gives the same rows, another seed other ones', () => {
    // Compared as text: jest's deep equality takes seconds on 60,000 rows.
    expect(JSON.stringify(buildDemoDistrict({ seed: 1 })) === JSON.stringify(district)).toBe(true);
    const firstResidents = (seed: number) => buildDemoDistrict({ seed, scale: 0.1 }).residents.slice(0, 50);
    expect(firstResidents(2)).not.toEqual(firstResidents(1));
  });

  it('has 3 subdistricts with 12-digit region codes and 12 communities', () => {
    expect(district.subdistricts).toHaveLength(3);
    for (const s of district.subdistricts) expect(s.regionCode).toMatch(/^\d{12}$/);
    expect(district.subdistricts.every((s) => s.name.endsWith('街道'))).toBe(true);
    expect(district.communities).toHaveLength(12);
    expect(district.communities.every((c) => c.name.endsWith('社区'))).toBe(true);
  });

  it('has 50 compounds built 1985–2015 and 43 self-governed villages, every name unique', () => {
    const villages = district.compounds.filter((c) => c.builtYear === null);
    const urban = district.compounds.filter((c) => c.builtYear !== null);
    expect(urban).toHaveLength(50);
    expect(villages).toHaveLength(43);
    expect(villages.every((v) => v.name.endsWith('村') && v.propertyManagement === 'SELF_GOVERNED')).toBe(true);
    expect(urban.every((c) => c.builtYear! >= 1985 && c.builtYear! <= 2015)).toBe(true);
    expect([...tally(urban, (c) => c.propertyManagement).keys()].sort()).toEqual(['COMPANY', 'NONE', 'SELF_GOVERNED']);
    expect(new Set(district.compounds.map((c) => c.name)).size).toBe(93);
  });

  it('has a 24-year-old compound with 1,100+ households, the others hundreds, villages fewer', () => {
    const perCompound = tally(district.households, (h) => buildingOf.get(h.buildingId)!.compoundId);
    const big = district.compounds.find((c) => c.id === DEMO_IDS.bigCompound)!;
    expect(big.builtYear).toBe(2002);
    expect(perCompound.get(big.id)).toBeGreaterThanOrEqual(1100);
    for (const c of district.compounds) {
      const [min, max] = c.id === big.id ? [1100, 1200] : c.builtYear === null ? [30, 120] : [100, 400];
      expect(perCompound.get(c.id)).toBeGreaterThanOrEqual(min);
      expect(perCompound.get(c.id)).toBeLessThanOrEqual(max);
    }
  });

  it('has buildings of 4–33 floors, lifts above 7 floors, and households in them', () => {
    const oddBuildings = district.buildings.filter(
      (b) => b.floors < 4 || b.floors > 33 || b.hasElevator !== b.floors > 7 || !householdsPerBuilding.has(b.id),
    );
    expect(oddBuildings).toEqual([]);
    expect(district.buildings.filter((b) => b.floors === 6 && !b.hasElevator).length).toBeGreaterThan(50);
    const oddHouseholds = district.households.filter(
      (h) =>
        h.floor > buildingOf.get(h.buildingId)!.floors ||
        h.room !== `${h.floor}0${h.room.slice(-1)}` ||
        !/[1-4]$/.test(h.room) ||
        h.areaM2 < 55 ||
        h.areaM2 > 140,
    );
    expect(oddHouseholds).toEqual([]);
  });

  it('has 81 comprehensive, 4 dedicated and 384 micro grids in a consistent hierarchy', () => {
    expect(Object.fromEntries(tally(district.grids, (g) => g.kind))).toEqual({ COMPREHENSIVE: 81, DEDICATED: 4, MICRO: 384 });
    expect(new Set(district.grids.map((g) => g.code)).size).toBe(district.grids.length);
    for (const g of district.grids) {
      if (g.kind === 'MICRO') {
        const parent = gridOf.get(g.parentId!)!;
        expect([g.level, parent.kind, parent.communityId]).toEqual([2, 'COMPREHENSIVE', g.communityId]);
      } else {
        expect([g.level, g.parentId]).toEqual([1, null]);
      }
    }
    for (const b of district.buildings) {
      expect(gridOf.get(b.gridId)!.kind).toBe('COMPREHENSIVE');
      expect(gridOf.get(b.microGridId!)!.parentId).toBe(b.gridId);
    }
  });

  it('spreads households evenly over the comprehensive grids and gives every micro grid buildings', () => {
    const perGrid = tally(district.households, (h) => buildingOf.get(h.buildingId)!.gridId);
    const comprehensive = district.grids.filter((g) => g.kind === 'COMPREHENSIVE');
    const sizes = comprehensive.map((g) => perGrid.get(g.id) ?? 0);
    const mean = district.households.length / comprehensive.length;
    expect(Math.min(...sizes)).toBeGreaterThan(mean * 0.5);
    expect(Math.max(...sizes)).toBeLessThan(mean * 1.5);
    for (const g of district.grids.filter((g) => g.kind === 'DEDICATED')) expect(perGrid.has(g.id)).toBe(false);
    const microWithBuildings = new Set(district.buildings.map((b) => b.microGridId));
    expect(microWithBuildings.size).toBe(384);
    // A large compound spans several grids, small villages share one.
    const gridsPerCompound = new Map<string, Set<string>>();
    for (const b of district.buildings) gridsPerCompound.set(b.compoundId, (gridsPerCompound.get(b.compoundId) ?? new Set()).add(b.gridId));
    expect(gridsPerCompound.get(DEMO_IDS.bigCompound)!.size).toBeGreaterThan(3);
    const compoundsPerGrid = tally([...gridsPerCompound].flatMap(([, ids]) => [...ids]), (id) => id);
    expect(Math.max(...compoundsPerGrid.values())).toBeGreaterThan(1);
  });

  it('staffs the grids: a chief per community, a full-time worker per grid, a liaison per micro grid', () => {
    const roles = Object.fromEntries(tally(district.gridWorkers, (w) => w.role));
    expect(roles).toMatchObject({ GRID_CHIEF: 12, FULL_TIME: 81, MICRO_GRID_LIAISON: 384 });
    for (const role of ['PART_TIME', 'BUILDING_LEADER', 'VOLUNTEER']) expect(roles[role]).toBeGreaterThan(0);
    const roleOf = new Map(district.gridWorkers.map((w) => [w.id, w.role]));
    const rolesOnGrid = new Map<string, string[]>();
    for (const a of district.gridAssignments) rolesOnGrid.set(a.gridId, [...(rolesOnGrid.get(a.gridId) ?? []), roleOf.get(a.gridWorkerId)!]);
    for (const g of district.grids) {
      const onGrid = rolesOnGrid.get(g.id) ?? [];
      if (g.kind === 'COMPREHENSIVE') expect([onGrid.filter((r) => r === 'GRID_CHIEF').length, onGrid.filter((r) => r === 'FULL_TIME').length]).toEqual([1, 1]);
      if (g.kind === 'MICRO') expect(onGrid.filter((r) => r === 'MICRO_GRID_LIAISON')).toHaveLength(1);
      if (g.kind === 'DEDICATED') expect(onGrid.length).toBeGreaterThan(0);
    }
    expect(district.gridAssignments.filter((a) => roleOf.get(a.gridWorkerId) === 'GRID_CHIEF')).toHaveLength(81);
    expect(new Set(district.gridAssignments.map((a) => `${a.gridId} ${a.gridWorkerId}`)).size).toBe(district.gridAssignments.length);
  });

  it('has 5,000+ residents, 1–4 per household, a quarter or so 60 and older', () => {
    expect(district.residents.length).toBeGreaterThanOrEqual(5000);
    expect(membersOf.size).toBe(district.households.length);
    expect(Math.max(...[...membersOf.values()].map((m) => m.length))).toBe(4);
    const ages = district.residents.map((r) => ageOn(r.birthDate));
    const elderShare = ages.filter((a) => a >= 60).length / ages.length;
    expect(elderShare).toBeGreaterThanOrEqual(0.2);
    expect(elderShare).toBeLessThanOrEqual(0.35);
    expect(ages.filter((a) => a >= 80).length / ages.length).toBeGreaterThan(0.02);
    expect(ages.filter((a) => a < 18).length).toBeGreaterThan(0);
    expect(Math.min(...ages)).toBeGreaterThanOrEqual(0);
  });

  it('gives unique phones and unique, valid ID numbers matching region, birth date and gender', () => {
    const phones = [...district.residents.flatMap((r) => (r.phone ? [r.phone] : [])), ...district.gridWorkers.map((w) => w.phone)];
    expect(phones.every((p) => /^1[358]\d{9}$/.test(p))).toBe(true);
    expect(new Set(phones).size).toBe(phones.length);
    expect(new Set(district.residents.map((r) => r.idNumber)).size).toBe(district.residents.length);
    const region = district.subdistricts[0].regionCode.slice(0, 6);
    const odd = district.residents.filter(
      (r) =>
        !hasValidCheckDigit(r.idNumber) ||
        r.idNumber.slice(0, 6) !== region ||
        r.idNumber.slice(6, 14) !== r.birthDate.replaceAll('-', '') ||
        Number(r.idNumber[16]) % 2 !== (r.gender === 'MALE' ? 1 : 0) ||
        !/^\p{Script=Han}{2,4}$/u.test(r.name),
    );
    expect(odd).toEqual([]);
  });

  it('tags elders living alone, empty nests, and a few percent disabled, low-income and veterans', () => {
    const mistagged = [...membersOf.values()].flatMap((members) => {
      const onlyElders = members.every((m) => ageOn(m.birthDate) >= 60);
      return members.filter(
        ({ tags = [] }) =>
          tags.includes('LIVES_ALONE') !== (onlyElders && members.length === 1) ||
          tags.includes('EMPTY_NEST') !== (onlyElders && members.length > 1) ||
          (tags.includes('NO_KIN') && !tags.includes('LIVES_ALONE')),
      );
    });
    expect(mistagged).toEqual([]);
    const share = (tag: ResidentTag) => district.residents.filter((r) => r.tags!.includes(tag)).length / district.residents.length;
    expect(share('NO_KIN')).toBeGreaterThan(0);
    for (const [tag, low, high] of [['DISABLED', 0.02, 0.045], ['LOW_INCOME', 0.02, 0.045], ['VETERAN', 0.005, 0.02]] as const) {
      expect(share(tag)).toBeGreaterThanOrEqual(low);
      expect(share(tag)).toBeLessThanOrEqual(high);
    }
  });

  it('numbers ids so that text order is creation order', () => {
    for (const rows of [district.grids, district.gridWorkers, district.compounds, district.buildings, district.households, district.residents]) {
      const ids = rows.map((r) => r.id);
      expect([...ids].sort()).toEqual(ids);
    }
    expect([district.compounds[0].id, district.grids[0].id, district.gridWorkers[0].id, district.buildings[0].id]).toEqual([
      'compound-01',
      'grid-001',
      'worker-0001',
      'building-0001',
    ]);
  });

  it('names handy ids that hold for every seed and scale', () => {
    for (const d of [district, buildDemoDistrict({ seed: 7, scale: 0.3 })]) {
      const elder = d.residents.find((r) => r.id === DEMO_IDS.elderLivingAlone)!;
      expect(ageOn(elder.birthDate)).toBeGreaterThanOrEqual(80);
      expect(elder.tags).toContain('LIVES_ALONE');
      expect(elder.householdId).toBe(DEMO_IDS.household);
      const building = d.buildings.find((b) => b.id === d.households.find((h) => h.id === DEMO_IDS.household)!.buildingId)!;
      expect([building.compoundId, building.gridId]).toEqual([DEMO_IDS.bigCompound, DEMO_IDS.grid]);
      const worker = d.gridWorkers.find((w) => w.id === DEMO_IDS.fullTimeWorker)!;
      expect(worker.role).toBe('FULL_TIME');
      expect(d.gridAssignments).toContainEqual({ gridId: DEMO_IDS.grid, gridWorkerId: worker.id });
    }
  });

  it('scales households but keeps the organisation: grids, workers, at least a building per compound', () => {
    const small = buildDemoDistrict({ scale: 0.1 });
    expect(small.households.length).toBeLessThan(district.households.length / 5);
    expect(Object.fromEntries(tally(small.grids, (g) => g.kind))).toEqual({ COMPREHENSIVE: 81, DEDICATED: 4, MICRO: 384 });
    expect(small.gridWorkers.filter((w) => w.role === 'MICRO_GRID_LIAISON')).toHaveLength(384);
    expect(new Set(small.buildings.map((b) => b.compoundId)).size).toBe(93);
    expect(new Set(small.buildings.map((b) => b.gridId)).size).toBe(81);
    expect(() => buildDemoDistrict({ scale: 0 })).toThrow(RangeError);
  });
});

describe('seedCommunity', () => {
  // A quarter of the district keeps the test quick while still inserting several batches per large table.
  const scale = 0.25;
  const expected = buildDemoDistrict({ scale });
  let handle: DatabaseHandle;

  beforeAll(async () => {
    handle = await openTestDatabase();
    await handle.migrate('services/community/migrations', 'community');
  });
  afterAll(() => handle?.close());

  const tables = { subdistricts, communities, grids, gridWorkers, gridAssignments, compounds, buildings, households, residents };
  const rowCounts = async () => {
    const counts: Record<string, number> = {};
    for (const [name, table] of Object.entries(tables)) counts[name] = (await handle.db.select({ n: count() }).from(table))[0].n;
    return counts;
  };
  const expectedCounts = Object.fromEntries(Object.keys(tables).map((name) => [name, expected[name as keyof DemoDistrict].length]));

  it('inserts the district in batches of at most 1,000 rows', async () => {
    const before = handle.statements.count;
    await expect(seedCommunity(handle.db, { scale })).resolves.toEqual({
      residents: expected.residents.length,
      households: expected.households.length,
    });
    const inserts = Object.values(expectedCounts).reduce((sum, rows) => sum + Math.ceil(rows / 1000), 0);
    // Plus the emptiness check and whatever the driver logs for the transaction itself.
    expect(handle.statements.count - before).toBeLessThanOrEqual(inserts + 3);
    expect(await rowCounts()).toEqual(expectedCounts);
  });

  it('stores the rows as generated', async () => {
    const [elder] = await handle.db.select().from(residents).where(eq(residents.id, DEMO_IDS.elderLivingAlone));
    const generated = expected.residents[0];
    expect(elder).toMatchObject({ ...generated, version: 1 });
    const [household] = await handle.db.select().from(households).where(eq(households.id, DEMO_IDS.household));
    expect(household).toEqual(expected.households[0]);
    const village = expected.compounds[expected.compounds.length - 1];
    expect(await handle.db.select().from(compounds).where(eq(compounds.id, village.id))).toEqual([village]);
    const micro = expected.grids[expected.grids.length - 1];
    expect(await handle.db.select().from(grids).where(eq(grids.id, micro.id))).toEqual([micro]);
    expect(await handle.db.select().from(buildings).where(eq(buildings.id, expected.buildings[0].id))).toEqual([expected.buildings[0]]);
  });

  it('does nothing the second time', async () => {
    await expect(seedCommunity(handle.db, { scale })).resolves.toEqual({ residents: 0, households: 0 });
    expect(await rowCounts()).toEqual(expectedCounts);
  });
});
