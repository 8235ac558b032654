/**
 * The demo district (DOMAIN.md, community): a pure, deterministic generator of insert rows that reproduces the
 * municipal reports' figures, and a seeder that writes them in one transaction.
 */
import { insertInBatches, type Database } from '../kit/db';
import { idNumberCheckCharacter } from './id-number';
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
  type CompoundRow,
  type GridWorkerRow,
  type ResidentRow,
} from './tables';

/** Ages are counted at this date, so the demo does not age with the wall clock. */
export const DEMO_REFERENCE_DATE = '2026-01-01';

/** Handy ids for docs and tests, pinned by construction: the same for every seed and scale. */
export const DEMO_IDS = {
  /** An 80+ resident living alone: the first household of the big 2002 compound is pinned to one. */
  elderLivingAlone: 'resident-00001',
  household: 'household-00001',
  /** 阳光花园: built 2002, 1,126 households at scale 1. */
  bigCompound: 'compound-01',
  /** The comprehensive grid of that household's building. */
  grid: 'grid-001',
  /** That grid's full-time worker: the 12 community grid chiefs are hired first. */
  fullTimeWorker: 'worker-0013',
} as const;

export interface DemoOptions {
  /** PRNG seed: the same seed gives the same district. */
  seed?: number;
  /**
   * Multiplies every compound's and village's household count (at least one building each); grids and grid workers
   * are the district's organisation and do not scale.
   */
  scale?: number;
}

type Insert<T extends { $inferInsert: object }> = T['$inferInsert'];
type InsertWithId<T extends { $inferInsert: object }> = Insert<T> & { id: string };

export interface DemoDistrict {
  subdistricts: InsertWithId<typeof subdistricts>[];
  communities: InsertWithId<typeof communities>[];
  grids: InsertWithId<typeof grids>[];
  gridWorkers: InsertWithId<typeof gridWorkers>[];
  gridAssignments: Insert<typeof gridAssignments>[];
  compounds: InsertWithId<typeof compounds>[];
  buildings: InsertWithId<typeof buildings>[];
  households: InsertWithId<typeof households>[];
  residents: InsertWithId<typeof residents>[];
}

type Gender = ResidentRow['gender'];
type ResidentTag = ResidentRow['tags'][number];
type PropertyManagement = CompoundRow['propertyManagement'];
type GridWorkerRole = GridWorkerRow['role'];

/** Figures from the municipal reports (DOMAIN.md, community). */
const FIGURES = {
  compounds: 50,
  villages: 43,
  comprehensiveGrids: 81,
  microGrids: 384,
  bigCompound: { name: '阳光花园', builtYear: 2002, households: 1126 },
  compoundHouseholds: [100, 400],
  villageHouseholds: [30, 120],
} as const;

/** The district's 6-digit administrative division code: prefix of every statistical code and ID number. */
const DISTRICT_CODE = '330106';

/** Compounds lie in the first two subdistricts; the third is rural, its communities made of villages (村改居). */
const SUBDISTRICTS = [
  { name: '东湖街道', communities: ['东湖社区', '映月社区', '文苑社区', '桥西社区'] },
  { name: '南山街道', communities: ['南山社区', '枫林社区', '翠竹社区', '金桥社区'] },
  { name: '清河街道', communities: ['清河社区', '白沙社区', '柳塘社区', '石门社区'] },
] as const;
const URBAN_COMMUNITIES = 8;
const COMMUNITY_COUNT = SUBDISTRICTS.reduce((sum, subdistrict) => sum + subdistrict.communities.length, 0);

/** Dedicated grids (专属网格) cover a school or a business district: workers, no households. */
const DEDICATED_GRIDS = [
  { community: 0, name: '东湖小学专属网格' },
  { community: 5, name: '枫林中学专属网格' },
  { community: 1, name: '映月商圈专属网格' },
  { community: 4, name: '南山商务区专属网格' },
] as const;

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

