import type postgres from 'postgres';
import { addDays, dayOf } from '../../services/kit/dates';
import { CAST_CONSENT_VOTE, PLACE_MEAL_ORDER, RAISE_ALARM } from './operations';

/**
 * (c) the write mix: its bodies, what a run wrote, and the check that the rows written are exactly the acknowledged
 * successes. Every body is a template whose `@KEY@` becomes `<run tag>-<n>` for the n-th request of a run: the
 * idempotency key of meal orders and alarms, and the clientMutationId of all three (echoed back, so each answer is
 * matched to its request). Votes have no idempotency key in the API (a re-vote replaces the household's vote and adds
 * a revision); they are counted by the run's actor, the token's `sub`, which castConsentVote records as `cast_by`.
 */
export const KEY = '@KEY@';
export const keyed = (template: string, key: string) => template.replaceAll(KEY, key);

export type WriteKind = 'mealOrder' | 'consentVote' | 'alarm';
const KINDS: Record<string, WriteKind> = { BenchPlaceMealOrder: 'mealOrder', BenchCastConsentVote: 'consentVote', BenchRaiseAlarm: 'alarm' };
export const kindOf = (body: string): WriteKind => KINDS[/(BenchPlaceMealOrder|BenchCastConsentVote|BenchRaiseAlarm)/.exec(body)![1]!]!;

/** What the mix draws from: elders with a meal plan, days open for orders, the open consent's roll, devices. */
export interface WriteSeed {
  elders: string[];
  days: string[];
  ballots: { retrofitId: string; householdId: string }[];
  devices: string[];
}

/**
 * The seeded rows the mix writes against. Days from today + 2 (the seed orders meals up to tomorrow, and a run across
 * midnight UTC must not fall out of the 14-day window) to today + 13: about 1,500 elders × 12 days keeps the per-elder
 * cap and the points' capacities from refusing more than a few orders.
 */
export async function writeSeedOf(sql: postgres.Sql): Promise<WriteSeed> {
  const today = dayOf(new Date());
  const elders = await sql<{ id: string }[]>`
    select p.resident_id as id from elderly_care.elderly_profiles p
    join elderly_care.meal_plans mp on mp.profile_id = p.id
    where p.closed_at is null and mp.paused_at is null order by 1`;
  const ballots = await sql<{ retrofitId: string; householdId: string }[]>`
    select c.retrofit_id as "retrofitId", r.household_id as "householdId" from housing.consents c
    join housing.roll_entries r on r.consent_id = c.id where c.status = 'OPEN' order by 1, 2`;
  const devices = await sql<{ id: string }[]>`select id from safety.devices order by id`;
  return {
    elders: elders.map((r) => r.id),
    days: Array.from({ length: 12 }, (_, i) => addDays(today, i + 2)),
    ballots: [...ballots],
    devices: devices.map((r) => r.id),
  };
}

const CHOICES = ['AGREE', 'DISAGREE', 'ABSTAIN'] as const;
const ALARM_KINDS = ['SOS', 'SMOKE', 'GAS', 'DEVICE_OFFLINE'] as const;

const body = (query: string, input: object) => JSON.stringify({ query, variables: { input: { ...input, clientMutationId: KEY } } });

/** `count` templates, a third of each kind in a seeded order, each naming a drawn elder and day, ballot or device. */
export function drawWrites(draw: () => number, seed: WriteSeed, count: number): string[] {
  const one = <T>(values: readonly T[]) => values[Math.floor(draw() * values.length)]!;
  return Array.from({ length: count }, () => {
    const kind = Math.floor(draw() * 3);
    if (kind === 0) return body(PLACE_MEAL_ORDER, { residentId: one(seed.elders), servedOn: one(seed.days), idempotencyKey: KEY });
    if (kind === 1) return body(CAST_CONSENT_VOTE, { ...one(seed.ballots), choice: one(CHOICES) });
    return body(RAISE_ALARM, { deviceId: one(seed.devices), kind: one(ALARM_KINDS), idempotencyKey: KEY });
  });
}

