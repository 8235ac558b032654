import { DEMO_IDS } from '../../services/demo';
import { ENVIRONMENT_DEMO_IDS } from '../../services/environment/demo';
import { client, dataOf, statementsOf } from '../support/graphql';
import { useEnvironmentStack, type Page } from './fixtures';

const world = useEnvironmentStack();
const gateway = (token?: string) => client(world.stack.gateway.url, token);

type IssueNode = { id: string; category: string; status: string; tier: string; isOverdue: boolean; grid: { id: string } };
const ISSUES = `query($filter: EnvironmentIssueFilter, $after: String) {
  environmentIssues(filter: $filter, first: 100, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { id category status tier isOverdue grid { id } } } }
}`;
const issues = async (filter: Record<string, unknown>) => {
  const nodes: IssueNode[] = [];
  let after: string | null = null;
  let total = 0;
  do {
    const page: Page<IssueNode> = dataOf(await gateway(world.token.environmentOfficer)<{ environmentIssues: Page<IssueNode> }>(ISSUES, { filter, after })).environmentIssues;
    nodes.push(...page.edges.map((e) => e.node));
    total = page.totalCount;
    after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
  } while (after);
  expect(nodes.length).toBe(total);
  return nodes;
};

describe('environmentIssues', () => {
  it('filters by grid, category, status, tier and overdue, each page and count from one condition', async () => {
    const all = await issues({});
    expect(new Set(all.map((i) => i.id)).size).toBe(all.length);
    const inGrid = await issues({ gridId: DEMO_IDS.grid });
    expect(inGrid.map((i) => i.id).sort()).toEqual(all.filter((i) => i.grid.id === DEMO_IDS.grid).map((i) => i.id).sort());
    const debris = await issues({ category: 'FLOATING_DEBRIS' });
    expect(debris.map((i) => i.id).sort()).toEqual(all.filter((i) => i.category === 'FLOATING_DEBRIS').map((i) => i.id).sort());
    const rework = await issues({ status: 'REWORK' });
    expect(rework.length).toBeGreaterThan(0);
    expect(rework.length).toBe(all.filter((i) => i.status === 'REWORK').length);
    const overdue = await issues({ isOverdue: true });
    expect(overdue.length).toBeGreaterThan(0);
    expect(overdue.every((i) => i.isOverdue)).toBe(true);
    expect(overdue.length + (await issues({ isOverdue: false })).length).toBe(all.length);
    const atCity = await issues({ tier: 'CITY', isOverdue: true });
    expect(atCity.map((i) => i.id).sort()).toEqual(overdue.filter((i) => i.tier === 'CITY').map((i) => i.id).sort());
  });

  it('answers issues with reporters, handlers, histories, patrols and segments in a number of statements bounded by the shape', async () => {
    const query = `query($first: Int) { environmentIssues(first: $first) { edges { node { id reporter { name } handler { id } history { kind } patrol { summary } segment { name } } } } }`;
    const cost = async (first: number) =>
      (await statementsOf(world.stack, async () => dataOf(await gateway(world.token.environmentOfficer)(query, { first })))).statements;
    // Not proportional to the page: a page of 100 costs one statement per relation (the page, histories, patrols,
    // segments, and community's residents for the names), as few as a page of 20 at most.
    const hundred = await cost(100);
    expect(hundred).toBeLessThanOrEqual(6);
    expect(await cost(20)).toBeLessThanOrEqual(hundred);
  });
});