/** Approximate shares (%) of China's commonest surnames. */
const SURNAMES: readonly (readonly [string, number])[] = [
  ['王', 7.1], ['李', 7.0], ['张', 6.7], ['刘', 5.4], ['陈', 4.5], ['杨', 3.1], ['黄', 2.2], ['赵', 2.0],
  ['吴', 1.9], ['周', 1.9], ['徐', 1.3], ['孙', 1.3], ['马', 1.1], ['朱', 1.1], ['胡', 1.0], ['郭', 1.0],
  ['何', 0.9], ['林', 0.9], ['高', 0.9], ['罗', 0.8], ['郑', 0.8], ['梁', 0.7], ['谢', 0.6], ['宋', 0.5],
  ['唐', 0.5], ['许', 0.5], ['韩', 0.5], ['冯', 0.5], ['邓', 0.5], ['曹', 0.4], ['沈', 0.4], ['叶', 0.4],
  ['蒋', 0.4], ['潘', 0.3], ['钱', 0.2], ['俞', 0.2], ['欧阳', 0.05],
];

/** Given names follow fashion, so they are picked by the generation of the birth year. */
const GIVEN_NAMES: Record<'elder' | 'middle' | 'young', Record<Gender, readonly string[]>> = {
  elder: {
    MALE: ['建国', '建华', '国强', '国庆', '志强', '德明', '永福', '振华', '文斌', '卫东', '建军', '长林', '金根', '根生', '海', '明', '军', '刚', '华', '福'],
    FEMALE: ['秀英', '桂英', '秀兰', '玉兰', '桂兰', '淑珍', '凤英', '玉珍', '素珍', '月英', '美华', '金凤', '彩娥', '阿英', '芳', '英', '萍', '珍', '兰', '娟'],
  },
  middle: {
    MALE: ['志勇', '建峰', '海涛', '晓东', '俊杰', '文杰', '立新', '永强', '晓明', '宏伟', '伟', '磊', '勇', '涛', '斌', '强', '鹏', '杰', '浩', '军'],
    FEMALE: ['丽娟', '晓燕', '海燕', '春梅', '雪梅', '晓丽', '丽华', '美玲', '秀梅', '丽萍', '丽', '静', '敏', '燕', '艳', '霞', '婷', '红', '洁', '颖'],
  },
  young: {
    MALE: ['浩宇', '子轩', '宇轩', '梓豪', '浩然', '俊熙', '一鸣', '博文', '天佑', '子墨', '宇航', '思远', '嘉诚', '睿', '航', '宸', '轩', '乐', '辰', '昊'],
    FEMALE: ['欣怡', '梓涵', '诗涵', '子涵', '一诺', '雨桐', '语嫣', '可馨', '思彤', '佳怡', '梦瑶', '雨欣', '若汐', '悦', '彤', '妍', '琪', '萱', '瑶', '涵'],
  },
};

/** Mobile number blocks of the three big operators (13x/15x/18x). */
const PHONE_PREFIXES = [
  '130', '131', '132', '133', '135', '136', '137', '138', '139', '150', '151', '152', '153', '155',
  '156', '157', '158', '159', '180', '181', '182', '183', '185', '186', '187', '188', '189',
];

/** Age bands [from, to, weight]: elders living alone are older than elders in general. */
type AgeBands = readonly (readonly [number, number, number])[];
const ELDER_AGES: AgeBands = [[60, 69, 50], [70, 79, 32], [80, 89, 15], [90, 99, 3]];
const ELDER_ALONE_AGES: AgeBands = [[60, 69, 30], [70, 79, 37], [80, 89, 27], [90, 99, 6]];


const DAY_MS = 86_400_000;
const pad = (n: number, width: number) => String(n).padStart(width, '0');
const sumOf = (values: readonly number[]) => values.reduce((sum, value) => sum + value, 0);
/** DEMO_REFERENCE_DATE as [year, month index, day] for Date.UTC. */
const REFERENCE = ((date: string) => {
  const [year, month, day] = date.split('-').map(Number);
  return [year, month - 1, day] as const;
})(DEMO_REFERENCE_DATE);

/** mulberry32: tiny, fast, and the same sequence on every platform. */
class Random {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }

  weighted<T>(choices: readonly (readonly [T, number])[]): T {
    let rest = this.next() * choices.reduce((sum, [, weight]) => sum + weight, 0);
    for (const [choice, weight] of choices) {
      rest -= weight;
      if (rest < 0) return choice;
    }
    return choices[choices.length - 1][0];
  }

  shuffled<T>(items: readonly T[]): T[] {
    const copy = [...items];
    for (let i = copy.length - 1; i > 0; i--) {
      const j = this.int(0, i);
      [copy[i], copy[j]] = [copy[j], copy[i]];
    }
    return copy;
  }

  ageIn(bands: AgeBands): number {
    const [from, to] = this.weighted(bands.map((band) => [band, band[2]] as const));
    return this.int(from, to);
  }
}

