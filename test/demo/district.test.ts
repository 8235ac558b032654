import { buildCommunityDemo } from '../../services/community/demo';
import {
  buildDemoDistrict,
  DEMO_IDS,
  DEMO_REFERENCE_DATE,
  generateDemoDistrict,
  type DemoDistrict,
  type DemoResident,
  type ResidentTag,
} from '../../services/demo';
import { buildElderlyCareDemo } from '../../services/elderly-care/demo';

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
    // Compared as text: jest's deep equality takes seconds on 60,000 rows. Generated afresh, not from the cache.
    expect(JSON.stringify(generateDemoDistrict({ seed: 1 })) === JSON.stringify(district)).toBe(true);
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

describe('the district cache', () => {
  it('builds a district once per options, whichever way the same values are written', () => {
    expect(buildDemoDistrict()).toBe(buildDemoDistrict({ seed: 1, scale: 1 }));
    expect(buildDemoDistrict({ seed: 2, scale: 0.1 })).toBe(buildDemoDistrict({ scale: 0.1, seed: 2 }));
    expect(buildDemoDistrict({ seed: 2, scale: 0.1 })).not.toBe(buildDemoDistrict({ seed: 3, scale: 0.1 }));
    expect(buildDemoDistrict({ seed: 2, scale: 0.1 })).not.toBe(buildDemoDistrict({ seed: 2, scale: 0.2 }));
  });

  it('hands out a frozen district, so no subgraph changes what another derives its rows from', () => {
    const district = buildDemoDistrict({ scale: 0.1 });
    const resident: DemoResident = district.residents[0];
    expect(() => (district.residents as DemoResident[]).push(resident)).toThrow(TypeError);
    expect(() => Object.assign(resident, { name: '改名' })).toThrow(TypeError);
    expect(() => (resident.tags as ResidentTag[]).push('VETERAN')).toThrow(TypeError);
    expect(buildDemoDistrict({ scale: 0.1 }).residents[0]).toEqual(generateDemoDistrict({ scale: 0.1 }).residents[0]);
  });

  it('refuses a scale of zero every time instead of caching the failure', () => {
    expect(() => buildDemoDistrict({ scale: 0 })).toThrow(RangeError);
    expect(() => buildDemoDistrict({ scale: 0 })).toThrow(RangeError);
  });
});

