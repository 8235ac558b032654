import { eq, sql } from 'drizzle-orm';
import { DEMO_IDS } from '../../services/demo';
import { encodeCursor } from '../../services/kit/pagination';
import { dayOf } from '../../services/kit/dates';
import { visitIntervalSql } from '../../services/elderly-care/loaders';
import { CARE_TAGS } from '../../services/elderly-care/rules/enums';
import { DEFAULT_VISIT_SCHEDULE, isVisitOverdue, parseVisitSchedule, visitIntervalDays } from '../../services/elderly-care/rules/visit-schedule';
import { ELDERLY_CARE_DEMO_IDS } from '../../services/elderly-care/demo';
import { careVisits, elderlyProfiles, mealOrders, mealPointCommunities, mealPoints } from '../../services/elderly-care/tables';
import { client, dataOf, errorOf, rowCount, USER_ERRORS } from '../support/graphql';
import { givenElder } from '../support/elders';
import { useElderlyCareStack, type Page } from './fixtures';

const world = useElderlyCareStack();
const asWorker = <T>(query: string, variables?: Record<string, unknown>) => client(world.stack.gateway.url, world.token.gridWorker)<T>(query, variables);

describe('overdue visits', () => {
  const OVERDUE = `query($after: String) {
    overdueVisits(gridId: "${DEMO_IDS.grid}", first: 10, after: $after) {
      totalCount pageInfo { hasNextPage endCursor } edges { node { id careTags visitIntervalDays nextVisitDueAt isVisitOverdue } }
    }
  }`;
  type Overdue = { overdueVisits: Page<{ id: string; nextVisitDueAt: string | null; isVisitOverdue: boolean }> };

  async function overdueIds(): Promise<{ ids: string[]; totalCount: number; dues: (string | null)[] }> {
    const ids: string[] = [];
    const dues: (string | null)[] = [];
    let after: string | null | undefined;
    for (;;) {
      const { overdueVisits } = dataOf(await asWorker<Overdue>(OVERDUE, { after }));
      for (const { node } of overdueVisits.edges) {
        expect(node.isVisitOverdue).toBe(true);
        ids.push(node.id);
        dues.push(node.nextVisitDueAt);
      }
      if (!overdueVisits.pageInfo!.hasNextPage) return { ids, totalCount: overdueVisits.totalCount!, dues };
      after = overdueVisits.pageInfo!.endCursor;
    }
  }

  it("lists, page by page and longest overdue first, exactly the grid's elders whose last visit is older than their interval", async () => {
    const { ids, totalCount, dues } = await overdueIds();
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.length).toBe(totalCount);
    expect(ids.length).toBeGreaterThan(10);
    // Never visited first (no due date), then by due date.
    const dated = dues.filter((d): d is string => d !== null);
    expect(dues.slice(0, dues.length - dated.length).every((d) => d === null)).toBe(true);
    expect(dated).toEqual([...dated].sort());

    const elders = await world.stack.handle.db
      .select({ id: elderlyProfiles.id, careTags: elderlyProfiles.careTags, last: sql<string | null>`max(${careVisits.visitedAt})` })
      .from(elderlyProfiles)
      .leftJoin(careVisits, eq(careVisits.profileId, elderlyProfiles.id))
      .where(eq(elderlyProfiles.gridId, DEMO_IDS.grid))
      .groupBy(elderlyProfiles.id);
    const now = new Date();
    const expected = elders.filter((e) => isVisitOverdue(e.last ? new Date(e.last) : null, visitIntervalDays(DEFAULT_VISIT_SCHEDULE, e.careTags), now));
    expect(new Set(ids)).toEqual(new Set(expected.map((e) => e.id)));
  });

  it('takes an elder off the list once visited', async () => {
    const { ids } = await overdueIds();
    const elderId = ids.at(-1)!;
    const [elder] = await world.stack.handle.db.select().from(elderlyProfiles).where(eq(elderlyProfiles.id, elderId));
    const VISIT = `mutation($input: RecordCareVisitInput!) { recordCareVisit(input: $input) { visit { id } ${USER_ERRORS} } }`;
    const { recordCareVisit } = dataOf(
      await asWorker<{ recordCareVisit: { visit: { id: string } | null; userErrors: unknown[] } }>(VISIT, {
        input: { residentId: elder!.residentId, visitorId: DEMO_IDS.fullTimeWorker, kind: 'ROUTINE' },
      }),
    );
    expect(recordCareVisit.userErrors).toEqual([]);
    expect((await overdueIds()).ids).not.toContain(elderId);
  });

  it('refuses a cursor it did not hand out with BAD_USER_INPUT', async () => {
    errorOf(await asWorker(OVERDUE, { after: encodeCursor("2026-01-01'); drop table x; --|resident-00001") }), 'BAD_USER_INPUT');
  });

  it('computes the interval in SQL as the rules do, for every combination of care tags and any schedule', async () => {
    const { id } = await givenElder(world.stack);
    const combinations = Array.from({ length: 1 << CARE_TAGS.length }, (_, mask) => CARE_TAGS.filter((_, i) => mask & (1 << i)));
    const schedules = [DEFAULT_VISIT_SCHEDULE, parseVisitSchedule('ELDERLY=20,DISABLED=3,LOW_INCOME=10,VETERAN=1')];
    // Tries the tags on one elder inside a transaction that is rolled back.
    await expect(
      world.stack.handle.db.transaction(async (tx) => {
        for (const careTags of combinations) {
          await tx.update(elderlyProfiles).set({ careTags }).where(eq(elderlyProfiles.id, id));
          for (const schedule of schedules) {
            const [row] = await tx.select({ days: visitIntervalSql(schedule) }).from(elderlyProfiles).where(eq(elderlyProfiles.id, id));
            expect(row!.days).toBe(visitIntervalDays(schedule, careTags));
          }
        }
        tx.rollback();
      }),
    ).rejects.toThrow('Rollback');
  });
});

