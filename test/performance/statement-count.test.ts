import { sql } from 'drizzle-orm';
import { SUBGRAPHS } from '../../services';
import { postGraphQL, startTestStack, tokenFor, type TestStack } from '../support/stack';
import { GRID_RESIDENTS } from '../bench/operations';
import { rowsOf } from '../support/database';

/**
 * A grid worker's list (the benchmark's operation (b)): fields from every subgraph for each resident. Its SQL must not
 * grow with its length: every relation is loaded for the whole page at once, so 100 residents cost what 10 cost.
 */
let stack: TestStack;
let gridId: string;

beforeAll(async () => {
  stack = await startTestStack(SUBGRAPHS);
  // A grid of 100 residents or more with an elder among its first ten, so both lists reach every loader.
  const rows = rowsOf<{ grid_id: string }>(await stack.handle.db.execute(sql`
    with listed as (
      select b.grid_id, r.id, row_number() over (partition by b.grid_id order by r.id) as position
      from community.buildings b join community.households h on h.building_id = b.id
      join community.residents r on r.household_id = h.id where r.deregistered_at is null)
    select l.grid_id from listed l left join elderly_care.elderly_profiles p on p.resident_id = l.id
    group by l.grid_id having count(*) >= 100 and count(p.id) filter (where l.position <= 10) > 0
    order by l.grid_id limit 1`));
  gridId = rows[0]!.grid_id;
}, 240_000);
afterAll(() => stack?.stop());

type Answer = { grid: { residents: { edges: { node: { elderlyCare: unknown; safetyDevices: unknown[] } }[] } } };

async function statementsFor(first: number) {
  const token = await tokenFor({ roles: ['admin'] });
  const before = stack.handle.statements.count;
  const answer = await postGraphQL<Answer>(stack.gateway.url, GRID_RESIDENTS, { grid: gridId, first }, { token });
  expect(answer.errors).toBeUndefined();
  const edges = answer.data!.grid.residents.edges;
  expect(edges).toHaveLength(first);
  return { statements: stack.handle.statements.count - before, edges };
}

test('a grid list with fields from every subgraph issues as many SQL statements for 100 residents as for 10', async () => {
  const ten = await statementsFor(10);
  const hundred = await statementsFor(100);
  // Both lists reach every subgraph's relations: elders and devices are among them, so their loaders ran.
  expect(ten.edges.some((edge) => edge.node.elderlyCare !== null)).toBe(true);
  expect(hundred.edges.some((edge) => edge.node.elderlyCare !== null)).toBe(true);
  expect(hundred.edges.some((edge) => edge.node.safetyDevices.length > 0)).toBe(true);
  expect(ten.statements).toBeGreaterThan(0);
  expect(hundred.statements).toBe(ten.statements);
});
