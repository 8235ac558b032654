/** The district's places: compounds and villages, their buildings by era, the households in them and who lives there. */
import { apportion, pad, split } from './counting';
import { COMMUNITY_COUNT, FIGURES, URBAN_COMMUNITIES } from './figures';
import { HOUSEHOLD_KINDS, type Member } from './households';
import type { People, Person } from './people';
import { sample, type Random } from './random';
import type { PropertyManagement, ResidentTag } from './records';

const COMPOUND_PREFIXES = [
  '锦绣', '翠苑', '丽景', '金桥', '和平', '幸福', '东方', '绿城', '春晖', '滨江', '明珠', '文华', '康乐', '新华',
  '紫荆', '碧水', '桂花', '香樟', '星河', '嘉和', '秀水', '枫林', '天成', '朝晖', '德胜', '青枫', '望湖', '清波',
  '长庆', '兴业', '红星', '工人', '建设', '友谊', '华苑', '景芳', '晴川', '云栖', '湖畔', '半山', '松园', '兰亭',
  '梧桐', '海棠', '玉泉', '金色', '怡景', '荷塘', '映月', '瑞祥', '新洲', '君悦',
] as const;
const VILLAGE_NAMES = [
  '张家村', '李家村', '王家村', '陈家村', '周家村', '徐家村', '沈家村', '朱家村', '蒋家村', '何家村', '石桥村',
  '桃园村', '大塘村', '前山村', '后湾村', '上埠村', '下塘村', '西溪村', '东岙村', '南湖村', '北港村', '杨梅岭村',
  '竹园村', '梅林村', '河口村', '新塘村', '茶山村', '白沙村', '青石村', '枫树湾村', '柳塘村', '黄泥岭村', '双桥村',
  '五里村', '九曲村', '银杏村', '松木村', '龙坞村', '桐坞村', '金沙村', '长岭村', '外桥村', '里山村', '横街村',
  '牌楼村', '社井村',
] as const;

interface PlannedResident extends Person {
  idNumber: string;
  tags: ResidentTag[];
}

interface PlannedHousehold {
  unit: number;
  floor: number;
  room: string;
  areaM2: number;
  residents: PlannedResident[];
}

export interface PlannedBuilding {
  number: string;
  floors: number;
  households: PlannedHousehold[];
}

export interface PlannedCompound {
  community: number;
  name: string;
  builtYear: number | null;
  propertyManagement: PropertyManagement;
  buildings: PlannedBuilding[];
}

interface BuildingDesign {
  floors: number;
  /** Lowest the floors may be cut to when only a few households remain to be housed. */
  minFloors: number;
  units: number;
  perFloor: number;
  area: readonly [number, number];
}

/** Building stock by era: walk-ups until the mid-1990s, some mid-rises (小高层) after, high-rises from 2005. */
function designBuilding(random: Random, builtYear: number | null): BuildingDesign {
  if (builtYear === null) return { floors: random.int(4, 5), minFloors: 4, units: 2, perFloor: 2, area: [90, 140] };
  if (builtYear < 1995 || (builtYear < 2005 && random.chance(0.7))) {
    // Mostly 6-floor walk-ups without a lift: the elevator retrofit target.
    const floors = random.pick([5, 6, 6, 6, 6, 7]);
    return { floors, minFloors: 4, units: random.int(2, 3), perFloor: 2, area: builtYear < 1995 ? [55, 85] : [65, 110] };
  }
  if (builtYear < 2005) return { floors: random.int(8, 12), minFloors: 8, units: 2, perFloor: random.int(2, 3), area: [75, 120] };
  const floors = random.chance(0.6) ? random.int(11, 18) : random.int(19, 33);
  return { floors, minFloors: 11, units: 2, perFloor: random.int(2, 4), area: [80, 140] };
}

function propertyManagementFor(random: Random, builtYear: number): PropertyManagement {
  if (builtYear < 1995) return random.weighted([['NONE', 60], ['SELF_GOVERNED', 25], ['COMPANY', 15]]);
  if (builtYear < 2005) return random.weighted([['COMPANY', 55], ['SELF_GOVERNED', 25], ['NONE', 20]]);
  return random.weighted([['COMPANY', 95], ['SELF_GOVERNED', 5]]);
}

/** Older compounds are called 新村 or 小区, newer ones 花园, 家园, 苑 and the like. */
function compoundName(random: Random, prefix: string, builtYear: number): string {
  return prefix + random.pick(builtYear < 1995 ? ['新村', '小区'] : ['花园', '家园', '苑', '公寓', '名苑', '雅苑', '府']);
}

/** Walk-ups of up to 7 floors were built without a lift: they are the elevator retrofit target. */
export const hasElevator = (floors: number) => floors > 7;

/** Plans the compounds, big compound first, then the villages; the draws' order is the district, so it stays put. */
export class DistrictPlanner {
  private pinnedElderPending = true;

  constructor(
    private readonly random: Random,
    private readonly people: People,
    private readonly scale: number,
  ) {}