interface Person {
  name: string;
  gender: Gender;
  age: number;
  birthDate: string;
  phone: string | null;
}

/** Makes people with plausible names, birth dates and phones; phones and ID numbers stay unique district-wide. */
class People {
  private readonly phones = new Set<string>();
  private readonly idNumbers = new Set<string>();
  constructor(private readonly random: Random) {}

  surname(): string {
    return this.random.weighted(SURNAMES);
  }

  name(gender: Gender, birthYear: number, surname = this.surname()): string {
    const generation = birthYear < 1966 ? 'elder' : birthYear < 1996 ? 'middle' : 'young';
    return surname + this.random.pick(GIVEN_NAMES[generation][gender]);
  }

  person(age: number, gender: Gender, surname?: string): Person {
    const birthDate = this.birthDate(age);
    // Young children and many of the oldest have no phone of their own.
    const hasPhone = age >= 12 && (age < 85 || this.random.chance(0.4));
    return {
      name: this.name(gender, Number(birthDate.slice(0, 4)), surname),
      gender,
      age,
      birthDate,
      phone: hasPhone ? this.phone() : null,
    };
  }

  phone(): string {
    for (;;) {
      const phone = this.random.pick(PHONE_PREFIXES) + pad(this.random.int(0, 99_999_999), 8);
      if (!this.phones.has(phone)) {
        this.phones.add(phone);
        return phone;
      }
    }
  }

  /** Region code, birth date, a sequence number odd for men and even for women, and the check digit. */
  idNumber(person: Person): string {
    const born = person.birthDate.replaceAll('-', '');
    for (;;) {
      const sequence = this.random.int(0, 499) * 2 + (person.gender === 'MALE' ? 1 : 0);
      const first17 = DISTRICT_CODE + born + pad(sequence, 3);
      const idNumber = first17 + idNumberCheckCharacter(first17);
      if (!this.idNumbers.has(idNumber)) {
        this.idNumbers.add(idNumber);
        return idNumber;
      }
    }
  }

  /** A birth date at which the person is exactly `age` on the reference date. */
  private birthDate(age: number): string {
    const [year, month, day] = REFERENCE;
    const latest = Date.UTC(year - age, month, day);
    const earliest = Date.UTC(year - age - 1, month, day) + DAY_MS;
    const days = (latest - earliest) / DAY_MS;
    return new Date(earliest + this.random.int(0, days) * DAY_MS).toISOString().slice(0, 10);
  }
}

interface Member {
  age: number;
  gender: Gender;
  surname?: string;
}

const spouseAge = (random: Random, husband: number, min: number) => Math.max(min, husband - random.int(-2, 5));
const childAge = (random: Random, mother: number) => Math.max(0, mother - random.int(23, 36));

/**
 * Household compositions with their base weights; `elderly` kinds are weighted up in villages and old compounds,
 * where the population is older. About a quarter of all residents end up 60 or older.
 */
interface HouseholdKind {
  weight: number;
  elderly: boolean;
  /** `surname` is the family's, passed on by fathers; spouses keep their own. */
  members: (random: Random, surname: string) => Member[];
}

