import http from 'node:http';
import type { AddressInfo } from 'node:net';
import postgres from 'postgres';
import { dayOf } from '../../services/kit/dates';
import { requestDigest, requestOf } from '../../services/kit/idempotency';
import { checkServiceDay } from '../../services/elderly-care/rules/meal-pricing';

/**
 * The limit, in its own process: plain node:http and postgres.js answering the benchmark's operations with ONE
 * hand-written SQL statement each (prepared, JSON assembled in PostgreSQL where that saves work) and the same JSON the
 * gateway returns, byte for byte. No GraphQL, no federation, no access rules: what OneGrid's cost is measured against.
 * Started by run.ts with DATABASE_URL; prints its port on stdout.
 *
 * The writes (c) go to the same tables OneGrid writes, so the bench checks both the same way, and follow the same
 * business rules with the same userError codes and fields (the wording is not compared), each in ONE statement: a
 * CTE that reads what the rules need, writes, and returns what the answer needs. What one statement cannot do: lock
 * an elder's or a point's row before counting their orders (a statement reads from the snapshot it started with), so
 * under concurrent orders for one elder and day the limit may exceed the caps OneGrid enforces; nor see the row of a
 * retry's first request that committed while the retry waited on its key (a second statement then reads it, as the
 * bench's retries found); it does not take the consent's lock (no close races it in the bench); and it trusts the
 * token's `sub` unverified.
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

/** The mutation convention's answer: the entity, or null and the userError (code and input path). */
const payload = (name: string, field: string, input: { clientMutationId?: string }, entity: object | null, error?: { code: string; field: string | null }) => ({
  data: {
    [name]: {
      [field]: error ? null : entity,
      userErrors: error ? [{ code: error.code, field: error.field === null ? null : ['input', error.field] }] : [],
      clientMutationId: input.clientMutationId ?? null,
    },
  },
});
const mealOrderOf = (o: Record<string, unknown>) => ({
  id: o.id,
  servedOn: o.served_on,
  mode: o.mode,
  status: o.status,
  listPriceCents: o.list_price_cents,
  governmentSubsidyCents: o.government_subsidy_cents,
  operatorDiscountCents: o.operator_discount_cents,
  elderPaysCents: o.elder_pays_cents,
});
const MEAL_ORDERS_PER_ELDER_PER_DAY = Number(process.env.MEAL_ORDERS_PER_ELDER_PER_DAY ?? 3);

interface MealOrderInput {
  residentId: string;
  servedOn: string;
  mode?: string;
  idempotencyKey?: string;
  clientMutationId?: string;
}

/** The order a key created, with the digest of the input it was created with. */
const priorOrder = (scope: string, key: string) => sql`
  select k.request_hash, o.id, o.served_on, o.mode, o.status, o.list_price_cents, o.government_subsidy_cents, o.operator_discount_cents, o.elder_pays_cents
  from elderly_care.idempotency_keys k join elderly_care.meal_orders o on o.id = k.result_id where k.scope = ${scope} and k.key = ${key}`;

/** Nothing created and no earlier order seen: a first request with this key may have committed after the statement began. */
async function priorOrderNow(scope: string, key: string) {
  statements++;
  const [prior] = await sql<(Record<string, unknown> & { request_hash: string })[]>`
    select row_to_json(prior) as prior from (${priorOrder(scope, key)}) prior`;
  return (prior?.prior as (Record<string, unknown> & { request_hash: string }) | undefined) ?? null;
}

