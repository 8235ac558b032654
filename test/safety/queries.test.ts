import { and, eq, inArray, isNull, lt, ne, notInArray, or, sql } from 'drizzle-orm';
import { DEMO_IDS } from '../../services/demo';
import { FINAL_CASE_STATUSES } from '../../services/kit/cases';
import { SAFETY_DEMO_IDS } from '../../services/safety/demo';
import { OPEN_ALARM_STATUSES } from '../../services/safety/rules/alarms';
import { DEVICE_KINDS } from '../../services/safety/rules/enums';
import { alarms, devices, fireDrills, hazards, householdCopies, inspections, residentCopies, sites } from '../../services/safety/tables';
import type { Page } from '../community/fixtures';
import { statementsOf } from '../support/graphql';
import { client, dataOf, errorOf, useSafetyStack } from './fixtures';

/**
 * Safety's read side on the demo district, grown in beforeAll to lists long enough to page: every filter selects what
 * it says (checked against the tables themselves), pages come in id order without overlap, and totalCount is the
 * filtered count.
 */
const world = useSafetyStack();
const gateway = (token?: string) => client(world.stack.gateway.url, token);
/** The safety subgraph itself, for the lists it answers without community. */
const safety = (token?: string) => client(world.stack.subgraphs.safety!.url, token);
const db = () => world.stack.handle.db;

const OTHER_COMMUNITY_SITE = 'site-test-other-community';
const ELDER_BUILDING = () => db().select({ id: householdCopies.buildingId }).from(householdCopies).where(eq(householdCopies.id, DEMO_IDS.household));

beforeAll(async () => {
  const [home] = await ELDER_BUILDING();
  const gridHomes = await db().select({ id: householdCopies.id }).from(householdCopies).where(eq(householdCopies.gridId, DEMO_IDS.grid)).limit(12);
  const [elsewhere] = await db().select().from(householdCopies).where(ne(householdCopies.gridId, DEMO_IDS.grid)).limit(1);
  // Devices in the grid: silent for days, never heard from, or heard an hour ago; and one silent in another grid.
  const fitted = await db()
    .insert(devices)
    .values([
      ...gridHomes.map((h, i) => ({ householdId: h.id, kind: 'GAS_DETECTOR' as const, lastHeartbeatAt: i % 3 === 2 ? null : new Date(Date.now() - (i % 3 === 0 ? 72 : 1) * 3_600_000) })),
      { householdId: elsewhere!.id, kind: 'DOOR_SENSOR' as const, lastHeartbeatAt: null },
    ])
    .returning();
  // Alarms open and closed, in the grid and elsewhere; none RAISED, so the escalation sweep leaves them be.
  const statuses = ['ACKNOWLEDGED', 'DISPATCHED', 'RESOLVED', 'FALSE_ALARM', 'ESCALATED'] as const;
  await db()
    .insert(alarms)
    .values(
      Array.from({ length: 45 }, (_, i) => {
        const device = fitted[i % fitted.length]!;
        return { deviceId: device.id, householdId: device.householdId, kind: 'GAS' as const, status: statuses[i % statuses.length]!, idempotencyKey: `queries-${i}` };
      }),
    );
  await db()
    .insert(alarms)
    .values((['ACKNOWLEDGED', 'RESOLVED', 'DISPATCHED', 'ESCALATED'] as const).map((status, i) => ({ deviceId: DEMO_IDS.smokeAlarm, householdId: DEMO_IDS.household, kind: 'SMOKE' as const, status, idempotencyKey: `elder-${i}` })));
  // A site of another community, never drilled; inspections and drills spread over the year.
  await db().insert(sites).values({ id: OTHER_COMMUNITY_SITE, name: '测试商铺', kind: 'SHOP', isKeyUnit: false, communityId: 'community-02', gridId: elsewhere!.gridId, address: '测试路1号' });
  const siteIds = [SAFETY_DEMO_IDS.market, SAFETY_DEMO_IDS.elderBuilding, 'site-kindergarten-1', OTHER_COMMUNITY_SITE];
  const day = (i: number) => `2026-${String(1 + (i % 10)).padStart(2, '0')}-${String(1 + ((i * 7) % 28)).padStart(2, '0')}`;
  const inspected = await db()
    .insert(inspections)
    .values(Array.from({ length: 30 }, (_, i) => ({ siteId: siteIds[i % siteIds.length]!, inspectedOn: day(i), inspectorSub: 'officer:safety', findings: `第${i}次检查` })))
    .returning();
  await db()
    .insert(fireDrills)
    .values(Array.from({ length: 40 }, (_, i) => ({ siteId: siteIds[i % 3]!, heldAt: new Date(`${day(i)}T02:00:00Z`), organizer: '东湖街道消防站', participants: 50 + i, scenario: '疏散演练' })));
  // 150 hazards, their deadlines ahead (the overdue sweep would move them otherwise), some cases finished.
  const types = ['FIRE_LANE_BLOCKED', 'EVACUATION_BLOCKED', 'ILLEGAL_WIRING', 'EBIKE_INDOOR_CHARGING', 'FACILITY_MISSING'] as const;
  const hazardStatuses = ['REPORTED', 'ACCEPTED', 'FILED', 'CLOSED', 'VOIDED', 'PROCESSING'] as const;
  await db()
    .insert(hazards)
    .values(
      Array.from({ length: 150 }, (_, i) => {
        const inspection = inspected[i % inspected.length]!;
        return {
          inspectionId: inspection.id,
          siteId: inspection.siteId,
          buildingId: inspection.siteId === SAFETY_DEMO_IDS.elderBuilding ? home!.id : null,
          source: 'PATROL' as const,
          status: hazardStatuses[i % hazardStatuses.length]!,
          type: types[i % types.length]!,
          severity: 'GENERAL' as const,
          remedy: 'DEADLINE' as const,
          description: `隐患${i}`,
          rectifyBy: '2027-01-15',
          reinspectionDueOn: '2027-01-20',
          deadline: new Date('2027-01-20T15:59:59Z'),
        };
      }),
    );
}, 60_000);

