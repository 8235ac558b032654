import http from 'node:http';
import type { AddressInfo } from 'node:net';
import postgres from 'postgres';

/**
 * The monolith limit: the benchmark's grid query answered by ONE hand-written SQL statement over both schemas and
 * serialised as the same JSON the gateway returns. No GraphQL, no federation, no access rules: what OneGrid's
 * overhead is measured against.
 */
export async function startMonolith(databaseUrl: string): Promise<{ url: string; stop(): Promise<void> }> {
  const sql = postgres(databaseUrl, { max: 10, onnotice: () => undefined });
  const server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const { variables } = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { variables: { grid: string } };
    const rows = await sql`
      select g.name as grid_name, r.id, r.name, date_part('year', age(r.birth_date))::int as age,
             c.name || ' ' || b.number || '栋 ' || h.unit || '单元 ' || h.room as address,
             p.id as profile_id, p.living_arrangement, p.needs::text[] as needs, mp_point.name as meal_point, lv.visited_at
      from community.grids g
      join community.buildings b on b.grid_id = g.id
      join community.compounds c on c.id = b.compound_id
      join community.households h on h.building_id = b.id
      join community.residents r on r.household_id = h.id
      left join elderly_care.elderly_profiles p on p.resident_id = r.id
      left join elderly_care.meal_plans mp on mp.profile_id = p.id
      left join elderly_care.meal_points mp_point on mp_point.id = mp.meal_point_id
      left join lateral (
        select v.visited_at from elderly_care.care_visits v where v.profile_id = p.id order by v.visited_at desc limit 1
      ) lv on true
      where g.id = ${variables.grid}
      order by r.id
      limit 100`;
    const edges = rows.map((row) => ({
      node: {
        id: row.id,
        name: row.name,
        age: row.age,
        household: { address: row.address },
        elderlyCare: row.profile_id
          ? {
              livingArrangement: row.living_arrangement,
              needs: row.needs,
              mealPlan: row.meal_point ? { point: { name: row.meal_point } } : null,
              lastVisit: row.visited_at ? { visitedAt: (row.visited_at as Date).toISOString() } : null,
            }
          : null,
      },
    }));
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ data: { grid: { name: rows[0]?.grid_name ?? null, residents: { edges } } } }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    stop: async () => {
      server.close();
      await sql.end();
    },
  };
}