/** Writes the rules refuse, so the pre-measure comparison covers the userErrors too. */
export function refusedWrites(seed: WriteSeed): string[] {
  return [
    body(PLACE_MEAL_ORDER, { residentId: seed.elders[0], servedOn: addDays(seed.days[0]!, 30), idempotencyKey: KEY }),
    body(PLACE_MEAL_ORDER, { residentId: 'resident-unknown', servedOn: seed.days[0], idempotencyKey: KEY }),
    body(CAST_CONSENT_VOTE, { retrofitId: seed.ballots[0]!.retrofitId, householdId: 'household-unknown', choice: 'AGREE' }),
    body(RAISE_ALARM, { deviceId: 'device-unknown', kind: 'SOS', idempotencyKey: KEY }),
  ];
}

/** One answer: its key (the clientMutationId), and the id written or the userError's code; undefined for an error. */
export function outcomeOf(answer: string): { key: string; id?: string; code?: string } | undefined {
  const parsed = JSON.parse(answer) as { data?: Record<string, Record<string, unknown> | null>; errors?: unknown };
  const payload = parsed.data && Object.values(parsed.data)[0];
  if (parsed.errors || !payload) return undefined;
  const key = payload.clientMutationId as string;
  const userErrors = payload.userErrors as { code: string }[];
  if (userErrors.length) return { key, code: userErrors[0]!.code };
  const written = Object.entries(payload).find(([field]) => field !== 'userErrors' && field !== 'clientMutationId')?.[1] as { id: string } | null;
  return written ? { key, id: written.id } : undefined;
}

/** What a load run saw of its writes: requests sent (keys `<tag>-0` … `<tag>-<issued - 1>`), successes, userErrors. */
export interface WriteTally {
  issued: number;
  /** key → id of what was written. */
  acked: Record<string, string>;
  /** key → userError code. */
  rejected: Record<string, string>;
}

/** The rows a run left, as read back from the database. */
export interface WrittenRows {
  /** Meal orders and alarms created since the run began, with the key that created each (null: none did). */
  keyed: { kind: 'mealOrder' | 'alarm'; id: string; key: string | null }[];
  /** Vote history rows cast by the run's actor. */
  voteHistory: number;
  /** The votes' revisions added since the write phase began (current revision − revision before, over the roll). */
  voteRevisions: number;
}

export interface WriteFigures {
  acked: Record<WriteKind, number>;
  rejected: Record<WriteKind, number>;
  /** Keyed writes cut off by the end of the run or answered with an error, sent again with their key. */
  retried: number;
  /** Acknowledged keyed writes sent again: each must answer the same id and write nothing. */
  replayed: number;
  rows: { mealOrder: number; alarm: number; voteHistory: number; voteRevisions: number };
  lost: number;
  doubled: number;
  /** Votes still unanswered when the run ended: counted or not, they bound the vote figures. */
  votesCutOff: number;
  problems: string[];
}

/**
 * The check: every acknowledged meal order and alarm is stored exactly once, under its key, with the id the answer
 * gave (none lost); nothing else was created (none doubled); every acknowledged vote is one history row and one
 * revision, give or take the votes the end of the run cut off (votes carry no key to tell those apart).
 */