/**
 * Every page of a list, walked `size` at a time: each page but the last is full, none overlaps another, ids ascend
 * (the keyset order), every page tells the same totalCount and that is how many came.
 */
async function walk<T extends { id: string }>(fetch: (first: number, after: string | null) => Promise<Page<T>>, size: number): Promise<T[]> {
  const nodes: T[] = [];
  const totals = new Set<number>();
  let after: string | null = null;
  for (;;) {
    const page: Page<T> = await fetch(size, after);
    // A page asked for because the previous one said more follow is not empty (a full last page says none follow).
    if (after !== null) expect(page.edges.length).toBeGreaterThan(0);
    totals.add(page.totalCount);
    nodes.push(...page.edges.map((e) => e.node));
    if (!page.pageInfo.hasNextPage) {
      expect(page.edges.length).toBeLessThanOrEqual(size);
      break;
    }
    expect(page.edges).toHaveLength(size);
    after = page.pageInfo.endCursor;
  }
  const ids = nodes.map((n) => n.id);
  expect(ids).toEqual([...ids].sort());
  expect(new Set(ids).size).toBe(ids.length);
  expect([...totals]).toEqual([ids.length]);
  return nodes;
}

/**
 * The list walked in small pages, in one page ending exactly full (its size the count: no further page) and, when
 * the count has one, in pages of a divisor of it (the last page full, then none): the same ids each time.
 */
async function everyPageOf<T extends { id: string }>(fetch: (first: number, after: string | null) => Promise<Page<T>>): Promise<T[]> {
  const nodes = await walk(fetch, 7);
  const ids = nodes.map((n) => n.id);
  const sizes = [ids.length, ids.length / 2, ids.length / 3].filter((n) => Number.isInteger(n) && n >= 1 && n <= 100);
  for (const size of sizes) expect((await walk(fetch, size)).map((n) => n.id)).toEqual(ids);
  return nodes;
}

