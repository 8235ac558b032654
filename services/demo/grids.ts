/** The district's organisation: comprehensive, dedicated and micro grids drawn over the buildings, and the workers on them. */
import { apportion, idMaker, pad, partition, sumOf } from './counting';
import { COMMUNITY_COUNT, DEDICATED_GRIDS, FIGURES, REFERENCE } from './figures';
import type { People } from './people';
import { hasElevator, type PlannedBuilding, type PlannedCompound } from './places';
import type { Random } from './random';
import type { DemoGrid, GridWorkerRole } from './records';

/** A building on its way to a row: where it stands and, once the grids are drawn, which grids it belongs to. */
export interface Placement {
  id: string;
  compound: number;
  community: number;
  building: PlannedBuilding;
  households: number;
  gridId: string;
  microGridId: string;
}

export interface PlacedCommunity {
  id: string;
  /** 12-digit statistical code: the prefix of its grid codes. */
  code: string;
}

/**
 * Draws the grids: comprehensive ones per community, in proportion to its households, each a run of neighbouring
 * buildings with a near-equal number of households; the dedicated ones; then the micro grids, cut from their
 * comprehensive grid the same way. Sets the placements' grid ids.
 */
export function drawGrids(plan: readonly PlannedCompound[], communityList: readonly PlacedCommunity[], placements: readonly Placement[]) {
  const gridId = idMaker('grid', 3, FIGURES.comprehensiveGrids + DEDICATED_GRIDS.length + FIGURES.microGrids);
  const rows: DemoGrid[] = [];
  const add = (grid: Omit<DemoGrid, 'id'>) => {
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
export function hireGridWorkers(random: Random, people: People, drawn: ReturnType<typeof drawGrids>, placements: readonly Placement[]) {
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