export function checkWrites(tally: WriteTally, kinds: Map<string, WriteKind>, rows: WrittenRows, extra: { retried: number; replayed: number; votesCutOff: number }): WriteFigures {
  const count = (keys: string[]) => {
    const byKind: Record<WriteKind, number> = { mealOrder: 0, consentVote: 0, alarm: 0 };
    for (const key of keys) byKind[kinds.get(key)!]++;
    return byKind;
  };
  const acked = count(Object.keys(tally.acked));
  const problems: string[] = [];
  const stored = new Map<string, string[]>();
  for (const row of rows.keyed) stored.set(row.id, [...(stored.get(row.id) ?? []), row.key ?? '(no key)']);
  let lost = 0;
  for (const [key, id] of Object.entries(tally.acked)) {
    if (kinds.get(key) === 'consentVote') continue;
    const keys = stored.get(id);
    if (!keys?.includes(key)) {
      lost++;
      if (problems.length < 5) problems.push(`${key}: acknowledged as ${id}, not stored under that key`);
    }
  }
  const ackedIds = new Set(Object.entries(tally.acked).filter(([key]) => kinds.get(key) !== 'consentVote').map(([, id]) => id));
  let doubled = 0;
  for (const row of rows.keyed) {
    if (!ackedIds.has(row.id)) {
      doubled++;
      if (problems.length < 10) problems.push(`${row.kind} ${row.id} (key ${row.key}) stored but never acknowledged`);
    }
  }
  const votes = acked.consentVote;
  for (const [name, stored] of [['vote history rows', rows.voteHistory], ['vote revisions', rows.voteRevisions]] as const) {
    if (stored < votes) {
      lost += votes - stored;
      problems.push(`${votes} votes acknowledged, ${stored} ${name}`);
    } else if (stored > votes + extra.votesCutOff) {
      doubled += stored - votes - extra.votesCutOff;
      problems.push(`${votes} votes acknowledged (+ at most ${extra.votesCutOff} cut off), ${stored} ${name}`);
    }
  }
  return {
    acked,
    rejected: count(Object.keys(tally.rejected)),
    ...extra,
    rows: {
      mealOrder: rows.keyed.filter((r) => r.kind === 'mealOrder').length,
      alarm: rows.keyed.filter((r) => r.kind === 'alarm').length,
      voteHistory: rows.voteHistory,
      voteRevisions: rows.voteRevisions,
    },
    lost,
    doubled,
    problems,
  };
}

/**
 * Where the write phase keeps what it resets to: the open consent's votes as seeded. Everything else it writes is
 * new rows, told apart by their timestamps.
 */
export async function snapshotWrites(sql: postgres.Sql): Promise<Date> {
  await sql`create table bench_consent_votes as select * from housing.consent_votes`;
  return (await sql<{ now: Date }[]>`select clock_timestamp() as now`)[0]!.now;
}