const sorted = (ids: string[]) => [...ids].sort();
const idsOf = (rows: { id: string }[]) => sorted(rows.map((r) => r.id));
/** Two days of the data, a quarter and three quarters in: a range with rows on both bounds and outside them. */
const between = (days: string[]): [string, string] => {
  const ordered = sorted(days);
  return [ordered[Math.floor(ordered.length / 4)]!, ordered[Math.floor((ordered.length * 3) / 4)]!];
};

describe("a grid's open alarms and offline devices", () => {
  type AlarmNode = { id: string; status: string; household: { id: string } };
  const OPEN = `query($grid: ID!, $first: Int, $after: String) {
    openAlarms(gridId: $grid, first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { id status household { id } } } }
  }`;

  it('lists exactly the grid\'s open alarms, through the gateway, on Grid and from the subgraph alike', async () => {
    const expected = await db()
      .select({ id: alarms.id })
      .from(alarms)
      .innerJoin(householdCopies, eq(householdCopies.id, alarms.householdId))
      .where(and(eq(householdCopies.gridId, DEMO_IDS.grid), inArray(alarms.status, [...OPEN_ALARM_STATUSES])));
    expect(expected.length).toBeGreaterThan(15);
    const viaRoot = await everyPageOf(async (first, after) =>
      dataOf(await gateway(world.token.gridWorker)<{ openAlarms: Page<AlarmNode> }>(OPEN, { grid: DEMO_IDS.grid, first, after })).openAlarms,
    );
    expect(idsOf(viaRoot)).toEqual(idsOf(expected));
    for (const alarm of viaRoot) expect(OPEN_ALARM_STATUSES).toContain(alarm.status);

    const GRID = `query($grid: ID!, $first: Int, $after: String) { grid(id: $grid) { openAlarms(first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { id status household { id } } } } } }`;
    const viaGrid = await walk(async (first, after) => dataOf(await gateway(world.token.safetyOfficer)<{ grid: { openAlarms: Page<AlarmNode> } }>(GRID, { grid: DEMO_IDS.grid, first, after })).grid.openAlarms, 10);
    expect(viaGrid.map((a) => a.id)).toEqual(viaRoot.map((a) => a.id));
    const direct = await walk(async (first, after) => dataOf(await safety(world.token.gridWorker)<{ openAlarms: Page<AlarmNode> }>(OPEN, { grid: DEMO_IDS.grid, first, after })).openAlarms, 100);
    expect(direct).toEqual(viaRoot);
    errorOf(await gateway(world.token.otherGridWorker)<{ openAlarms: null }>(OPEN, { grid: DEMO_IDS.grid }), 'FORBIDDEN');
  });

  it("answers a grid's open alarms with devices, steps, homes' devices and responders in statements bounded by the shape, not the page", async () => {
    const query = `query($grid: ID!, $first: Int) {
      openAlarms(gridId: $grid, first: $first) { totalCount edges { node { id device { status } transitions { to } household { safetyDevices { id } } responder { name } } } }
    }`;
    const cost = async (first: number) => {
      const { result, statements } = await statementsOf(world.stack, () => gateway(world.token.gridWorker)<{ openAlarms: Page<{ id: string }> }>(query, { grid: DEMO_IDS.grid, first }));
      return { count: dataOf(result).openAlarms.edges.length, statements };
    };
    const all = await cost(100);
    expect(all.count).toBeGreaterThan(15);
    // The page, its count, devices, transitions, the homes, their devices, and community's responders: one each (one
    // spare, for the scheduled sweeps that may run meanwhile); one alarm costs as much, but for a responder it may lack.
    expect(all.statements).toBeLessThanOrEqual(8);
    expect(all.statements).toBeLessThanOrEqual((await cost(1)).statements + 1);
  });

  it("lists exactly the grid's devices silent past the interval or never heard from", async () => {
    type DeviceNode = { id: string; status: string; lastHeartbeatAt: string | null };
    const expected = await db()
      .select({ id: devices.id })
      .from(devices)
      .innerJoin(householdCopies, eq(householdCopies.id, devices.householdId))
      .where(and(eq(householdCopies.gridId, DEMO_IDS.grid), or(isNull(devices.lastHeartbeatAt), lt(devices.lastHeartbeatAt, sql`now() - interval '24 hours'`))));
    expect(expected.length).toBeGreaterThanOrEqual(8);
    const OFFLINE = `query($grid: ID!, $first: Int, $after: String) {
      offlineDevices(gridId: $grid, first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { id status lastHeartbeatAt } } }
    }`;
    const offline = await everyPageOf(async (first, after) =>
      dataOf(await gateway(world.token.gridWorker)<{ offlineDevices: Page<DeviceNode> }>(OFFLINE, { grid: DEMO_IDS.grid, first, after })).offlineDevices,
    );
    expect(idsOf(offline)).toEqual(idsOf(expected));
    expect(offline.every((d) => d.status === 'OFFLINE')).toBe(true);
    expect(offline.some((d) => d.lastHeartbeatAt === null)).toBe(true);
    const { grid } = dataOf(
      await gateway(world.token.gridWorker)<{ grid: { offlineDevices: { totalCount: number } } }>(`query($grid: ID!) { grid(id: $grid) { offlineDevices { totalCount } } }`, { grid: DEMO_IDS.grid }),
    );
    expect(grid.offlineDevices.totalCount).toBe(expected.length);
  });
});