const HOUSEHOLD_KINDS: readonly HouseholdKind[] = [
  {
    weight: 10,
    elderly: true,
    members: (r) => [{ age: r.ageIn(ELDER_ALONE_AGES), gender: r.chance(0.65) ? 'FEMALE' : 'MALE' }],
  },
  {
    weight: 13,
    elderly: true,
    members: (r, surname) => {
      const husband = r.ageIn(ELDER_AGES);
      return [{ age: husband, gender: 'MALE', surname }, { age: spouseAge(r, husband, 60), gender: 'FEMALE' }];
    },
  },
  {
    weight: 5,
    elderly: true,
    members: (r, surname) => {
      const parent = Math.max(70, r.ageIn(ELDER_ALONE_AGES));
      return [
        { age: parent, gender: 'FEMALE' },
        { age: parent - r.int(24, 34), gender: r.chance(0.5) ? 'MALE' : 'FEMALE', surname },
      ];
    },
  },
  {
    weight: 5,
    elderly: true,
    members: (r, surname) => {
      const husband = r.ageIn(ELDER_AGES);
      const wife = spouseAge(r, husband, 60);
      return [
        { age: husband, gender: 'MALE', surname },
        { age: wife, gender: 'FEMALE' },
        { age: wife - r.int(24, 34), gender: r.chance(0.5) ? 'MALE' : 'FEMALE', surname },
      ];
    },
  },
  {
    weight: 10,
    elderly: true,
    members: (r, surname) => {
      const grandparent = r.ageIn(ELDER_AGES);
      const father = grandparent - r.int(24, 34);
      const mother = spouseAge(r, father, 22);
      return [
        r.chance(0.5) ? { age: grandparent, gender: 'MALE', surname } : { age: grandparent, gender: 'FEMALE' },
        { age: father, gender: 'MALE', surname },
        { age: mother, gender: 'FEMALE' },
        { age: childAge(r, mother), gender: r.chance(0.5) ? 'MALE' : 'FEMALE', surname },
      ];
    },
  },
  { weight: 8, elderly: false, members: (r) => [{ age: r.int(20, 59), gender: r.chance(0.5) ? 'MALE' : 'FEMALE' }] },
  {
    weight: 12,
    elderly: false,
    members: (r, surname) => {
      const husband = r.int(22, 59);
      return [
        { age: husband, gender: 'MALE', surname },
        { age: Math.min(59, spouseAge(r, husband, 20)), gender: 'FEMALE' },
      ];
    },
  },
  {
    weight: 22,
    elderly: false,
    members: (r, surname) => {
      const father = r.int(26, 59);
      const mother = spouseAge(r, father, 23);
      return [
        { age: father, gender: 'MALE', surname },
        { age: mother, gender: 'FEMALE' },
        { age: childAge(r, mother), gender: r.chance(0.5) ? 'MALE' : 'FEMALE', surname },
      ];
    },
  },
  {
    weight: 10,
    elderly: false,
    members: (r, surname) => {
      const father = r.int(28, 52);
      const mother = spouseAge(r, father, 25);
      const elder = childAge(r, mother);
      return [
        { age: father, gender: 'MALE', surname },
        { age: mother, gender: 'FEMALE' },
        { age: elder, gender: r.chance(0.5) ? 'MALE' : 'FEMALE', surname },
        { age: Math.max(0, elder - r.int(2, 10)), gender: r.chance(0.5) ? 'MALE' : 'FEMALE', surname },
      ];
    },
  },
  {
    weight: 5,
    elderly: false,
    members: (r, surname) => {
      const parent = r.int(28, 55);
      return [
        { age: parent, gender: r.chance(0.7) ? 'FEMALE' : 'MALE' },
        { age: childAge(r, parent), gender: r.chance(0.5) ? 'MALE' : 'FEMALE', surname },
      ];
    },
  },
];

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

interface PlannedBuilding {
  number: string;
  floors: number;
  households: PlannedHousehold[];
}