/** Waits (up to 10 s) until no other session of the database is inside a statement or a transaction: late writes land first. */
export async function quiesce(sql: postgres.Sql): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    const [busy] = await sql<{ n: number }[]>`
      select count(*)::int as n from pg_stat_activity
      where datname = current_database() and pid <> pg_backend_pid() and state in ('active', 'idle in transaction')`;
    if (busy!.n === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** The rows written since `since` (a run's start), the votes by `actor`, the revisions added since the phase began. */
export async function writtenRows(sql: postgres.Sql, since: Date, actor: string): Promise<WrittenRows> {
  const keyed = await sql<WrittenRows['keyed']>`
    select 'mealOrder' as kind, o.id, k.key from elderly_care.meal_orders o
      left join elderly_care.idempotency_keys k on k.result_id = o.id and k.scope like 'placeMealOrder:%'
      where o.created_at >= ${since}
    union all
    select 'alarm', a.id, a.idempotency_key from safety.alarms a where a.raised_at >= ${since}`;
  const [votes] = await sql<{ history: number; revisions: number }[]>`
    select (select count(*)::int from housing.consent_vote_history where cast_by = ${actor}) as history,
      (select coalesce(sum(v.revision - coalesce(b.revision, 0)), 0)::int from housing.consent_votes v
        left join bench_consent_votes b using (consent_id, household_id)) as revisions`;
  return { keyed: [...keyed], voteHistory: votes!.history, voteRevisions: votes!.revisions };
}

/** Back to the seeded state: what the write phase created since `since` goes, the votes are restored. */
export async function resetWrites(sql: postgres.Sql, since: Date): Promise<void> {
  await quiesce(sql);
  await sql.begin(async (tx) => {
    await tx`delete from safety.alarm_transitions where alarm_id in (select id from safety.alarms where raised_at >= ${since})`;
    await tx`delete from safety.alarms where raised_at >= ${since}`;
    await tx`delete from elderly_care.meal_orders where created_at >= ${since}`;
    await tx`delete from elderly_care.idempotency_keys where created_at >= ${since}`;
    await tx`delete from housing.consent_vote_history where cast_at >= ${since}`;
    await tx`delete from housing.consent_votes`;
    await tx`insert into housing.consent_votes select * from bench_consent_votes`;
  });
}

/**
 * After a run: what a client would do next, then the check. Every keyed write the run left unanswered (cut off by its
 * end, or answered with an error) is sent again with its key, as a client retries; the first three acknowledged meal
 * orders and alarms are replayed, and must answer the same id. Unanswered votes are not resent (a vote again is a
 * re-vote): they bound the vote figures instead. Then, once the database is quiet, the rows are counted.
 */
export async function settleWrites(options: {
  send: (body: string) => Promise<string>;
  templates: string[];
  tag: string;
  tally: WriteTally;
  sql: postgres.Sql;
  since: Date;
  actor: string;
}): Promise<WriteFigures> {
  const { send, templates, tag, tally } = options;
  const kinds = new Map<string, WriteKind>();
  const bodyOf = (n: number) => keyed(templates[n % templates.length]!, `${tag}-${n}`);
  const problems: string[] = [];
  let retried = 0;
  let votesCutOff = 0;
  for (let n = 0; n < tally.issued; n++) {
    const key = `${tag}-${n}`;
    const kind = kindOf(templates[n % templates.length]!);
    kinds.set(key, kind);
    if (key in tally.acked || key in tally.rejected) continue;
    if (kind === 'consentVote') {
      votesCutOff++;
      continue;
    }
    retried++;
    const answer = await send(bodyOf(n));
    const outcome = outcomeOf(answer);
    if (outcome?.id) tally.acked[key] = outcome.id;
    else if (outcome?.code) tally.rejected[key] = outcome.code;
    else problems.push(`${key}: the retry answered ${answer.slice(0, 300)}`);
  }
  let replayed = 0;
  for (const kind of ['mealOrder', 'alarm'] as const) {
    for (const [key, id] of Object.entries(tally.acked).filter(([k]) => kinds.get(k) === kind).slice(0, 3)) {
      replayed++;
      const again = outcomeOf(await send(bodyOf(Number(key.slice(tag.length + 1)))));
      if (again?.id !== id) problems.push(`${key}: acknowledged as ${id}, its replay answered ${JSON.stringify(again)}`);
    }
  }
  await quiesce(options.sql);
  const figures = checkWrites(tally, kinds, await writtenRows(options.sql, options.since, options.actor), { retried, replayed, votesCutOff });
  figures.problems.unshift(...problems);
  return figures;
}

/** The check's figures on one line, for the log and the results. */
export function describeWrites(f: WriteFigures): string {
  const kinds = (counts: Record<WriteKind, number>) => `${counts.mealOrder} meal orders, ${counts.consentVote} votes, ${counts.alarm} alarms`;
  return (
    `acknowledged ${kinds(f.acked)}; userErrors ${kinds(f.rejected)}; retried ${f.retried}, replayed ${f.replayed}; ` +
    `rows: ${f.rows.mealOrder} meal orders, ${f.rows.alarm} alarms, ${f.rows.voteHistory} vote history rows, ${f.rows.voteRevisions} revisions` +
    `${f.votesCutOff ? ` (${f.votesCutOff} votes cut off)` : ''}; lost ${f.lost}, doubled ${f.doubled}`
  );
}
