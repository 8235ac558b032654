import { DEMO_IDS } from '../../services/demo';
import { households } from '../../services/community/tables';
import { client, dataOf, errorOf, rowCount, statementsOf } from '../support/graphql';
import { asGateway } from '../support/stack';
import { nodesOf, useCommunityStack, type Page } from './fixtures';

const world = useCommunityStack();
const asAdmin = () => client(world.url, world.token.admin);

interface GridNode {
  id: string;
  code: string;
  kind: string;
  householdsCount: number;
}
interface WorkerNode {
  id: string;
  name: string;
  role: string;
}

describe('residents: keyset pages and filters', () => {
  it('lists residents in keyset pages with a total', async () => {
    type Node = { id: string; name: string; age: number; birthDate: string; idNumber: string; household: { id: string; address: string } };
    const { residents: page1 } = dataOf(
      await asAdmin()<{ residents: Page<Node> }>(
        `{ residents(first: 5) { totalCount edges { cursor node { id name age birthDate idNumber household { id address } } } pageInfo { hasNextPage endCursor } } }`,
      ),
    );
    expect(page1.edges).toHaveLength(5);
    expect(page1.totalCount).toBeGreaterThanOrEqual(5000);
    expect(page1.pageInfo.hasNextPage).toBe(true);
    expect(nodesOf(page1)[0]!.birthDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    const { residents: page2 } = dataOf(
      await asAdmin()<{ residents: Page<{ id: string }> }>(`query($after: String) { residents(first: 5, after: $after) { edges { node { id } } } }`, {
        after: page1.pageInfo.endCursor,
      }),
    );
    const ids1 = nodesOf(page1).map((n) => n.id);
    const ids2 = nodesOf(page2).map((n) => n.id);
    expect(ids2).toHaveLength(5);
    expect(ids2.filter((id) => ids1.includes(id))).toEqual([]);
    expect(ids2[0]! > ids1[4]!).toBe(true);
  });

  it('filters by grid, tag, age and name, all at once', async () => {
    type Node = { age: number; name: string; tags: string[]; grid: { id: string } };
    const { residents } = dataOf(
      await asAdmin()<{ residents: Page<Node> }>(
        `query($grid: ID!) { residents(first: 100, filter: { gridId: $grid, tag: ELDERLY, minAge: 70, maxAge: 90 }) { totalCount edges { node { age name tags grid { id } } } } }`,
        { grid: DEMO_IDS.grid },
      ),
    );
    const nodes = nodesOf(residents);
    expect(nodes.length).toBeGreaterThan(0);
    for (const node of nodes) {
      expect(node.grid.id).toBe(DEMO_IDS.grid);
      expect(node.age).toBeGreaterThanOrEqual(70);
      expect(node.age).toBeLessThanOrEqual(90);
      expect(node.tags).toContain('ELDERLY');
    }
    const surname = nodes[0]!.name.slice(0, 1);
    const { residents: named } = dataOf(
      await asAdmin()<{ residents: Page<Node> }>(
        `query($grid: ID!, $name: String!) { residents(first: 100, filter: { gridId: $grid, tag: ELDERLY, minAge: 70, maxAge: 90, nameContains: $name }) { edges { node { age name tags grid { id } } } } }`,
        { grid: DEMO_IDS.grid, name: surname },
      ),
    );
    expect(nodesOf(named).length).toBeGreaterThan(0);
    for (const node of nodesOf(named)) expect(node.name).toContain(surname);
    const { residents: tagged } = dataOf(
      await asAdmin()<{ residents: Page<{ tags: string[] }> }>(`{ residents(first: 20, filter: { tag: LIVES_ALONE }) { edges { node { tags } } } }`),
    );
    expect(tagged.edges.length).toBe(20);
    for (const node of nodesOf(tagged)) expect(node.tags).toContain('LIVES_ALONE');
  });

  it('filters by community, counting exactly the matching residents', async () => {
    type Node = { tags: string[]; grid: { community: { id: string } } };
    const query = `query($after: String) { residents(first: 100, after: $after, filter: { communityId: "community-02", tag: NO_KIN }) {
      totalCount edges { node { tags grid { community { id } } } } pageInfo { hasNextPage endCursor } } }`;
    let after: string | undefined;
    let seen = 0;
    let total = -1;
    do {
      const { residents } = dataOf(await asAdmin()<{ residents: Page<Node> }>(query, { after }));
      total = residents.totalCount;
      for (const node of nodesOf(residents)) {
        expect(node.grid.community.id).toBe('community-02');
        expect(node.tags).toContain('NO_KIN');
      }
      seen += residents.edges.length;
      after = residents.pageInfo.hasNextPage ? residents.pageInfo.endCursor! : undefined;
    } while (after);
    expect(total).toBeGreaterThan(0);
    expect(seen).toBe(total);
  });

  it('rejects contradictory or out-of-range filters and bad cursors, without a stack trace', async () => {
    const cases = [
      `{ residents(filter: { minAge: 80, maxAge: 60 }) { totalCount } }`,
      `{ residents(first: 101) { totalCount } }`,
      `{ residents(first: 0) { totalCount } }`,
      `{ residents(after: "nonsense") { totalCount } }`,
      `{ residents(filter: { minAge: -1 }) { totalCount } }`,
      `{ residents(filter: { nameContains: "" }) { totalCount } }`,
    ];
    for (const query of cases) {
      const result = await asAdmin()<{ residents: null }>(query);
      expect([query, result.errors?.[0]?.extensions?.code]).toEqual([query, 'BAD_USER_INPUT']);
      expect(JSON.stringify(result.errors)).not.toMatch(/at .*\.(ts|js):\d+/);
    }
  });
});

describe('the public directory', () => {
  it('answers without a token: communities, subdistricts, grids by kind and their workers', async () => {
    type Directory = {
      communities: {
        id: string;
        name: string;
        subdistrict: { name: string; regionCode: string };
        grids: Page<GridNode & { workers: Page<WorkerNode> }>;
      }[];
    };
    const { communities } = dataOf(
      await client(world.url)<Directory>(
        `{ communities { id name subdistrict { name regionCode }
            grids(first: 100) { totalCount edges { node { id code kind householdsCount workers(first: 10) { totalCount edges { node { id name role } } } } } } } }`,
      ),
    );
    expect(communities.length).toBe(12);
    for (const community of communities) expect(community.grids.edges).toHaveLength(community.grids.totalCount);
    const grids = communities.flatMap((c) => nodesOf(c.grids));
    expect(grids.filter((g) => g.kind === 'COMPREHENSIVE')).toHaveLength(81);
    expect(grids.filter((g) => g.kind === 'DEDICATED')).toHaveLength(4);
    expect(grids.filter((g) => g.kind === 'MICRO')).toHaveLength(384);
    expect(communities[0]!.subdistrict.regionCode).toMatch(/^\d{12}$/);
    expect(grids.find((g) => g.id === DEMO_IDS.grid)!.workers.totalCount).toBeGreaterThan(0);
    // Every household lives in exactly one comprehensive or dedicated grid.
    const counted = grids.filter((g) => g.kind !== 'MICRO').reduce((sum, g) => sum + g.householdsCount, 0);
    expect(counted).toBe(await rowCount(world.stack, households));
  });

  it("keeps dwellings behind sign-in: anonymous, a building's households are null with an UNAUTHENTICATED error and the rest answers", async () => {
    type Directory = { community: { name: string; compounds: { name: string; buildings: { number: string; households: Page<{ room: string }> | null }[] }[] } };
    const query = `{ communities { id } community(id: "community-01") { name compounds { name buildings { number households(first: 5) { totalCount edges { node { room } } } } } } }`;
    const anonymous = await client(world.url)<Directory & { communities: { id: string }[] }>(query);
    expect(anonymous.data!.communities).toHaveLength(12);
    expect(anonymous.data!.community.name).toBeTruthy();
    const buildings = anonymous.data!.community.compounds.flatMap((c) => c.buildings);
    expect(buildings.length).toBeGreaterThan(1);
    for (const building of buildings) expect(building).toEqual({ number: expect.any(String), households: null });
    // One error per field refused, each at its building's households, all UNAUTHENTICATED.
    expect(anonymous.errors).toHaveLength(buildings.length);
    for (const error of anonymous.errors!) {
      expect(error.extensions?.code).toBe('UNAUTHENTICATED');
      expect(error.path?.at(-1)).toBe('households');
    }

    const signedIn = dataOf(await client(world.url, world.token.elder)<Directory>(query));
    const first = signedIn.community.compounds[0]!.buildings[0]!.households!;
    expect(first.totalCount).toBeGreaterThan(0);
    expect(first.edges.length).toBe(Math.min(5, first.totalCount));
  });

  it("answers one building's directory entry to an anonymous caller with its households null and one UNAUTHENTICATED error", async () => {
    // As the gateway asks for a building another subgraph refers to.
    const { resident } = dataOf(
      await asAdmin()<{ resident: { household: { building: { id: string; number: string; compound: { id: string } } } } }>(
        `{ resident(id: "${DEMO_IDS.elderLivingAlone}") { household { building { id number compound { id } } } } }`,
      ),
    );
    const building = resident.household.building;
    const query = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Building { number hasElevator compound { name } households(first: 1) { totalCount } } } }`;
    const anonymous = await client(world.url, undefined, asGateway)<{
      _entities: ({ number: string; hasElevator: boolean; compound: { name: string }; households: null } | null)[];
    }>(query, { r: [{ __typename: 'Building', id: building.id }] });
    expect(anonymous.data!._entities[0]).toMatchObject({ number: building.number, compound: { name: expect.any(String) }, households: null });
    expect(errorOf(anonymous, 'UNAUTHENTICATED').path).toEqual(['_entities', 0, 'households']);
  });
});

describe('connections over small lists', () => {
  it("pages a grid's workers, chiefs first, and a community's grids, without gaps or repeats", async () => {
    const workersPage = (after?: string) =>
      asAdmin()<{ grid: { workers: Page<WorkerNode> } }>(
        `query($after: String) { grid(id: "${DEMO_IDS.grid}") { workers(first: 1, after: $after) { totalCount edges { node { id name role } } pageInfo { hasNextPage endCursor } } } }`,
        { after },
      );
    const workers: WorkerNode[] = [];
    let after: string | undefined;
    let total = 0;
    do {
      const { grid } = dataOf(await workersPage(after));
      total = grid.workers.totalCount;
      workers.push(...nodesOf(grid.workers));
      after = grid.workers.pageInfo.hasNextPage ? grid.workers.pageInfo.endCursor! : undefined;
    } while (after);
    expect(workers.length).toBe(total);
    expect(total).toBeGreaterThan(1);
    expect(new Set(workers.map((w) => w.id)).size).toBe(total);
    expect(workers[0]!.role).toBe('GRID_CHIEF');
    expect(workers.map((w) => w.id)).toContain(DEMO_IDS.fullTimeWorker);

    const { community } = dataOf(
      await asAdmin()<{ community: { grids: Page<GridNode> } }>(
        `{ community(id: "community-01") { grids(first: 10) { totalCount edges { node { id code kind householdsCount } } pageInfo { hasNextPage endCursor } } } }`,
      ),
    );
    const { community: next } = dataOf(
      await asAdmin()<{ community: { grids: Page<GridNode> } }>(
        `query($after: String) { community(id: "community-01") { grids(first: 10, after: $after) { edges { node { id code kind householdsCount } } } } }`,
        { after: community.grids.pageInfo.endCursor },
      ),
    );
    const codes = [...nodesOf(community.grids), ...nodesOf(next.grids)].map((g) => g.code);
    expect(community.grids.totalCount).toBeGreaterThan(10);
    expect(codes).toEqual([...codes].sort());
    expect(new Set(codes).size).toBe(codes.length);
  });

  it('shows areas as exact decimals and households of a building a page at a time', async () => {
    const { resident } = dataOf(
      await asAdmin()<{ resident: { household: { areaM2: string; building: { households: Page<{ id: string; areaM2: string }> } } } }>(
        `{ resident(id: "${DEMO_IDS.elderLivingAlone}") { household { areaM2 building { households(first: 100) { totalCount edges { node { id areaM2 } } } } } } }`,
      ),
    );
    expect(resident.household.areaM2).toMatch(/^\d+(\.\d+)?$/);
    const households = resident.household.building.households;
    expect(nodesOf(households).map((h) => h.id)).toContain(DEMO_IDS.household);
    expect(households.edges.length).toBe(Math.min(100, households.totalCount));
  });
});

describe('batching', () => {
  it('lists 100 residents with household, building, compound, grid and its workers in a bounded number of statements', async () => {
    type Node = {
      name: string;
      household: { address: string; building: { number: string; compound: { name: string } } };
      grid: { name: string; workers: Page<{ name: string }> };
    };
    const query = `{ residents(first: 100) { edges { node { name household { address building { number compound { name } } }
      grid { name workers(first: 5) { totalCount edges { node { name } } } } } } } }`;
    const { result, statements } = await statementsOf(world.stack, () => asAdmin()<{ residents: Page<Node> }>(query));
    const { residents } = dataOf(result);
    expect(residents.edges).toHaveLength(100);
    for (const node of nodesOf(residents)) expect(node.grid.workers.edges.length).toBe(Math.min(5, node.grid.workers.totalCount));
    // The page read with its households, buildings, compounds and grids (a look-ahead), then the grids' workers.
    expect(statements).toBe(2);
  });

  it("reads a resident's household, building, compound and grid with the resident when the query asks for them", async () => {
    type Answer = { resident: { household: { address: string; building: { number: string; compound: { name: string } } }; grid: { id: string } } };
    const query = `query($id: ID!) { resident(id: $id) { name household { address building { number compound { name } } } grid { id } } }`;
    const { result, statements } = await statementsOf(world.stack, () => asAdmin()<Answer>(query, { id: DEMO_IDS.elderLivingAlone }));
    const { resident } = dataOf(result);
    expect(resident.household.address).toContain(resident.household.building.compound.name);
    expect(resident.grid.id).toBe(DEMO_IDS.grid);
    expect(statements).toBe(1);
  });

  it('answers the same with the look-ahead as the loaders do alone, and hides from another grid worker what it hid before', async () => {
    const household = `id unit room address building { id number compound { id name } grid { id } }`;
    const query = `query($id: ID!) { resident(id: $id) { id name household { ${household} } grid { id code } } }`;
    const one = async (token: string) => dataOf(await client(world.url, token)<{ resident: { household: unknown; grid: unknown } | null }>(query, { id: DEMO_IDS.elderLivingAlone }));
    const withLookAhead = await one(world.token.admin);
    // The same household and grid through their own loaders: `_entities` (as the gateway asks) and `grid(id)`.
    const alone = dataOf(
      await client(world.url, world.token.admin, asGateway)<{ _entities: unknown[]; grid: unknown }>(
        `query($r: [_Any!]!, $grid: ID!) { _entities(representations: $r) { ... on Household { ${household} } } grid(id: $grid) { id code } }`,
        { r: [{ __typename: 'Household', id: DEMO_IDS.household }], grid: DEMO_IDS.grid },
      ),
    );
    expect(withLookAhead.resident).toMatchObject({ id: DEMO_IDS.elderLivingAlone, household: alone._entities[0], grid: alone.grid });
    expect(await one(world.token.gridWorker)).toEqual(withLookAhead);
    expect(await one(world.token.otherGridWorker)).toEqual({ resident: null });
  });
});