interface PlannedCompound {
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

/** Near-equal counts of `total` over `parts`, the larger ones first. */
function split(total: number, parts: number): number[] {
  return Array.from({ length: parts }, (_, i) => Math.floor(total / parts) + (i < total % parts ? 1 : 0));
}

/**
 * Shares `total` out in proportion to `weights` (Sainte-Laguë), at least one each and at most `caps[i]` while the
 * caps allow it.
 */
function apportion(total: number, weights: readonly number[], caps: readonly number[]): number[] {
  const shares = weights.map(() => 1);
  const capacity = sumOf(caps);
  for (let given = shares.length; given < total; given++) {
    let best = 0;
    let bestPriority = -1;
    weights.forEach((weight, i) => {
      if (given < capacity && shares[i] >= caps[i]) return;
      const priority = weight / (shares[i] + 0.5);
      if (priority > bestPriority) [best, bestPriority] = [i, priority];
    });
    shares[best]++;
  }
  return shares;
}

/**
 * Cuts a row of items into `parts` consecutive groups of near-equal weight, none empty while there are enough
 * items: neighbours stay together. Returns each item's group.
 */
function partition(weights: readonly number[], parts: number): number[] {
  const total = sumOf(weights) || 1;
  let before = 0;
  let group = -1;
  return weights.map((weight, i) => {
    const ideal = Math.floor(((before + weight / 2) / total) * parts);
    before += weight;
    const lowest = Math.max(group, 0, parts - (weights.length - i));
    const highest = Math.min(group + 1, parts - 1);
    group = Math.min(highest, Math.max(lowest, ideal));
    return group;
  });
}

/** `count` of the integers below `n`, at random, ascending. */
function sample(random: Random, n: number, count: number): number[] {
  const indices = Array.from({ length: n }, (_, i) => i);
  for (let i = 0; i < count; i++) {
    const j = random.int(i, n - 1);
    [indices[i], indices[j]] = [indices[j], indices[i]];
  }
  return indices.slice(0, count).sort((a, b) => a - b);
}

class DistrictPlanner {
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

/** Readable ids, zero-padded wide enough that text order is creation order at any scale. */
function idMaker(prefix: string, minWidth: number, count: number): (n: number) => string {
  const width = Math.max(minWidth, String(count).length);
  return (n) => `${prefix}-${pad(n, width)}`;
}

/** Walk-ups of up to 7 floors were built without a lift: they are the elevator retrofit target. */
const hasElevator = (floors: number) => floors > 7;

/** A building on its way to a row: where it stands and, once the grids are drawn, which grids it belongs to. */
interface Placement {
  id: string;
  compound: number;
  community: number;
  building: PlannedBuilding;
  households: number;
  gridId: string;
  microGridId: string;
}

interface Community {
  id: string;
  /** 12-digit statistical code: the prefix of its grid codes. */
  code: string;
}

type GridInsert = DemoDistrict['grids'][number];

/**
 * Draws the grids: comprehensive ones per community, in proportion to its households, each a run of neighbouring
 * buildings with a near-equal number of households; the dedicated ones; then the micro grids, cut from their
 * comprehensive grid the same way. Sets the placements' grid ids.
 */
function drawGrids(plan: readonly PlannedCompound[], communityList: readonly Community[], placements: readonly Placement[]) {
  const gridId = idMaker('grid', 3, FIGURES.comprehensiveGrids + DEDICATED_GRIDS.length + FIGURES.microGrids);
  const rows: GridInsert[] = [];
  const add = (grid: Omit<GridInsert, 'id'>) => {
    const row = { id: gridId(rows.length + 1), ...grid };
    rows.push(row);
    return row;
  };
  const householdsIn = (list: readonly Placement[]) => sumOf(list.map((p) => p.households));

  const placedIn = communityList.map((_, c) => placements.filter((p) => p.community === c));
  const perCommunity = apportion(
    FIGURES.comprehensiveGrids,
    placedIn.map(householdsIn),
    placedIn.map((list) => list.length),
  );
  const gridsNamedAfter = new Map<number, number>();
  const comprehensive = placedIn.flatMap((list, c) => {
    const groups = partition(list.map((p) => p.households), perCommunity[c]);
    return Array.from({ length: perCommunity[c] }, (_, g) => {
      const members = list.filter((_, i) => groups[i] === g);
      // Named after the compound it starts in: 阳光花园第3网格.
      const compound = members[0].compound;
      gridsNamedAfter.set(compound, (gridsNamedAfter.get(compound) ?? 0) + 1);
      const grid = add({
        communityId: communityList[c].id,
        parentId: null,
        code: `${communityList[c].code}${pad(g + 1, 2)}00`,
        name: `${plan[compound].name}第${gridsNamedAfter.get(compound)}网格`,
        kind: 'COMPREHENSIVE',
        level: 1,
      });
      for (const p of members) p.gridId = grid.id;
      return { grid, community: c, members };
    });
  });

  const dedicatedIn = new Map<number, number>();
  const dedicated = DEDICATED_GRIDS.map(({ community, name }) => {
    dedicatedIn.set(community, (dedicatedIn.get(community) ?? 0) + 1);
    const { id: communityId, code } = communityList[community];
    const number = 90 + dedicatedIn.get(community)!;
    return add({ communityId, parentId: null, code: `${code}${number}00`, name, kind: 'DEDICATED', level: 1 });
  });

  const perGrid = apportion(
    FIGURES.microGrids,
    comprehensive.map(({ members }) => householdsIn(members)),
    comprehensive.map(({ members }) => members.length),
  );
  // Below about scale 0.75 there are fewer buildings than micro grids: the surplus micro grids stay empty.
  const micro = comprehensive.flatMap(({ grid, members }, g) => {
    const groups = partition(members.map((p) => p.households), perGrid[g]);
    return Array.from({ length: perGrid[g] }, (_, m) => {
      const row = add({
        communityId: grid.communityId,
        parentId: grid.id,
        code: `${grid.code.slice(0, -2)}${pad(m + 1, 2)}`,
        name: `${grid.name}第${m + 1}微网格`,
        kind: 'MICRO',
        level: 2,
      });
      members.forEach((p, i) => {
        if (groups[i] === m) p.microGridId = row.id;
      });
      return row;
    });
  });
  return { rows, comprehensive, dedicated, micro };
}

/**
 * Hires role by role, so the 12 grid chiefs come first (DEMO_IDS relies on it): a chief per community over all its
 * comprehensive grids, a full-time worker per comprehensive grid, part-timers for the dedicated grids and some
 * comprehensive ones, a liaison per micro grid, building leaders (楼栋长) for high-rises, a few retired volunteers.
 */
function hireGridWorkers(random: Random, people: People, drawn: ReturnType<typeof drawGrids>, placements: readonly Placement[]) {
  const hires: { role: GridWorkerRole; grids: string[]; ages: readonly [number, number] }[] = [];
  const comprehensiveIn = (c: number) => drawn.comprehensive.filter((g) => g.community === c).map((g) => g.grid.id);
  for (let c = 0; c < COMMUNITY_COUNT; c++) hires.push({ role: 'GRID_CHIEF', grids: comprehensiveIn(c), ages: [35, 55] });
  for (const { grid } of drawn.comprehensive) hires.push({ role: 'FULL_TIME', grids: [grid.id], ages: [25, 50] });
  for (const grid of drawn.dedicated) hires.push({ role: 'PART_TIME', grids: [grid.id], ages: [30, 60] });
  for (const { grid } of drawn.comprehensive) {
    if (random.chance(0.3)) hires.push({ role: 'PART_TIME', grids: [grid.id], ages: [30, 60] });
  }
  for (const grid of drawn.micro) hires.push({ role: 'MICRO_GRID_LIAISON', grids: [grid.id], ages: [30, 65] });
  // A high-rise has too many flats for the micro-grid liaison alone.
  for (const p of placements) {
    if (hasElevator(p.building.floors)) hires.push({ role: 'BUILDING_LEADER', grids: [p.microGridId], ages: [40, 70] });
  }
  for (let c = 0; c < COMMUNITY_COUNT; c++) {
    for (let v = 0; v < 3; v++) hires.push({ role: 'VOLUNTEER', grids: [random.pick(comprehensiveIn(c))], ages: [55, 72] });
  }
  const workerId = idMaker('worker', 4, hires.length);
  const workers = hires.map(({ role, ages }, i) => ({
    id: workerId(i + 1),
    name: people.name(random.chance(0.5) ? 'FEMALE' : 'MALE', REFERENCE[0] - random.int(...ages)),
    phone: people.phone(),
    role,
  }));
  const assignments = hires.flatMap((hire, i) => hire.grids.map((gridId) => ({ gridId, gridWorkerId: workers[i].id })));
  return { workers, assignments };
}

/**
 * The demo district: 3 subdistricts, 12 communities, 50 compounds and 43 villages, 81 comprehensive, 4 dedicated
 * and 384 micro grids with their workers, and 5,000+ residents at scale 1. Pure: the same options give the same rows.
 */
export function buildDemoDistrict({ seed = 1, scale = 1 }: DemoOptions = {}): DemoDistrict {
  if (!(scale > 0)) throw new RangeError(`scale must be positive, got ${scale}`);
  const random = new Random(seed);
  const people = new People(random);
  const plan = new DistrictPlanner(random, people, scale).compounds();

  const subdistrictRows = SUBDISTRICTS.map((subdistrict, i) => ({
    id: `subdistrict-${i + 1}`,
    name: subdistrict.name,
    regionCode: `${DISTRICT_CODE}${pad(i + 1, 3)}000`,
  }));
  const communityList = SUBDISTRICTS.flatMap((subdistrict, i) =>
    subdistrict.communities.map((name, j) => ({
      name,
      subdistrictId: subdistrictRows[i].id,
      code: `${DISTRICT_CODE}${pad(i + 1, 3)}${pad(j + 1, 3)}`,
    })),
  ).map((community, c) => ({ ...community, id: `community-${pad(c + 1, 2)}` }));
  const compoundId = idMaker('compound', 2, plan.length);
  const compoundRows = plan.map(({ community, name, builtYear, propertyManagement }, i) => ({
    id: compoundId(i + 1),
    communityId: communityList[community].id,
    name,
    builtYear,
    propertyManagement,
  }));

  const plannedBuildings = plan.flatMap((compound, c) =>
    compound.buildings.map((building) => ({ compound: c, community: compound.community, building })),
  );
  const buildingId = idMaker('building', 4, plannedBuildings.length);
  const placements: Placement[] = plannedBuildings.map((p, i) => ({
    ...p,
    id: buildingId(i + 1),
    households: p.building.households.length,
    gridId: '',
    microGridId: '',
  }));
  const drawn = drawGrids(plan, communityList, placements);
  const { workers, assignments } = hireGridWorkers(random, people, drawn, placements);

  const householdId = idMaker('household', 5, sumOf(placements.map((p) => p.households)));
  const residentCount = sumOf(placements.flatMap((p) => p.building.households.map((h) => h.residents.length)));
  const residentId = idMaker('resident', 5, residentCount);
  const householdRows: DemoDistrict['households'] = [];
  const residentRows: DemoDistrict['residents'] = [];
  for (const p of placements) {
    for (const { residents: members, ...household } of p.building.households) {
      const id = householdId(householdRows.length + 1);
      householdRows.push({ id, buildingId: p.id, ...household });
      for (const { name, gender, birthDate, phone, idNumber, tags } of members) {
        const resident = { name, gender, birthDate, phone, idNumber, tags };
        residentRows.push({ id: residentId(residentRows.length + 1), householdId: id, ...resident });
      }
    }
  }

  return {
    subdistricts: subdistrictRows,
    communities: communityList.map(({ id, subdistrictId, name }) => ({ id, subdistrictId, name })),
    grids: drawn.rows,
    gridWorkers: workers,
    gridAssignments: assignments,
    compounds: compoundRows,
    buildings: placements.map((p) => ({
      id: p.id,
      compoundId: compoundRows[p.compound].id,
      gridId: p.gridId,
      microGridId: p.microGridId,
      number: p.building.number,
      floors: p.building.floors,
      hasElevator: hasElevator(p.building.floors),
    })),
    households: householdRows,
    residents: residentRows,
  };
}

/**
 * Writes the demo district in one transaction, in foreign-key order; does nothing when subdistricts already has rows,
 * so a restarted service does not seed twice. Returns what it inserted.
 */
export async function seedCommunity(db: Database, options: DemoOptions = {}): Promise<{ residents: number; households: number }> {
  return db.transaction(async (tx) => {
    const existing = await tx.select({ id: subdistricts.id }).from(subdistricts).limit(1);
    if (existing.length > 0) return { residents: 0, households: 0 };
    const district = buildDemoDistrict(options);
    await insertInBatches(tx, subdistricts, district.subdistricts);
    await insertInBatches(tx, communities, district.communities);
    await insertInBatches(tx, grids, district.grids);
    await insertInBatches(tx, gridWorkers, district.gridWorkers);
    await insertInBatches(tx, gridAssignments, district.gridAssignments);
    await insertInBatches(tx, compounds, district.compounds);
    await insertInBatches(tx, buildings, district.buildings);
    await insertInBatches(tx, households, district.households);
    await insertInBatches(tx, residents, district.residents);
    return { residents: district.residents.length, households: district.households.length };
  });
}