describe("an elder's histories, in pages", () => {
  const elderId = () =>
    world.stack.handle.db
      .select({ id: elderlyProfiles.id })
      .from(elderlyProfiles)
      .where(eq(elderlyProfiles.residentId, DEMO_IDS.elderLivingAlone))
      .then(([row]) => row!.id);

  it('pages meal orders newest first over all time by default, and within a range of days when asked', async () => {
    const id = await elderId();
    const all = await world.stack.handle.db.select({ servedOn: mealOrders.servedOn }).from(mealOrders).where(eq(mealOrders.profileId, id));
    expect(all.length).toBeGreaterThanOrEqual(3);
    const days = all.map((o) => o.servedOn).sort();
    const QUERY = `query($id: ID!, $after: String, $from: Date, $to: Date) {
      resident(id: $id) { elderlyCare { mealOrders(first: 2, after: $after, from: $from, to: $to) { totalCount pageInfo { hasNextPage endCursor } edges { node { id servedOn } } } } }
    }`;
    type Orders = { resident: { elderlyCare: { mealOrders: Page<{ id: string; servedOn: string }> } } };
    const walk = async (range: { from?: string; to?: string }) => {
      const seen: string[] = [];
      let after: string | null | undefined;
      let totalCount = 0;
      for (;;) {
        const { mealOrders: page } = dataOf(await asWorker<Orders>(QUERY, { id: DEMO_IDS.elderLivingAlone, after, ...range })).resident.elderlyCare;
        totalCount = page.totalCount!;
        seen.push(...page.edges.map((e) => e.node.servedOn));
        if (!page.pageInfo!.hasNextPage) return { seen, totalCount };
        after = page.pageInfo!.endCursor;
      }
    };
    const everything = await walk({});
    expect(everything.totalCount).toBe(all.length);
    expect(everything.seen).toEqual([...days].reverse());
    const [from, to] = [days[1]!, days.at(-2)!];
    const ranged = await walk({ from, to });
    const inRange = days.filter((d) => d >= from && d <= to);
    expect(ranged).toEqual({ seen: [...inRange].reverse(), totalCount: inRange.length });
  });

  it('pages care visits latest first, within a range of days', async () => {
    const id = await elderId();
    const visits = await world.stack.handle.db.select({ visitedAt: careVisits.visitedAt }).from(careVisits).where(eq(careVisits.profileId, id));
    expect(visits.length).toBeGreaterThan(1);
    const days = visits.map((v) => dayOf(v.visitedAt)).sort();
    const from = days.at(-1)!;
    const { resident } = dataOf(
      await asWorker<{ resident: { elderlyCare: { all: Page<{ visitedAt: string }>; recent: Page<{ visitedAt: string }> } } }>(
        `query($id: ID!, $from: Date) { resident(id: $id) { elderlyCare {
          all: visits(first: 100) { totalCount edges { node { visitedAt } } }
          recent: visits(from: $from) { totalCount edges { node { visitedAt } } }
        } } }`,
        { id: DEMO_IDS.elderLivingAlone, from },
      ),
    );
    expect(resident.elderlyCare.all.totalCount).toBe(visits.length);
    const times = resident.elderlyCare.all.edges.map((e) => e.node.visitedAt);
    expect(times).toEqual([...times].sort().reverse());
    expect(resident.elderlyCare.recent.totalCount).toBe(days.filter((d) => d >= from).length);
  });
});

