/** Figures from the municipal reports (docs/domain-rules.md) and the district's fixed shape: what every part of the generator shares. */

/** Ages are counted at this date, so the demo does not age with the wall clock. */
export const DEMO_REFERENCE_DATE = '2026-01-01';

/** DEMO_REFERENCE_DATE as [year, month index, day] for Date.UTC. */
export const REFERENCE = ((date: string) => {
  const [year, month, day] = date.split('-').map(Number);
  return [year, month - 1, day] as const;
})(DEMO_REFERENCE_DATE);

/** Figures from the municipal reports (docs/domain-rules.md, community). */
export const FIGURES = {
  compounds: 50,
  villages: 43,
  comprehensiveGrids: 81,
  microGrids: 384,
  bigCompound: { name: '阳光花园', builtYear: 2002, households: 1126 },
  compoundHouseholds: [100, 400],
  villageHouseholds: [30, 120],
} as const;

/** The district's 6-digit administrative division code: prefix of every statistical code and ID number. */
export const DISTRICT_CODE = '330106';

/** Compounds lie in the first two subdistricts; the third is rural, its communities made of villages (村改居). */
export const SUBDISTRICTS = [
  { name: '东湖街道', communities: ['东湖社区', '映月社区', '文苑社区', '桥西社区'] },
  { name: '南山街道', communities: ['南山社区', '枫林社区', '翠竹社区', '金桥社区'] },
  { name: '清河街道', communities: ['清河社区', '白沙社区', '柳塘社区', '石门社区'] },
] as const;
export const URBAN_COMMUNITIES = 8;
export const COMMUNITY_COUNT = SUBDISTRICTS.reduce((sum, subdistrict) => sum + subdistrict.communities.length, 0);

/** Dedicated grids (专属网格) cover a school or a business district: workers, no households. */
export const DEDICATED_GRIDS = [
  { community: 0, name: '东湖小学专属网格' },
  { community: 5, name: '枫林中学专属网格' },
  { community: 1, name: '映月商圈专属网格' },
  { community: 4, name: '南山商务区专属网格' },
] as const;

/** Figures from the municipal reports that several subgraphs must agree on (docs/domain-rules.md, safety and housing). */
export const SHARED_FIGURES = {
  /** "40 smoke alarms for elders living alone; SOS buttons networked to the community": a home gets both. */
  homesWithSafetyDevices: 40,
  /** "The compound's third elevator; 2 built before; coordination done for buildings 2, 8 and 31". */
  elevatorRetrofitBuildings: [2, 8, 31],
  elevatorsInService: 2,
} as const;