  compounds(): PlannedCompound[] {
    const { random } = this;
    const prefixes = random.shuffled(COMPOUND_PREFIXES);
    const villageNames = random.shuffled(VILLAGE_NAMES);
    const planned: PlannedCompound[] = [];
    split(FIGURES.compounds, URBAN_COMMUNITIES).forEach((count, community) => {
      for (let i = 0; i < count; i++) {
        // The big compound comes first, so its ids are compound-01, building-0001, household-00001.
        const big = community === 0 && i === 0;
        const builtYear = big ? FIGURES.bigCompound.builtYear : random.int(1985, 2015);
        planned.push(
          this.compound({
            community,
            name: big ? FIGURES.bigCompound.name : compoundName(random, prefixes[planned.length], builtYear),
            builtYear,
            propertyManagement: propertyManagementFor(random, builtYear),
            households: big ? FIGURES.bigCompound.households : random.int(...FIGURES.compoundHouseholds),
          }),
        );
      }
    });
    split(FIGURES.villages, COMMUNITY_COUNT - URBAN_COMMUNITIES).forEach((count, i) => {
      for (let j = 0; j < count; j++) {
        planned.push(
          this.compound({
            community: URBAN_COMMUNITIES + i,
            name: villageNames[planned.length - FIGURES.compounds],
            builtYear: null,
            propertyManagement: 'SELF_GOVERNED',
            households: random.int(...FIGURES.villageHouseholds),
          }),
        );
      }
    });
    return planned;
  }

  /** Raises buildings until the compound's households fit, then leaves the surplus flats empty here and there. */
  private compound({ households, ...compound }: Omit<PlannedCompound, 'buildings'> & { households: number }): PlannedCompound {
    const { random } = this;
    const target = Math.max(1, Math.round(households * this.scale));
    const designs: BuildingDesign[] = [];
    for (let capacity = 0; capacity < target; ) {
      const design = designBuilding(random, compound.builtYear);
      const perStorey = design.units * design.perFloor;
      // Cut the last building down to what is left, so compounds are not mostly empty flats.
      design.floors = Math.max(design.minFloors, Math.min(design.floors, Math.ceil((target - capacity) / perStorey)));
      designs.push(design);
      capacity += design.floors * perStorey;
    }
    const capacities = designs.map((d) => d.floors * d.units * d.perFloor);
    const occupied = apportion(target, capacities, capacities);
    // Villages and old compounds are older: their young people moved away.
    const { builtYear } = compound;
    const elderFactor = builtYear === null || builtYear < 1995 ? 1.4 : builtYear >= 2010 ? 0.6 : 1;
    return {
      ...compound,
      buildings: designs.map((design, b) => ({
        number: String(b + 1),
        floors: design.floors,
        households: sample(random, capacities[b], occupied[b]).map((flat) => this.household(design, flat, elderFactor)),
      })),
    };
  }

  /** Flats are numbered unit by unit, floor by floor: room '502' is the 2nd flat on the 5th floor. */
  private household(design: BuildingDesign, flat: number, elderFactor: number): PlannedHousehold {
    const { random, people } = this;
    const flatsPerUnit = design.floors * design.perFloor;
    const floor = Math.floor((flat % flatsPerUnit) / design.perFloor) + 1;
    let members: Member[];
    if (this.pinnedElderPending) {
      this.pinnedElderPending = false;
      members = [{ age: random.int(80, 89), gender: 'FEMALE' }];
    } else {
      const kind = random.weighted(HOUSEHOLD_KINDS.map((k) => [k, k.weight * (k.elderly ? elderFactor : 1)] as const));
      members = kind.members(random, people.surname());
    }
    const [low, high] = design.area;
    return {
      unit: Math.floor(flat / flatsPerUnit) + 1,
      floor,
      room: `${floor}${pad((flat % design.perFloor) + 1, 2)}`,
      areaM2: Math.round((low + random.next() * (high - low)) * 100) / 100,
      residents: this.tagged(members.map((m) => people.person(m.age, m.gender, m.surname))),
    };
  }

  /** Tags as a grid worker records them; ELDERLY is derived from the birth date and never stored. */
  private tagged(members: Person[]): PlannedResident[] {
    const { random } = this;
    const onlyElders = members.every((m) => m.age >= 60);
    const lowIncome = random.chance(0.03); // 低保 is granted per household
    return members.map((person) => {
      const tags: ResidentTag[] = [];
      if (onlyElders && members.length === 1) {
        tags.push('LIVES_ALONE');
        if (random.chance(0.12)) tags.push('NO_KIN');
      }
      if (onlyElders && members.length > 1) tags.push('EMPTY_NEST');
      if (random.chance(person.age >= 80 ? 0.12 : person.age >= 60 ? 0.05 : 0.02)) tags.push('DISABLED');
      if (lowIncome) tags.push('LOW_INCOME');
      if (person.gender === 'MALE' && person.age >= 45 && random.chance(0.05)) tags.push('VETERAN');
      return { ...person, idNumber: this.people.idNumber(person), tags };
    });
  }
}