describe('inspections', () => {
  type InspectionNode = { id: string; inspectedOn: string; site: { id: string } };
  const INSPECTIONS = `query($filter: InspectionFilter, $first: Int, $after: String) {
    inspections(filter: $filter, first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { id inspectedOn site { id } } } }
  }`;
  const inspectionsOf = (filter: Record<string, string>, token = world.token.safetyOfficer) =>
    everyPageOf(async (first, after) => dataOf(await gateway(token)<{ inspections: Page<InspectionNode> }>(INSPECTIONS, { filter, first, after })).inspections);

  it('filters by site and by a range of days, each bound inclusive', async () => {
    const all = await inspectionsOf({});
    expect(idsOf(all)).toEqual(idsOf(await db().select({ id: inspections.id }).from(inspections)));
    const market = await inspectionsOf({ siteId: SAFETY_DEMO_IDS.market });
    expect(idsOf(market)).toEqual(idsOf(all.filter((i) => i.site.id === SAFETY_DEMO_IDS.market)));
    const [from, to] = between(all.map((i) => i.inspectedOn));
    const spring = await inspectionsOf({ from, to });
    expect(idsOf(spring)).toEqual(idsOf(all.filter((i) => i.inspectedOn >= from && i.inspectedOn <= to)));
    // Bounds are days the data holds, so an exclusive bound would lose rows.
    expect(spring.some((i) => i.inspectedOn === from) && spring.some((i) => i.inspectedOn === to)).toBe(true);
    const both = await inspectionsOf({ siteId: SAFETY_DEMO_IDS.market, from });
    expect(idsOf(both)).toEqual(idsOf(market.filter((i) => i.inspectedOn >= from)));
  });

  it("gives a grid worker their grid's sites' inspections only", async () => {
    const gridSites = await db().select({ id: sites.id }).from(sites).where(eq(sites.gridId, DEMO_IDS.grid));
    const expected = await db().select({ id: inspections.id }).from(inspections).where(inArray(inspections.siteId, gridSites.map((s) => s.id)));
    expect(idsOf(await inspectionsOf({}, world.token.gridWorker))).toEqual(idsOf(expected));
  });
});