describe('meal points', () => {
  it('lists the meal points of a community to anyone, signed in or not', async () => {
    const { community, mealPoints: directory } = dataOf(
      await client(world.stack.gateway.url)<{
        community: { name: string; mealPoints: { id: string; serviceRadiusM: number; eldersServed: number; hasDelivery: boolean; communities: { name: string }[] }[] };
        mealPoints: Page<{ id: string }>;
      }>(`{ community(id: "community-01") { name mealPoints { id name serviceRadiusM eldersServed hasDelivery communities { name } } } mealPoints(first: 100) { totalCount edges { node { id } } } }`),
    );
    expect(community.name).toBe('东湖社区');
    const canteen = community.mealPoints.find((p) => p.id === ELDERLY_CARE_DEMO_IDS.canteen)!;
    expect(canteen).toMatchObject({ serviceRadiusM: 500 });
    expect(canteen.eldersServed).toBeGreaterThan(6000);
    expect(canteen.communities.length).toBeGreaterThanOrEqual(10);
    expect(directory.edges.length).toBeGreaterThanOrEqual(4);
    expect(directory.totalCount).toBe(await rowCount(world.stack, mealPoints));
  });

  it('pages the directory filtered by community, counting the same points the pages hold', async () => {
    // The community most points serve.
    const [{ communityId }] = await world.stack.handle.db
      .select({ communityId: mealPointCommunities.communityId })
      .from(mealPointCommunities)
      .groupBy(mealPointCommunities.communityId)
      .orderBy(sql`count(*) desc`, mealPointCommunities.communityId)
      .limit(1);
    const serving = await world.stack.handle.db
      .select({ id: mealPointCommunities.mealPointId })
      .from(mealPointCommunities)
      .where(eq(mealPointCommunities.communityId, communityId))
      .orderBy(mealPointCommunities.mealPointId);
    expect(serving.length).toBeGreaterThan(1);
    const QUERY = `query($communityId: ID, $after: String) { mealPoints(communityId: $communityId, first: 1, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { id } } } }`;
    const seen: string[] = [];
    let after: string | null | undefined;
    for (;;) {
      const { mealPoints: page } = dataOf(await client(world.stack.gateway.url)<{ mealPoints: Page<{ id: string }> }>(QUERY, { communityId, after }));
      expect(page.totalCount).toBe(serving.length);
      seen.push(...page.edges.map((e) => e.node.id));
      if (!page.pageInfo!.hasNextPage) break;
      after = page.pageInfo!.endCursor;
    }
    expect(seen).toEqual(serving.map((s) => s.id));
  });

  it('shows the subsidy rules in force with the government subsidy per meal', async () => {
    const { subsidyRules } = dataOf(
      await client(world.stack.gateway.url)<{ subsidyRules: { id: string; governmentSubsidyCents: number; isActive: boolean }[] }>(
        `{ subsidyRules { id governmentSubsidyCents isActive } }`,
      ),
    );
    expect(subsidyRules).toContainEqual({ id: 'subsidy-low-income', governmentSubsidyCents: 800, isActive: true });
  });
});