/** placeMealOrder: the elder's plan and point, the day's counts, the subsidy rule, the key claimed and the order, at once. */
async function placeMealOrder(variables: { input: MealOrderInput }, actor: string) {
  const { input } = variables;
  const answer = (order: object | null, error?: { code: string; field: string | null }) => payload('placeMealOrder', 'mealOrder', input, order, error);
  let dayOk = true;
  try {
    checkServiceDay(input.servedOn, dayOf(new Date()));
  } catch {
    dayOk = false;
  }
  const scope = `placeMealOrder:${actor}`;
  const key = input.idempotencyKey ?? crypto.randomUUID();
  const hash = requestDigest(requestOf(input));
  statements++;
  const [row] = await sql<
    { elder: boolean; closed: boolean; plan: boolean; paused: boolean; undeliverable: boolean; for_elder: number; at_point: number; capacity: number; created: Record<string, unknown> | null; prior: (Record<string, unknown> & { request_hash: string }) | null }[]
  >`
    with input as (select ${input.residentId}::text as resident_id, ${dayOk ? input.servedOn : '1970-01-01'}::date as served_on, ${input.mode ?? null}::elderly_care.meal_order_mode as mode),
    elder as (
      select p.id, p.closed_at, p.care_tags, p.birth_date, mp.id as plan_id, mp.paused_at, mp.meal_point_id, coalesce(i.mode, mp.mode) as mode,
        pt.daily_capacity, pt.offers_delivery, pt.meal_price_cents
      from input i join elderly_care.elderly_profiles p on p.resident_id = i.resident_id
      left join elderly_care.meal_plans mp on mp.profile_id = p.id
      left join elderly_care.meal_points pt on pt.id = mp.meal_point_id),
    day as (
      select count(*) filter (where o.meal_point_id = e.meal_point_id)::int as at_point,
        count(*) filter (where o.profile_id = e.id and o.subsidy_rule_id is not null)::int as subsidised,
        count(*) filter (where o.profile_id = e.id)::int as for_elder
      from elder e join input i on true
      join elderly_care.meal_orders o on o.served_on = i.served_on and o.status <> 'CANCELLED' and (o.meal_point_id = e.meal_point_id or o.profile_id = e.id)),
    ok as (
      select e.* from elder e, day d
      where ${dayOk} and e.closed_at is null and e.plan_id is not null and e.paused_at is null and not (e.mode = 'DELIVERY' and not e.offers_delivery)
        and d.for_elder < ${MEAL_ORDERS_PER_ELDER_PER_DAY} and d.at_point < e.daily_capacity),
    rule as (
      select r.id, least(r.government_cents, e.meal_price_cents) as government, least(r.operator_discount_cents, e.meal_price_cents - least(r.government_cents, e.meal_price_cents)) as operator
      from ok e, day d, input i, elderly_care.subsidy_rules r
      where r.active and d.subsidised < r.daily_cap and (r.target_group::text = any(e.care_tags::text[])
        or (r.target_group = 'AGE_80_PLUS' and extract(year from age(i.served_on, e.birth_date)) >= 80)
        or (r.target_group = 'AGE_60_PLUS' and extract(year from age(i.served_on, e.birth_date)) >= 60))
      order by r.government_cents desc, r.operator_discount_cents desc, r.id collate "C" limit 1),
    new as (select gen_random_uuid()::text as id from ok),
    claim as (
      insert into elderly_care.idempotency_keys (scope, key, request_hash, result_id) select ${scope}, ${key}, ${hash}, new.id from new
      on conflict do nothing returning result_id),
    created as (
      insert into elderly_care.meal_orders (id, profile_id, meal_point_id, served_on, mode, list_price_cents, government_subsidy_cents, operator_discount_cents, elder_pays_cents, subsidy_rule_id)
      select c.result_id, e.id, e.meal_point_id, i.served_on, e.mode, e.meal_price_cents, coalesce(r.government, 0), coalesce(r.operator, 0),
        e.meal_price_cents - coalesce(r.government, 0) - coalesce(r.operator, 0), r.id
      from claim c cross join ok e cross join input i left join rule r on true
      returning id, served_on, mode, status, list_price_cents, government_subsidy_cents, operator_discount_cents, elder_pays_cents)
    select exists (select from elder) as elder, exists (select from elder where closed_at is not null) as closed,
      exists (select from elder where plan_id is not null) as plan, exists (select from elder where paused_at is not null) as paused,
      exists (select from elder where mode = 'DELIVERY' and not offers_delivery) as undeliverable,
      (select for_elder from day) as for_elder, (select at_point from day) as at_point, (select daily_capacity from elder) as capacity,
      (select row_to_json(created) from created) as created,
      (select row_to_json(prior) from (${priorOrder(scope, key)}) prior) as prior`;
  // The resolver's order of checks: the elder, open, the day, the plan, paused, delivery, the key, the caps.
  if (!row!.elder) return answer(null, { code: 'NOT_FOUND', field: 'residentId' });
  if (row!.closed) return answer(null, { code: 'BAD_USER_INPUT', field: 'residentId' });
  if (!dayOk) return answer(null, { code: 'BAD_USER_INPUT', field: 'servedOn' });
  if (!row!.plan || row!.paused) return answer(null, { code: 'BAD_USER_INPUT', field: 'residentId' });
  if (row!.undeliverable) return answer(null, { code: 'BAD_USER_INPUT', field: 'mode' });
  if (row!.created) return answer(mealOrderOf(row!.created));
  const prior = row!.prior ?? (await priorOrderNow(scope, key));
  if (prior) return prior.request_hash === hash ? answer(mealOrderOf(prior)) : answer(null, { code: 'CONFLICT', field: 'idempotencyKey' });
  return answer(null, { code: 'CONFLICT', field: 'servedOn' });
}

interface VoteInput {
  retrofitId: string;
  householdId: string;
  choice: string;
  method?: string;
  clientMutationId?: string;
}