describe('hazards', () => {
  type HazardNode = { id: string; status: string; type: string; isOverdue: boolean; site: { id: string } };
  const HAZARDS = `query($filter: HazardFilter, $first: Int, $after: String) {
    hazards(filter: $filter, first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { id status type isOverdue site { id } } } }
  }`;
  const hazardsOf = (filter: Record<string, unknown>, token = world.token.safetyOfficer) =>
    everyPageOf(async (first, after) => dataOf(await gateway(token)<{ hazards: Page<HazardNode> }>(HAZARDS, { filter, first, after })).hazards);

  it('filters by status, type and site, all conditions at once', async () => {
    const all = await hazardsOf({});
    expect(idsOf(all)).toEqual(idsOf(await db().select({ id: hazards.id }).from(hazards)));
    const closed = await hazardsOf({ status: 'CLOSED' });
    expect(closed.length).toBeGreaterThan(0);
    expect(idsOf(closed)).toEqual(idsOf(all.filter((h) => h.status === 'CLOSED')));
    const wiring = await hazardsOf({ type: 'ILLEGAL_WIRING' });
    expect(idsOf(wiring)).toEqual(idsOf(all.filter((h) => h.type === 'ILLEGAL_WIRING')));
    const { type, status } = all.find((h) => h.site.id === SAFETY_DEMO_IDS.market && h.type !== 'COMBUSTIBLE_SANDWICH_PANEL')!;
    const filter = { type, status, siteId: SAFETY_DEMO_IDS.market };
    const narrow = await hazardsOf(filter);
    expect(narrow.length).toBeGreaterThan(0);
    expect(narrow.length).toBeLessThan(all.filter((h) => h.type === type).length);
    expect(idsOf(narrow)).toEqual(idsOf(all.filter((h) => h.type === filter.type && h.status === filter.status && h.site.id === filter.siteId)));
  });

  it('splits hazards into overdue and not, in one request, as their own isOverdue says', async () => {
    // Two open cases and a finished one past their deadline; only the open ones are overdue. Read at once: the overdue
    // sweep raises overdue cases with a new deadline.
    const market = await db().select({ id: hazards.id, status: hazards.status }).from(hazards).where(eq(hazards.siteId, SAFETY_DEMO_IDS.market));
    const isFinal = (h: { status: string }) => (FINAL_CASE_STATUSES as readonly string[]).includes(h.status);
    const open = market.filter((h) => !isFinal(h)).slice(0, 2);
    const closed = market.find(isFinal)!;
    await db().update(hazards).set({ deadline: new Date(Date.now() - 3_600_000) }).where(inArray(hazards.id, [...open.map((h) => h.id), closed.id]));
    // And an open case without a deadline (the column allows it): not overdue, so on time.
    const [undated] = await db()
      .insert(hazards)
      .values({ inspectionId: SAFETY_DEMO_IDS.marketInspection, siteId: SAFETY_DEMO_IDS.market, source: 'PATROL', type: 'OTHER', severity: 'GENERAL', remedy: 'DEADLINE', description: '待定', rectifyBy: '2027-01-15', reinspectionDueOn: '2027-01-20', deadline: null })
      .returning({ id: hazards.id });
    type Split = Record<'overdue' | 'onTime' | 'all', { totalCount: number; edges: { node: { id: string; isOverdue: boolean } }[] }>;
    const list = (filter: string) => `hazards(first: 100, filter: { siteId: "${SAFETY_DEMO_IDS.market}"${filter} }) { totalCount edges { node { id isOverdue } } }`;
    const split = dataOf(await gateway(world.token.safetyOfficer)<Split>(`{ overdue: ${list(', isOverdue: true')} onTime: ${list(', isOverdue: false')} all: ${list('')} }`));
    const ids = (key: keyof Split) => sorted(split[key].edges.map((e) => e.node.id));
    expect(split.all.totalCount).toBeLessThanOrEqual(100);
    expect(ids('overdue')).toEqual(sorted(split.all.edges.filter((e) => e.node.isOverdue).map((e) => e.node.id)));
    expect(ids('overdue')).toEqual(expect.arrayContaining(open.map((h) => h.id)));
    expect(ids('overdue')).not.toContain(closed.id);
    expect(ids('onTime')).toEqual(expect.arrayContaining([closed.id, undated!.id]));
    expect(ids('onTime')).toEqual(sorted(split.all.edges.filter((e) => !e.node.isOverdue).map((e) => e.node.id)));
    expect(split.overdue.totalCount + split.onTime.totalCount).toBe(split.all.totalCount);
  });

  it("gives a resident their building's hazards only, whatever the filter", async () => {
    const [home] = await ELDER_BUILDING();
    const expected = await db().select({ id: hazards.id }).from(hazards).where(eq(hazards.buildingId, home!.id!));
    expect(idsOf(await hazardsOf({}, world.token.elder))).toEqual(idsOf(expected));
    expect(await hazardsOf({ siteId: SAFETY_DEMO_IDS.market }, world.token.elder)).toEqual([]);
  });

  it('answers a page of 100 with sites, inspections, histories and buildings in a number of statements bounded by the shape', async () => {
    const query = `query($first: Int) { hazards(first: $first) { totalCount edges { node { id site { name } inspection { inspectedOn } history { toStatus } building { id } } } } }`;
    const cost = async (first: number) => {
      const { result, statements } = await statementsOf(world.stack, () => gateway(world.token.safetyOfficer)<{ hazards: Page<{ id: string }> }>(query, { first }));
      expect(dataOf(result).hazards.edges).toHaveLength(first);
      return statements;
    };
    // The page, its count, then one statement per relation (sites, inspections, histories): not one per hazard. One
    // spare, for the scheduled sweeps that may run meanwhile on the same database.
    const hundred = await cost(100);
    expect(hundred).toBeLessThanOrEqual(6);
    expect(await cost(20)).toBeLessThanOrEqual(hundred);
  });
});

