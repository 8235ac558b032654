import http from 'node:http';
import type { AddressInfo } from 'node:net';
import postgres from 'postgres';

/**
 * The limit, in its own process: plain node:http and postgres.js answering the benchmark's operations with ONE
 * hand-written SQL statement each (prepared, JSON assembled in PostgreSQL where that saves work) and the same JSON the
 * gateway returns, byte for byte. No GraphQL, no federation, no access rules: what OneGrid's cost is measured against.
 * Started by run.ts with DATABASE_URL; prints its port on stdout.
 */
const sql = postgres(process.env.DATABASE_URL!, { max: 10, onnotice: () => undefined });
let statements = 0;

/** Whole years, as kit/dates' ageOn computes them (UTC calendar). */
function ageOn(birthDate: string, on = new Date()): number {
  const [year, month, day] = birthDate.split('-').map(Number) as [number, number, number];
  const hadBirthday = on.getUTCMonth() + 1 > month || (on.getUTCMonth() + 1 === month && on.getUTCDate() >= day);
  return on.getUTCFullYear() - year - (hadBirthday ? 0 : 1);
}
const iso = (at: string | null) => (at === null ? null : new Date(at).toISOString());

/** The per-resident columns both operations share: household, every subgraph's fields. */
const RESIDENT_COLUMNS = sql`
  r.id, r.name, r.birth_date::text as birth_date, r.phone,
  btrim(c.name || ' ' || b.number || '栋 ' || h.unit || '单元 ' || h.room) as address, b.id as building_id,
  (select er.phase from housing.elevator_retrofits er where er.building_id = b.id order by er.created_at desc, er.id desc limit 1) as retrofit_phase,
  p.id as profile_id, p.living_arrangement,
  (select a.level from elderly_care.capability_assessments a where a.profile_id = p.id order by a.assessed_at desc, a.id desc limit 1) as capability_level,
  (select mpt.name from elderly_care.meal_plans mp join elderly_care.meal_points mpt on mpt.id = mp.meal_point_id where mp.profile_id = p.id limit 1) as meal_point,
  (select v.visited_at::text from elderly_care.care_visits v where v.profile_id = p.id order by v.visited_at desc, v.id desc limit 1) as visited_at,
  (select coalesce(json_agg(json_build_array(d.kind, d.battery_percent) order by d.kind, d.id), '[]') from safety.devices d where d.household_id = h.id) as devices`;

interface ResidentRow {
  id: string;
  name: string;
  birth_date: string;
  phone: string | null;
  address: string;
  building_id: string;
  retrofit_phase: string | null;
  profile_id: string | null;
  living_arrangement: string | null;
  capability_level: string | null;
  meal_point: string | null;
  visited_at: string | null;
  devices: [string, number][];
}

const devicesOf = (row: ResidentRow) => row.devices.map(([kind, batteryPercent]) => ({ kind, batteryPercent }));
const retrofitOf = (row: ResidentRow) => (row.retrofit_phase ? { phase: row.retrofit_phase } : null);
const mealPlanOf = (row: ResidentRow) => (row.meal_point ? { point: { name: row.meal_point } } : null);
const lastVisitOf = (row: ResidentRow) => (row.visited_at ? { visitedAt: iso(row.visited_at) } : null);