describe('facts several subgraphs share', () => {
  const district = buildDemoDistrict();
  const residentsOf = (householdId: string) => district.residents.filter((r) => r.householdId === householdId);
  const buildingOf = new Map(district.buildings.map((b) => [b.id, b]));

  it('fits a smoke alarm and an SOS button in 40 homes, each of an elder living alone, the pinned elder first', () => {
    for (const d of [district, buildDemoDistrict({ seed: 7, scale: 0.3 })]) {
      const kindsIn = new Map<string, string[]>();
      for (const device of d.safetyDevices) kindsIn.set(device.householdId, [...(kindsIn.get(device.householdId) ?? []), device.kind]);
      expect(kindsIn.size).toBe(40);
      for (const [householdId, kinds] of kindsIn) {
        expect(kinds).toEqual(['SMOKE_ALARM', 'SOS_BUTTON']);
        const members = d.residents.filter((r) => r.householdId === householdId);
        expect(members).toHaveLength(1);
        expect(members[0].tags).toContain('LIVES_ALONE');
      }
      expect(new Set(d.safetyDevices.map((device) => device.id)).size).toBe(80);
      expect(d.safetyDevices.find((device) => device.id === DEMO_IDS.smokeAlarm)).toEqual({ id: DEMO_IDS.smokeAlarm, householdId: DEMO_IDS.household, kind: 'SMOKE_ALARM' });
      expect(d.safetyDevices.find((device) => device.id === DEMO_IDS.sosButton)).toEqual({ id: DEMO_IDS.sosButton, householdId: DEMO_IDS.household, kind: 'SOS_BUTTON' });
    }
  });

  it('fits the homes most at risk first: elders without kin, 80 and older', () => {
    const lone = district.residents.filter((r) => r.tags.includes('LIVES_ALONE'));
    const mostAtRisk = lone.filter((r) => r.tags.includes('NO_KIN') && ageOn(r.birthDate) >= 80);
    // Enough of them to take every device but the pinned elder's, so the choice is visible.
    expect(mostAtRisk.length).toBeGreaterThan(39);
    const fitted = new Set(district.safetyDevices.map((device) => device.householdId));
    fitted.delete(DEMO_IDS.household);
    for (const householdId of fitted) expect(mostAtRisk.map((r) => r.householdId)).toContain(householdId);
  });

  it("puts the big compound's elevator retrofits on its walk-ups 2, 8 and 31, the third still ahead", () => {
    const retrofits = district.elevatorRetrofits.map((r) => ({ ...r, building: buildingOf.get(r.buildingId)! }));
    expect(retrofits.map((r) => [r.ordinal, r.building.number, r.inService])).toEqual([[1, '2', true], [2, '8', true], [3, '31', false]]);
    for (const { building } of retrofits) {
      expect(building).toMatchObject({ compoundId: DEMO_IDS.bigCompound, hasElevator: false });
      expect(building.floors).toBeLessThanOrEqual(7);
      // Its households are the ones who vote and share the cost.
      expect(district.households.some((h) => h.buildingId === building.id)).toBe(true);
    }
    expect(retrofits[2].buildingId).toBe(DEMO_IDS.thirdElevatorBuilding);
  });

  it('finds walk-ups standing in for 2, 8 and 31 where another seed or scale lacks them', () => {
    for (const d of [buildDemoDistrict({ seed: 7, scale: 0.3 }), buildDemoDistrict({ seed: 2 })]) {
      const buildings = d.elevatorRetrofits.map((r) => d.buildings.find((b) => b.id === r.buildingId)!);
      expect(d.elevatorRetrofits.map((r) => [r.ordinal, r.inService])).toEqual([[1, true], [2, true], [3, false]]);
      expect(new Set(buildings.map((b) => b.id)).size).toBe(3);
      for (const b of buildings) expect(b).toMatchObject({ compoundId: DEMO_IDS.bigCompound, hasElevator: false });
    }
    // Seed 2's building 31 has a lift: its nearest walk-up, 30, stands in.
    const seed2 = buildDemoDistrict({ seed: 2 });
    expect(seed2.buildings.find((b) => b.compoundId === DEMO_IDS.bigCompound && b.number === '31')!.hasElevator).toBe(true);
    expect(seed2.buildings.find((b) => b.id === seed2.elevatorRetrofits[2].buildingId)!.number).toBe('30');
  });

  it("gives community and elderly care one answer on who lives alone, in an empty nest or without kin, and who has devices", () => {
    const community = buildCommunityDemo(district);
    const elderlyCare = buildElderlyCareDemo(district, '2026-11-22');
    const communityResident = new Map(community.residents.map((r) => [r.id, r]));
    const profileOf = new Map(elderlyCare.profiles.map((p) => [p.residentId, p]));
    for (const profile of elderlyCare.profiles) {
      const tags = communityResident.get(profile.residentId)!.tags!;
      expect(profile.livingArrangement === 'ALONE').toBe(tags.includes('LIVES_ALONE'));
      for (const tag of ['LIVES_ALONE', 'EMPTY_NEST', 'NO_KIN'] as const) expect(profile.careTags!.includes(tag)).toBe(tags.includes(tag));
      expect(profile.householdId).toBe(communityResident.get(profile.residentId)!.householdId);
    }
    // Every resident community tags as living alone is an elder elderly care looks after.
    for (const r of community.residents.filter((r) => r.tags!.includes('LIVES_ALONE'))) expect(profileOf.get(r.id)?.livingArrangement).toBe('ALONE');
    for (const { householdId } of district.safetyDevices) {
      const [elder] = residentsOf(householdId);
      expect(profileOf.get(elder.id)).toMatchObject({ householdId, livingArrangement: 'ALONE' });
    }
  });
});
