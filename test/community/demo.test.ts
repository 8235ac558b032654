import { count, eq } from 'drizzle-orm';
import type { DatabaseHandle } from '../../services/kit/db';
import { buildCommunityDemo, seedCommunity, type CommunityDemo } from '../../services/community/demo';
import { buildDemoDistrict, DEMO_IDS } from '../../services/demo';
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
} from '../../services/community/tables';
import { openTestDatabase } from '../support/database';

describe('buildCommunityDemo', () => {
  const district = buildDemoDistrict();
  const demo = buildCommunityDemo(district);

  it("takes the district's places, people and grids as they are, and nothing of other subgraphs' facts", () => {
    expect(Object.keys(demo)).toEqual(['subdistricts', 'communities', 'grids', 'gridWorkers', 'gridAssignments', 'compounds', 'buildings', 'households', 'residents']);
    for (const [name, rows] of Object.entries(demo)) {
      // Compared as text: jest's deep equality takes seconds on 40,000 rows.
      expect(JSON.stringify(rows) === JSON.stringify(district[name as keyof CommunityDemo])).toBe(true);
    }
  });

  it('gives each resident row its own tag list, so a row can be changed without changing the shared district', () => {
    const [row] = demo.residents;
    expect(row.tags).toEqual(district.residents[0].tags);
    expect(row.tags).not.toBe(district.residents[0].tags);
    expect(Object.isFrozen(district.residents[0].tags)).toBe(true);
  });
});

describe('seedCommunity', () => {
  // A quarter of the district keeps the test quick while still inserting several batches per large table.
  const scale = 0.25;
  const expected = buildCommunityDemo(buildDemoDistrict({ scale }));
  let handle: DatabaseHandle;

  beforeAll(async () => {
    handle = await openTestDatabase();
    await handle.migrate('services/community/migrations', 'community');
  });
  afterAll(() => handle?.close());

  const tables = { subdistricts, communities, grids, gridWorkers, gridAssignments, compounds, buildings, households, residents };
  const rowCounts = async () => {
    const counts: Record<string, number> = {};
    for (const [name, table] of Object.entries(tables)) counts[name] = (await handle.db.select({ n: count() }).from(table))[0].n;
    return counts;
  };
  const expectedCounts = Object.fromEntries(Object.keys(tables).map((name) => [name, expected[name as keyof CommunityDemo].length]));

  it('inserts the district in batches of at most 1,000 rows', async () => {
    const before = handle.statements.count;
    await expect(seedCommunity(handle.db, { scale })).resolves.toEqual({
      residents: expected.residents.length,
      households: expected.households.length,
    });
    const inserts = Object.values(expectedCounts).reduce((sum, rows) => sum + Math.ceil(rows / 1000), 0);
    // Plus the emptiness check and whatever the driver logs for the transaction itself.
    expect(handle.statements.count - before).toBeLessThanOrEqual(inserts + 3);
    expect(await rowCounts()).toEqual(expectedCounts);
  });

  it('stores the rows as generated', async () => {
    const [elder] = await handle.db.select().from(residents).where(eq(residents.id, DEMO_IDS.elderLivingAlone));
    const generated = expected.residents[0];
    expect(elder).toMatchObject({ ...generated, version: 1 });
    const [household] = await handle.db.select().from(households).where(eq(households.id, DEMO_IDS.household));
    expect(household).toEqual(expected.households[0]);
    const village = expected.compounds[expected.compounds.length - 1];
    expect(await handle.db.select().from(compounds).where(eq(compounds.id, village.id))).toEqual([village]);
    const micro = expected.grids[expected.grids.length - 1];
    expect(await handle.db.select().from(grids).where(eq(grids.id, micro.id))).toEqual([micro]);
    expect(await handle.db.select().from(buildings).where(eq(buildings.id, expected.buildings[0].id))).toEqual([expected.buildings[0]]);
  });

  it('does nothing the second time', async () => {
    await expect(seedCommunity(handle.db, { scale })).resolves.toEqual({ residents: 0, households: 0 });
    expect(await rowCounts()).toEqual(expectedCounts);
  });
});