async function residentOverview(variables: { id: string }) {
  statements++;
  const [row] = await sql<(ResidentRow & { grid_name: string; workers: [string, string | null][]; reports: [string, string][] })[]>`
    select ${RESIDENT_COLUMNS}, g.name as grid_name,
      (select coalesce(json_agg(json_build_array(w.name, w.phone) order by w.role, w.id), '[]') from (
        select w.* from community.grid_assignments ga join community.grid_workers w on w.id = ga.grid_worker_id
        where ga.grid_id = g.id order by w.role, w.id limit 5) w) as workers,
      (select coalesce(json_agg(json_build_array(i.category, i.status) order by i.id), '[]') from (
        select i.id, i.category, i.status from environment.environment_issues i where i.reporter_resident_id = r.id order by i.id limit 5) i) as reports
    from community.residents r
    join community.households h on h.id = r.household_id
    join community.buildings b on b.id = h.building_id
    join community.compounds c on c.id = b.compound_id
    join community.grids g on g.id = b.grid_id
    left join elderly_care.elderly_profiles p on p.resident_id = r.id
    where r.id = ${variables.id}`;
  if (!row) return { data: { resident: null } };
  return {
    data: {
      resident: {
        id: row.id,
        name: row.name,
        age: ageOn(row.birth_date),
        phone: row.phone,
        household: { address: row.address, building: { id: row.building_id, elevatorRetrofit: retrofitOf(row) } },
        grid: { name: row.grid_name, workers: { edges: row.workers.map(([name, phone]) => ({ node: { name, phone } })) } },
        elderlyCare: row.profile_id
          ? { capabilityLevel: row.capability_level, livingArrangement: row.living_arrangement, mealPlan: mealPlanOf(row), lastVisit: lastVisitOf(row) }
          : null,
        safetyDevices: devicesOf(row),
        environmentReports: { edges: row.reports.map(([category, status]) => ({ node: { category, status } })) },
      },
    },
  };
}

async function gridResidents(variables: { grid: string; first: number }) {
  statements++;
  const rows = await sql<(ResidentRow & { grid_name: string; first_report: string | null })[]>`
    select g.name as grid_name, ${RESIDENT_COLUMNS},
      (select i.category from environment.environment_issues i where i.reporter_resident_id = r.id order by i.id limit 1) as first_report
    from community.grids g
    left join community.buildings b on b.grid_id = g.id
    left join community.compounds c on c.id = b.compound_id
    left join community.households h on h.building_id = b.id
    left join community.residents r on r.household_id = h.id and r.deregistered_at is null
    left join elderly_care.elderly_profiles p on p.resident_id = r.id
    where g.id = ${variables.grid}
    order by r.id nulls first
    limit ${variables.first + 1}`;
  if (rows.length === 0) return { data: { grid: null } };
  const residents = rows.filter((row) => row.id !== null).slice(0, variables.first);
  return {
    data: {
      grid: {
        name: rows[0]!.grid_name,
        residents: {
          edges: residents.map((row) => ({
            node: {
              id: row.id,
              name: row.name,
              age: ageOn(row.birth_date),
              household: { address: row.address, building: { elevatorRetrofit: retrofitOf(row) } },
              elderlyCare: row.profile_id ? { livingArrangement: row.living_arrangement, mealPlan: mealPlanOf(row), lastVisit: lastVisitOf(row) } : null,
              safetyDevices: devicesOf(row),
              environmentReports: { edges: row.first_report ? [{ node: { category: row.first_report } }] : [] },
            },
          })),
        },
      },
    },
  };
}

const OPERATIONS: Record<string, (variables: never) => Promise<unknown>> = {
  BenchResidentOverview: residentOverview,
  BenchGridResidents: gridResidents,
};

const server = http.createServer(async (req, res) => {
  if (req.method === 'GET') {
    res.end(JSON.stringify({ statements }));
    return;
  }
  try {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const { query, variables } = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { query: string; variables: never };
    const name = /^\s*(?:query|mutation)\s+(\w+)/.exec(query)?.[1] ?? '';
    const answer = OPERATIONS[name];
    if (!answer) throw new Error(`the limit does not know operation "${name}"`);
    const body = JSON.stringify(await answer(variables));
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
    res.end(`${body}\n`); // as Apollo Server ends its answers
  } catch (error) {
    res.writeHead(500, { 'content-type': 'application/json; charset=utf-8' });
    res.end(JSON.stringify({ errors: [{ message: error instanceof Error ? error.message : String(error) }] }));
  }
});
server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => process.stdout.write(`${(server.address() as AddressInfo).port}\n`));
process.on('SIGTERM', () => {
  server.close();
  void sql.end({ timeout: 1 }).then(() => process.exit(0));
});