describe('rivers, chiefs and patrols', () => {
  it('shows a river with its segments, each with chiefs from city to civilian, and the communities it crosses', async () => {
    const { river } = dataOf(
      await gateway()<{ river: { name: string; lengthKm: string; waterQualityTarget: string; segments: { id: string; community: { id: string }; grid: { id: string }; chiefs: { level: string; team: string | null }[] }[] } }>(
        `query($id: ID!) { river(id: $id) { name lengthKm waterQualityTarget segments { id community { id } grid { id } chiefs { level team } } } }`,
        { id: ENVIRONMENT_DEMO_IDS.river },
      ),
    );
    expect(river).toMatchObject({ name: '清河', lengthKm: '18.60', waterQualityTarget: 'CLASS_III' });
    expect(river.segments[0]).toMatchObject({ id: ENVIRONMENT_DEMO_IDS.segment, grid: { id: DEMO_IDS.grid } });
    expect(river.segments[0]!.chiefs.map((c) => c.level)).toEqual(['CITY', 'COUNTY', 'TOWNSHIP', 'VILLAGE', 'CIVILIAN', 'CIVILIAN', 'CIVILIAN']);
    expect(river.segments[0]!.chiefs.filter((c) => c.team).map((c) => c.team)).toEqual(['清河民间河长队', '清河民间河长队', '清河民间河长队']);
    const { community } = dataOf(
      await gateway()<{ community: { rivers: { id: string }[] } }>(`query($id: ID!) { community(id: $id) { rivers { id } } }`, { id: river.segments[0]!.community.id }),
    );
    expect(community.rivers.map((r) => r.id)).toContain(ENVIRONMENT_DEMO_IDS.river);
  });

  it('pages a segment\'s patrols within a date range, with chiefs, patrollers and findings', async () => {
    const query = `query($id: ID!, $from: Date, $to: Date) {
      riverPatrols(segmentId: $id, first: 50, from: $from, to: $to) { totalCount edges { node { id startedAt summary chief { level } patroller { id } findings { category source } segment { id } } } }
    }`;
    type Patrols = { riverPatrols: Page<{ startedAt: string; summary: string; chief: { level: string } | null; findings: { source: string }[]; segment: { id: string } }> };
    const all = dataOf(await gateway(world.token.gridWorker)<Patrols>(query, { id: ENVIRONMENT_DEMO_IDS.segment })).riverPatrols;
    expect(all.totalCount).toBeGreaterThanOrEqual(8);
    expect(all.edges.every((e) => e.node.segment.id === ENVIRONMENT_DEMO_IDS.segment)).toBe(true);
    expect(all.edges.some((e) => e.node.findings.length > 0 && e.node.findings.every((f) => f.source === 'PATROL'))).toBe(true);
    const days = all.edges.map((e) => e.node.startedAt.slice(0, 10)).sort();
    const from = days[Math.floor(days.length / 2)]!;
    const recent = dataOf(await gateway(world.token.gridWorker)<Patrols>(query, { id: ENVIRONMENT_DEMO_IDS.segment, from })).riverPatrols;
    expect(recent.totalCount).toBe(days.filter((d) => d >= from).length);
    const older = dataOf(await gateway(world.token.gridWorker)<Patrols>(query, { id: ENVIRONMENT_DEMO_IDS.segment, to: from })).riverPatrols;
    expect(older.totalCount).toBe(days.filter((d) => d <= from).length);
  });

  it("lists a grid's green spaces", async () => {
    const { greenSpaces } = dataOf(
      await gateway()<{ greenSpaces: Page<{ name: string; areaM2: string; maintainer: string; grid: { id: string }; community: { id: string } }> }>(
        `{ greenSpaces(first: 100) { totalCount edges { node { name areaM2 maintainer grid { id } community { id } } } } }`,
      ),
    );
    expect(greenSpaces.totalCount).toBeGreaterThanOrEqual(12);
    const one = greenSpaces.edges[0]!.node;
    const inGrid = dataOf(await gateway()<{ greenSpaces: { totalCount: number } }>(`query($id: ID) { greenSpaces(gridId: $id) { totalCount } }`, { id: one.grid.id })).greenSpaces;
    expect(inGrid.totalCount).toBe(greenSpaces.edges.filter((e) => e.node.grid.id === one.grid.id).length);
    expect(Number(one.areaM2)).toBeGreaterThan(0);
  });
});