/** castConsentVote as housing staff records a ballot: the consent, the roll, the vote upserted and its history row. */
async function castConsentVote(variables: { input: VoteInput }, actor: string) {
  const { input } = variables;
  const answer = (vote: object | null, error?: { code: string; field: string | null }) => payload('castConsentVote', 'consentVote', input, vote, error);
  if (input.method === 'ONLINE') return answer(null, { code: 'BAD_USER_INPUT', field: 'method' });
  statements++;
  const [row] = await sql<{ retrofit: boolean; status: string | null; on_roll: boolean; vote: Record<string, unknown> | null }[]>`
    with consent as (select c.id, c.status from housing.consents c where c.retrofit_id = ${input.retrofitId} limit 1),
    roll as (select from housing.roll_entries r join consent c on r.consent_id = c.id where r.household_id = ${input.householdId}),
    vote as (
      insert into housing.consent_votes (consent_id, household_id, choice, method, cast_by)
      select c.id, ${input.householdId}, ${input.choice}::housing.vote_choice, ${input.method ?? 'WRITTEN'}::housing.vote_method, ${actor}
      from consent c where c.status = 'OPEN' and exists (select from roll)
      on conflict (consent_id, household_id) do update set choice = excluded.choice, method = excluded.method, cast_by = excluded.cast_by,
        cast_at = now(), revision = housing.consent_votes.revision + 1
      returning *),
    history as (
      insert into housing.consent_vote_history (consent_id, household_id, choice, method, revision, cast_by, cast_at)
      select consent_id, household_id, choice, method, revision, cast_by, cast_at from vote)
    select exists (select from housing.elevator_retrofits where id = ${input.retrofitId}) as retrofit, (select status from consent) as status,
      exists (select from roll) as on_roll, (select row_to_json(vote) from vote) as vote`;
  if (!row!.retrofit) return answer(null, { code: 'NOT_FOUND', field: 'retrofitId' });
  if (!row!.status) return answer(null, { code: 'BAD_USER_INPUT', field: 'retrofitId' });
  if (row!.status !== 'OPEN') return answer(null, { code: 'CONFLICT', field: null });
  if (!row!.on_roll) return answer(null, { code: 'BAD_USER_INPUT', field: 'householdId' });
  const vote = row!.vote!;
  return answer({ id: `${vote.consent_id as string}:${vote.household_id as string}`, choice: vote.choice, method: vote.method, revision: vote.revision });
}

interface AlarmInput {
  deviceId: string;
  kind: string;
  idempotencyKey: string;
  clientMutationId?: string;
}

/** raiseAlarm: once per device and key, as the unique index decides; a retry gets the first alarm. */
async function raiseAlarm(variables: { input: AlarmInput }) {
  const { input } = variables;
  const answer = (alarm: object | null, error?: { code: string; field: string | null }) => payload('raiseAlarm', 'alarm', input, alarm, error);
  statements++;
  const [row] = await sql<{ device: boolean; alarm: { id: string; kind: string; status: string; version: number } | null }[]>`
    with device as (select id, household_id from safety.devices where id = ${input.deviceId}),
    created as (
      insert into safety.alarms (device_id, household_id, kind, idempotency_key)
      select id, household_id, ${input.kind}::safety.alarm_kind, ${input.idempotencyKey} from device
      on conflict (device_id, idempotency_key) do nothing returning id, kind, status, version)
    select exists (select from device) as device, coalesce(
      (select row_to_json(created) from created),
      (select row_to_json(a) from (select id, kind, status, version from safety.alarms where device_id = ${input.deviceId} and idempotency_key = ${input.idempotencyKey}) a)) as alarm`;
  if (!row!.device) return answer(null, { code: 'NOT_FOUND', field: 'deviceId' });
  let alarm = row!.alarm;
  if (!alarm) {
    // The key's first request committed after this statement began: its alarm is there now.
    statements++;
    [alarm] = await sql<{ id: string; kind: string; status: string; version: number }[]>`
      select id, kind, status, version from safety.alarms where device_id = ${input.deviceId} and idempotency_key = ${input.idempotencyKey}`;
  }
  if (!alarm) throw new Error(`alarm of device ${input.deviceId} with key ${input.idempotencyKey} neither inserted nor found`);
  if (alarm.kind !== input.kind) return answer(null, { code: 'CONFLICT', field: 'idempotencyKey' });
  return answer({ id: alarm.id, kind: alarm.kind, status: alarm.status, version: alarm.version });
}

/** The token's `sub`, read, not verified: the limit measures the work, not the checks (see above). */
const actorOf = (authorization: string | undefined) =>
  (JSON.parse(Buffer.from(authorization?.split('.')[1] ?? '', 'base64url').toString('utf8') || '{}') as { sub?: string }).sub ?? 'unknown';

const OPERATIONS: Record<string, (variables: never, actor: string) => Promise<unknown>> = {
  BenchResidentOverview: residentOverview,
  BenchGridResidents: gridResidents,
  BenchPlaceMealOrder: placeMealOrder,
  BenchCastConsentVote: castConsentVote,
  BenchRaiseAlarm: raiseAlarm,
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
    const body = JSON.stringify(await answer(variables, actorOf(req.headers.authorization)));
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
