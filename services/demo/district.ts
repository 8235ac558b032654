/** The demo district: one generator, built once per options and shared by every subgraph that seeds from it. */
import { idMaker, pad, sumOf } from './counting';
import { DISTRICT_CODE, SUBDISTRICTS } from './figures';
import { drawGrids, hireGridWorkers, type Placement } from './grids';
import { People } from './people';
import { DistrictPlanner, hasElevator } from './places';
import { Random } from './random';
import type { DemoDistrict, DemoHousehold, DemoResident } from './records';
import { fitSafetyDevices, planElevatorRetrofits } from './shared-facts';

/**
 * Handy ids for docs and tests, pinned by construction: the same for every seed and scale unless noted.
 */
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
  /** The smoke alarm and the SOS button in that household: the elder's home is fitted first. */
  smokeAlarm: 'device-001',
  sosButton: 'device-002',
  /** Building 31 of the big compound, on the compound's third elevator retrofit (at the default seed and scale). */
  thirdElevatorBuilding: 'building-0031',
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

/**
 * Generates the demo district: 3 subdistricts, 12 communities, 50 compounds and 43 villages, 81 comprehensive,
 * 4 dedicated and 384 micro grids with their workers, about 41,000 residents at scale 1, and the facts other
 * subgraphs share. Pure: the same options give the same records. Seeders call buildDemoDistrict, which caches.
 */
export function generateDemoDistrict({ seed = 1, scale = 1 }: DemoOptions = {}): DemoDistrict {
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
  const householdRows: DemoHousehold[] = [];
  const residentRows: DemoResident[] = [];
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

  const buildingRows = placements.map((p) => ({
    id: p.id,
    compoundId: compoundRows[p.compound].id,
    gridId: p.gridId,
    microGridId: p.microGridId,
    number: p.building.number,
    floors: p.building.floors,
    hasElevator: hasElevator(p.building.floors),
  }));

  return {
    subdistricts: subdistrictRows,
    communities: communityList.map(({ id, subdistrictId, name }) => ({ id, subdistrictId, name })),
    grids: drawn.rows,
    gridWorkers: workers,
    gridAssignments: assignments,
    compounds: compoundRows,
    buildings: buildingRows,
    households: householdRows,
    residents: residentRows,
    safetyDevices: fitSafetyDevices(residentRows, DEMO_IDS.household),
    elevatorRetrofits: planElevatorRetrofits(buildingRows, DEMO_IDS.bigCompound),
  };
}

const districts = new Map<string, DemoDistrict>();

/**
 * The demo district for these options, generated on first use and then shared: community and elderly care seeding in
 * one process build it once. Frozen, so no subgraph can change what another derives its rows from.
 */
export function buildDemoDistrict({ seed = 1, scale = 1 }: DemoOptions = {}): DemoDistrict {
  const key = `${seed}:${scale}`;
  let district = districts.get(key);
  if (!district) {
    district = deepFreeze(generateDemoDistrict({ seed, scale }));
    districts.set(key, district);
  }
  return district;
}

/** Drops the shared districts once every seeder of the process is done with them (21 MB at scale 1). */
export function releaseDemoDistricts(): void {
  districts.clear();
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