describe('fire drills', () => {
  type DrillNode = { id: string; heldAt: string; site: { id: string; community: { id: string } } };
  const DRILLS = `query($filter: FireDrillFilter, $first: Int, $after: String) {
    fireDrills(filter: $filter, first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { id heldAt site { id community { id } } } } }
  }`;
  const drillsOf = (filter: Record<string, string>) =>
    everyPageOf(async (first, after) => dataOf(await gateway()<{ fireDrills: Page<DrillNode> }>(DRILLS, { filter, first, after })).fireDrills);
  /** The day in Beijing a drill was held on, as the filter's days are. */
  const dayOf = (heldAt: string) => new Date(Date.parse(heldAt) + 8 * 3_600_000).toISOString().slice(0, 10);

  it('filters the public schedule by site, community and days held', async () => {
    const all = await drillsOf({});
    expect(idsOf(all)).toEqual(idsOf(await db().select({ id: fireDrills.id }).from(fireDrills)));
    const kindergarten = await drillsOf({ siteId: 'site-kindergarten-1' });
    expect(idsOf(kindergarten)).toEqual(idsOf(all.filter((d) => d.site.id === 'site-kindergarten-1')));
    const [community] = all.map((d) => d.site.community.id);
    expect(idsOf(await drillsOf({ communityId: community! }))).toEqual(idsOf(all.filter((d) => d.site.community.id === community)));
    expect(await drillsOf({ communityId: 'community-02' })).toEqual([]);
    const [from, to] = between(all.map((d) => dayOf(d.heldAt)));
    const spring = await drillsOf({ from, to });
    expect(idsOf(spring)).toEqual(idsOf(all.filter((d) => dayOf(d.heldAt) >= from && dayOf(d.heldAt) <= to)));
    expect(spring.some((d) => dayOf(d.heldAt) === from) && spring.some((d) => dayOf(d.heldAt) === to)).toBe(true);
  });

  it("pages a community's drills and names its sites overdue for one", async () => {
    const [market] = await db().select({ communityId: sites.communityId }).from(sites).where(eq(sites.id, SAFETY_DEMO_IDS.market));
    const expected = await db().select({ id: fireDrills.id }).from(fireDrills).innerJoin(sites, eq(sites.id, fireDrills.siteId)).where(eq(sites.communityId, market!.communityId));
    const COMMUNITY = `query($id: ID!, $first: Int, $after: String) { community(id: $id) { fireDrills(first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { id heldAt site { id community { id } } } } } } }`;
    const drills = await everyPageOf(async (first, after) => dataOf(await gateway()<{ community: { fireDrills: Page<DrillNode> } }>(COMMUNITY, { id: market!.communityId, first, after })).community.fireDrills);
    expect(idsOf(drills)).toEqual(idsOf(expected));

    type Overdue = Record<'mine' | 'other', { overdueDrills: { totalCount: number; edges: { node: { id: string } }[] } }>;
    const { mine, other } = dataOf(
      await gateway()<Overdue>(
        `query($mine: ID!) { mine: community(id: $mine) { overdueDrills { totalCount edges { node { id } } } } other: community(id: "community-02") { overdueDrills { totalCount edges { node { id } } } } }`,
        { mine: market!.communityId },
      ),
    );
    // The seeded drills run to October, within a key unit's 6 months: only the second kindergarten (last drilled in
    // October 2025) and the shop that never drilled are due.
    expect(other.overdueDrills).toEqual({ totalCount: 1, edges: [{ node: { id: OTHER_COMMUNITY_SITE } }] });
    expect(mine.overdueDrills).toEqual({ totalCount: 1, edges: [{ node: { id: 'site-kindergarten-2' } }] });
  });
});

describe("what safety adds to a resident, a household and a building", () => {
  type AlarmPage = Page<{ id: string; status: string }>;
  const ALARMS = 'totalCount pageInfo { hasNextPage endCursor } edges { node { id status } }';

  it("pages a home's alarms, open, closed or all, the same from the resident and the household", async () => {
    const home = await db().select({ id: alarms.id, status: alarms.status }).from(alarms).where(eq(alarms.householdId, DEMO_IDS.household));
    const isOpen = (status: string) => (OPEN_ALARM_STATUSES as readonly string[]).includes(status);
    const RESIDENT = `query($id: ID!, $open: Boolean, $first: Int, $after: String) { resident(id: $id) { alarms(open: $open, first: $first, after: $after) { ${ALARMS} } } }`;
    const HOUSEHOLD = `query($id: ID!, $open: Boolean, $first: Int, $after: String) { resident(id: $id) { household { alarms(open: $open, first: $first, after: $after) { ${ALARMS} } } } }`;
    for (const open of [true, false, null]) {
      const expected = idsOf(home.filter((a) => open === null || isOpen(a.status) === open));
      const ofResident = await everyPageOf(async (first, after) =>
        dataOf(await gateway(world.token.elder)<{ resident: { alarms: AlarmPage } }>(RESIDENT, { id: DEMO_IDS.elderLivingAlone, open, first, after })).resident.alarms,
      );
      expect(idsOf(ofResident)).toEqual(expected);
      const ofHousehold = await walk(async (first, after) =>
        dataOf(await gateway(world.token.gridWorker)<{ resident: { household: { alarms: AlarmPage } } }>(HOUSEHOLD, { id: DEMO_IDS.elderLivingAlone, open, first, after })).resident.household.alarms,
      2);
      expect(ofHousehold).toEqual(ofResident);
    }
  });

  it("lists a home's devices from the resident and the household, and none for a home without", async () => {
    type Devices = { resident: { safetyDevices: { id: string; kind: string }[]; household: { safetyDevices: { id: string; kind: string }[] } } };
    const DEVICES = `query($id: ID!) { resident(id: $id) { safetyDevices { id kind } household { safetyDevices { id kind } } } }`;
    const { resident } = dataOf(await gateway(world.token.elder)<Devices>(DEVICES, { id: DEMO_IDS.elderLivingAlone }));
    const fitted = await db().select({ id: devices.id, kind: devices.kind }).from(devices).where(eq(devices.householdId, DEMO_IDS.household));
    // In the order of the kinds (smoke alarm first), then by id.
    const rank = (kind: string) => DEVICE_KINDS.indexOf(kind as (typeof DEVICE_KINDS)[number]);
    expect(fitted.length).toBeGreaterThan(2);
    expect(resident.safetyDevices).toEqual([...fitted].sort((a, b) => rank(a.kind) - rank(b.kind) || a.id.localeCompare(b.id)));
    expect(resident.household.safetyDevices).toEqual(resident.safetyDevices);
    // A resident's devices cost safety one statement: the resident's copy, household and devices read together.
    const cost = async (fields: string) =>
      (await statementsOf(world.stack, async () => dataOf(await gateway(world.token.elder)(`query($id: ID!) { resident(id: $id) { ${fields} } }`, { id: DEMO_IDS.elderLivingAlone })))).statements;
    expect(await cost('name safetyDevices { id kind }')).toBe((await cost('name')) + 1);
    const [bare] = await db()
      .select({ id: residentCopies.id })
      .from(residentCopies)
      .innerJoin(householdCopies, eq(householdCopies.id, residentCopies.householdId))
      .where(and(eq(householdCopies.gridId, DEMO_IDS.grid), notInArray(householdCopies.id, db().select({ id: devices.householdId }).from(devices))))
      .limit(1);
    const none = dataOf(await gateway(world.token.gridWorker)<Devices>(DEVICES, { id: bare!.id }));
    expect(none.resident).toEqual({ safetyDevices: [], household: { safetyDevices: [] } });
  });

  it("pages a building's hazards, open, closed or all", async () => {
    const [home] = await ELDER_BUILDING();
    const inBuilding = await db().select({ id: hazards.id, status: hazards.status }).from(hazards).where(eq(hazards.buildingId, home!.id!));
    const isFinal = (status: string) => (FINAL_CASE_STATUSES as readonly string[]).includes(status);
    const BUILDING = `query($id: ID!, $open: Boolean, $first: Int, $after: String) {
      resident(id: $id) { household { building { hazards(open: $open, first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { id status } } } } } }
    }`;
    type Building = { resident: { household: { building: { hazards: Page<{ id: string; status: string }> } } } };
    for (const open of [true, false, null]) {
      const listed = await everyPageOf(async (first, after) =>
        dataOf(await gateway(world.token.elder)<Building>(BUILDING, { id: DEMO_IDS.elderLivingAlone, open, first, after })).resident.household.building.hazards,
      );
      expect(idsOf(listed)).toEqual(idsOf(inBuilding.filter((h) => open === null || isFinal(h.status) !== open)));
    }
    // Hazards elsewhere are not the building's, even for an admin who sees them all.
    const { resident } = dataOf(await gateway(world.token.admin)<Building>(BUILDING, { id: DEMO_IDS.elderLivingAlone }));
    expect(resident.household.building.hazards.totalCount).toBe(inBuilding.length);
  });
});

describe('inputs of the read side', () => {
  it('refuses a page size past 100 and a cursor not from the API', async () => {
    errorOf(await gateway(world.token.safetyOfficer)(`{ hazards(first: 101) { totalCount } }`), 'BAD_USER_INPUT');
    errorOf(await gateway()(`{ fireDrills(after: "not-a-cursor") { totalCount } }`), 'BAD_USER_INPUT');
  });

  it('keeps to the days of an inspection range where from is after to: none', async () => {
    const { inspections: none } = dataOf(
      await gateway(world.token.safetyOfficer)<{ inspections: { totalCount: number } }>(`{ inspections(filter: { from: "2026-06-01", to: "2026-05-01" }) { totalCount } }`),
    );
    expect(none.totalCount).toBe(0);
  });
});
