import 'reflect-metadata';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import postgres from 'postgres';
import { signToken } from '../../services/kit/auth';
import { envPrefix, loadConfig, SERVICE_PORTS } from '../../services/kit/config';
import { SUBGRAPHS } from '../../services';
import { createThrowawayDatabase } from '../support/database';
import { memoryMb } from '../support/process-memory';
import { GRID_RESIDENTS, RESIDENT_OVERVIEW } from './operations';
import { describeWrites, drawWrites, keyed, kindOf, refusedWrites, resetWrites, settleWrites, snapshotWrites, writeSeedOf, type WriteFigures, type WriteTally } from './writes';

/**
 * `npm run bench`: OneGrid against the limit, side by side, on PostgreSQL with the demo district.
 * Targets: the production layout (every subgraph and the gateway in its own process), the one-process layout
 * (`npm start`: the gateway executes the subgraphs in-process) and the limit (limit.ts, its own process). Load comes
 * from autocannon in a child process per run; targets are interleaved (A B C A B C …), BENCH_REPS times, medians kept.
 * Residents and grids are drawn from a fixed seed. JSON on stdout, a table on stderr, both in test/bench/results/.
 * (c) `writeMix` (writes.ts) runs last, and every write run is followed by its check (the rows written are exactly the
 * acknowledged successes, or the bench fails) and a reset to the seeded rows, so reads never meet a grown database
 * and every write run starts from the same state. The bench's processes allow 10 meal orders per elder and day
 * (MEAL_ORDERS_PER_ELDER_PER_DAY, default 3) so that a drawn elder and day repeating in a long run is still accepted.
 * BENCH_SECONDS (default 5), BENCH_REPS (3), BENCH_CONNECTIONS (10); BENCH_OPERATIONS (comma-separated names, default
 * all); BENCH_CPU_PROF=<dir> writes each OneGrid process's CPU profile there (node --cpu-prof; read it with profile.js);
 * BENCH_PORT_OFFSET (default 100): the production layout listens that far above the default ports, the one-process
 * layout 100 further (so two benches on one machine do not collide). BENCH_BASELINE=<another checkout, built> adds a
 * fourth target, `baseline`: that build's one-process layout, 100 ports further, measured in the same run (a change's
 * before and after, side by side); it must have the same migrations.
 */
const seconds = Number(process.env.BENCH_SECONDS ?? 5);
const reps = Number(process.env.BENCH_REPS ?? 3);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 10);
const cpuProfileDir = process.env.BENCH_CPU_PROF;
const only = process.env.BENCH_OPERATIONS?.split(',');
const portOffset = Number(process.env.BENCH_PORT_OFFSET ?? 100);
const baselineRoot = process.env.BENCH_BASELINE ? path.resolve(process.env.BENCH_BASELINE) : undefined;
/** The district's scale: today the demo district as seeded; a larger `seedDistrict({ residents })` plugs in here. */
const SCALE = { district: 'demo' } as const;
const SEED = 20261130;
const dist = path.resolve(__dirname, '../..');
const SERVICES = SUBGRAPHS.map((module) => module.name);
const CLOCK_TICKS_PER_SECOND = 100;
const WRITE_MIX = 'writeMix';
/** For the bench's processes only: see above. */
const MEAL_ORDERS_PER_ELDER_PER_DAY = '10';

type Target = 'production' | 'oneProcess' | 'baseline' | 'limit';
interface Running {
  url: string;
  /** Process name → pid, for CPU and RSS. */
  pids: Record<string, number>;
  /** SQL statements and subgraph fetches so far. */
  counters(): Promise<{ statements: number; fetches: number }>;
}

/** mulberry32: a small PRNG, so every run draws the same residents and grids. */
function random(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};
const round = (value: number, digits = 2) => Number(value.toFixed(digits));

/** The production image's Node options (the Dockerfile's `ENV NODE_OPTIONS`), for the production layout's processes. */
const PRODUCTION_NODE_OPTIONS = (/^ENV NODE_OPTIONS=(.*)$/m.exec(readFileSync(path.join(dist, '..', 'Dockerfile'), 'utf8'))?.[1] ?? '').split(' ').filter(Boolean);

function start(entry: string, env: Record<string, string>, stdout: 'ignore' | 'pipe' = 'ignore', nodeOptions: string[] = [], root = dist): ChildProcess {
  const profile = cpuProfileDir ? ['--cpu-prof', `--cpu-prof-dir=${cpuProfileDir}`, `--cpu-prof-name=${path.basename(entry, '.js')}-${env.BENCH_NAME ?? 'x'}.cpuprofile`] : [];
  const child = spawn(process.execPath, [...nodeOptions, ...(entry.includes('bench') ? [] : profile), path.join(root, entry)], {
    // The pool size passes through, so a bench can compare it (DATABASE_POOL_SIZE=3 npm run bench).
    env: { PATH: process.env.PATH, LOG_LEVEL: 'warn', ...(process.env.DATABASE_POOL_SIZE ? { DATABASE_POOL_SIZE: process.env.DATABASE_POOL_SIZE } : {}), ...env },
    stdio: ['ignore', stdout, 'inherit'],
  });
  child.on('exit', (code) => code && process.stderr.write(`${entry} exited with ${code}\n`));
  return child;
}

async function waitReady(url: string, timeoutMs = 180_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await fetch(url).then((r) => r.ok, () => false)) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${url} did not become ready`);
}

/** The process's user + system CPU time so far, in clock ticks (0 once it is gone). */
function cpuTicks(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return 0;
  }
}

/** `onegrid_sql_statements_total` and the subgraphs' request count from a process's /metrics. */
async function countersAt(port: number) {
  const metrics = await (await fetch(`http://localhost:${port}/metrics`)).text();
  const statements = Number(/^onegrid_sql_statements_total (\d+)/m.exec(metrics)?.[1] ?? 0);
  let fetches = 0;
  for (const match of metrics.matchAll(/^onegrid_graphql_request_duration_seconds_count\{([^}]*)\} (\d+)/gm)) {
    if (!match[1]!.includes('service="gateway"')) fetches += Number(match[2]);
  }
  return { statements, fetches };
}

async function post(url: string, token: string, body: string): Promise<string> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body });
  return response.text();
}

interface LoadResult {
  requests: number;
  rps: number;
  p50: number;
  p99: number;
  failures: number;
  /** Writes answered with a userError (a business refusal, not a failure). */
  userErrors: number;
  writes?: WriteTally;
}

function load(url: string, token: string, bodies: string[], duration: number, keyPrefix?: string): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(dist, 'test/bench/load.js')], { stdio: ['pipe', 'pipe', 'inherit'] });
    const out: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(Buffer.concat(out).toString('utf8')) as LoadResult) : reject(new Error(`load exited with ${code}`))));
    child.stdin.end(JSON.stringify({ url, token, bodies, seconds: duration, connections, keyPrefix }));
  });
}

async function main() {
  if (!process.env.DATABASE_URL) throw new Error('npm run bench measures PostgreSQL: set DATABASE_URL (a server where it may create a throwaway database).');
  const began = Date.now();
  const database = (await createThrowawayDatabase())!;
  const sql = postgres(database.url, { max: 1, onnotice: () => undefined });
  const config = loadConfig({});
  const children: ChildProcess[] = [];
  try {
    // Production layout: one process per subgraph, started in registry order (each seeds its demo rows and may call
    // the ones before it), then the gateway; BENCH_PORT_OFFSET above the default ports.
    const production: Record<string, number> = { gateway: 4000 + portOffset, ...Object.fromEntries(SERVICES.map((name) => [name, SERVICE_PORTS[name] + portOffset])) };
    const oneProcessPorts: Record<string, number> = {
      gateway: 4100 + portOffset,
      ...Object.fromEntries(SERVICES.map((name) => [name, SERVICE_PORTS[name] + portOffset + 100])),
    };
    const envFor = (ports: Record<string, number>, name: string) => {
      const env: Record<string, string> = { DATABASE_URL: database.url, GATEWAY_PORT: String(ports.gateway), BENCH_NAME: name, MEAL_ORDERS_PER_ELDER_PER_DAY };
      for (const service of SERVICES) {
        env[`${envPrefix(service)}_PORT`] = String(ports[service]);
        env[`${envPrefix(service)}_URL`] = `http://localhost:${ports[service]}/graphql`;
      }
      return env;
    };
    const pids: Record<Target, Record<string, number>> = { production: {}, oneProcess: {}, baseline: {}, limit: {} };
    for (const name of SERVICES) {
      const child = start(`services/${name}/main.js`, envFor(production, name), 'ignore', PRODUCTION_NODE_OPTIONS);
      children.push(child);
      pids.production[name] = child.pid!;
      await waitReady(`http://localhost:${production[name]}/readyz`);
    }
    const gateway = start('gateway/main.js', envFor(production, 'gateway'), 'ignore', PRODUCTION_NODE_OPTIONS);
    children.push(gateway);
    pids.production.gateway = gateway.pid!;
    await waitReady(`http://localhost:${production.gateway}/readyz`);

    // One-process layout (`npm start`, with Node's own options): the database is seeded already.
    const oneProcess = start('scripts/start.js', envFor(oneProcessPorts, 'one-process'));
    children.push(oneProcess);
    pids.oneProcess.onegrid = oneProcess.pid!;
    await waitReady(`http://localhost:${oneProcessPorts.gateway}/readyz`);

    // The baseline: another build's one-process layout, 100 ports further.
    const baselinePorts = Object.fromEntries(Object.entries(oneProcessPorts).map(([name, port]) => [name, port + 100]));
    if (baselineRoot) {
      const baseline = start('scripts/start.js', envFor(baselinePorts, 'baseline'), 'ignore', [], path.join(baselineRoot, 'dist'));
      children.push(baseline);
      pids.baseline.onegrid = baseline.pid!;
      await waitReady(`http://localhost:${baselinePorts.gateway}/readyz`);
    }

    const limit = start('test/bench/limit.js', { DATABASE_URL: database.url, MEAL_ORDERS_PER_ELDER_PER_DAY }, 'pipe');
    children.push(limit);
    pids.limit.limit = limit.pid!;
    const limitPort = await new Promise<number>((resolve) => limit.stdout!.once('data', (chunk: Buffer) => resolve(Number(chunk.toString().trim()))));
    const limitUrl = `http://127.0.0.1:${limitPort}/`;

    const targets: Partial<Record<Target, Running>> = {
      production: {
        url: `http://localhost:${production.gateway}/graphql`,
        pids: pids.production,
        counters: async () => {
          const all = await Promise.all(SERVICES.map((name) => countersAt(production[name]!)));
          return { statements: all.reduce((n, c) => n + c.statements, 0), fetches: all.reduce((n, c) => n + c.fetches, 0) };
        },
      },
      oneProcess: { url: `http://localhost:${oneProcessPorts.gateway}/graphql`, pids: pids.oneProcess, counters: () => countersAt(oneProcessPorts.gateway!) },
      ...(baselineRoot ? { baseline: { url: `http://localhost:${baselinePorts.gateway}/graphql`, pids: pids.baseline, counters: () => countersAt(baselinePorts.gateway!) } } : {}),
      limit: {
        url: limitUrl,
        pids: pids.limit,
        counters: async () => ({ statements: ((await (await fetch(limitUrl)).json()) as { statements: number }).statements, fetches: 0 }),
      },
    };
    const token = await signToken(config.auth, { sub: 'bench', roles: ['admin'] });

    // Random residents and grids from a fixed seed, not one hot id.
    const draw = random(SEED);
    const residentIds = (await sql<{ id: string }[]>`select id from community.residents where deregistered_at is null order by id`).map((r) => r.id);
    const gridIds = (await sql<{ id: string }[]>`select distinct grid_id as id from community.buildings order by 1`).map((r) => r.id);
    const pick = (ids: string[], n: number) => Array.from({ length: n }, () => ids[Math.floor(draw() * ids.length)]!);
    const writeSeed = await writeSeedOf(sql);
    const operations = Object.fromEntries(
      Object.entries({
        residentOverview: pick(residentIds, 500).map((id) => JSON.stringify({ query: RESIDENT_OVERVIEW, variables: { id } })),
        gridResidents100: pick(gridIds, 100).map((grid) => JSON.stringify({ query: GRID_RESIDENTS, variables: { grid, first: 100 } })),
        // Long enough that a run does not repeat an elder and day more often than the per-elder cap allows.
        [WRITE_MIX]: drawWrites(draw, writeSeed, 3000),
      }).filter(([name]) => !only || only.includes(name)),
    );

    // Side by side only if every target gives the same answer, byte for byte. One request at a time, the SQL
    // statements and subgraph fetches each costs (counted under load, background work would blur them). Writes: each
    // target writes the same 20 from the seeded state (reset after each target), its own keys, and replays 3 of them,
    // which must answer the same; the random ids of meal orders and alarms, and the keys, are masked.
    const order: Target[] = ['production', 'oneProcess', ...(baselineRoot ? (['baseline'] as const) : []), 'limit'];
    const running = (target: Target) => targets[target]!;
    const perTarget = <T>(make: () => T) => Object.fromEntries(order.map((target) => [target, make()])) as Record<Target, T>;
    const writesSince = operations[WRITE_MIX] ? await snapshotWrites(sql) : undefined;
    const roundTrips: Record<string, Record<Target, { statements: number[]; fetches: number[] }>> = {};
    for (const [name, bodies] of Object.entries(operations)) {
      roundTrips[name] = perTarget(() => ({ statements: [], fetches: [] }));
      const writes = name === WRITE_MIX;
      const answers = perTarget<string[]>(() => []);
      // Writes: the refused ones too, so the userErrors are compared; their cost is left out of the figures.
      const checked = writes ? [...bodies.slice(0, 20), ...refusedWrites(writeSeed)] : bodies.slice(0, 20);
      for (const target of order) {
        const sent = checked.map((body, i) => (writes ? keyed(body, `check-${target}-${i}`) : body));
        const masked = (answer: string) => (writes ? answer.replace(/"id":"[0-9a-f-]{36}"/g, '"id":"…"').replaceAll(`check-${target}-`, 'check-') : answer);
        const raw: string[] = [];
        for (const [i, body] of sent.entries()) {
          const before = await running(target).counters();
          raw.push(await post(running(target).url, token, body));
          answers[target].push(masked(raw.at(-1)!));
          const after = await running(target).counters();
          if (i >= 20) continue;
          roundTrips[name]![target].statements.push(after.statements - before.statements);
          roundTrips[name]![target].fetches.push(after.fetches - before.fetches);
        }
        if (!writes) continue;
        for (const [i, body] of sent.entries()) {
          if (kindOf(body) === 'consentVote' || i > 5) continue; // a vote again is a re-vote, not a replay
          const again = await post(running(target).url, token, body);
          if (again !== raw[i]) throw new Error(`${name}: ${target} answered a replay of ${body.slice(-120)} differently:\n${again}\n${raw[i]}`);
        }
        await resetWrites(sql, writesSince!);
      }
      for (const [i, expected] of answers.limit.entries()) {
        if (expected.includes('"errors"')) throw new Error(`${name}: the limit answered errors: ${expected.slice(0, 500)}`);
        for (const target of order.filter((target) => target !== 'limit')) {
          if (answers[target][i] !== expected) {
            throw new Error(`${name}: ${target}'s answer differs from the limit's for ${checked[i]!.slice(-120)}:\n${answers[target][i]!.slice(0, 800)}\n${expected.slice(0, 800)}`);
          }
        }
      }
    }

    const dbBackends = async () =>
      (await sql<{ pid: number }[]>`select pid from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()`).map((r) => r.pid);
    type Sample = LoadResult & { cpuMsPerRequest: Record<string, number>; loadAverage: number; writeCheck?: WriteFigures };
    const samples: Record<string, Record<Target, Sample[]>> = {};
    // A write run's own actor (`bench-<tag>`, an admin: the one role that may place any elder's order, record a
    // household's ballot and raise any device's alarm), so its votes are counted by `cast_by`; its keys are `<tag>-<n>`.
    const writer = (tag: string) => signToken(config.auth, { sub: `bench-${tag}`, roles: ['admin'] });
    /** The write check after a run (writes.ts): a mismatch fails the bench; then back to the seeded rows. */
    const settle = async (target: Target, tag: string, result: LoadResult, bodies: string[]) => {
      const runToken = await writer(tag);
      const figures = await settleWrites({ send: (body) => post(running(target).url, runToken, body), templates: bodies, tag, tally: result.writes!, sql, since: writesSince!, actor: `bench-${tag}` });
      process.stderr.write(`${WRITE_MIX} ${tag}: ${describeWrites(figures)}\n`);
      if (figures.problems.length || figures.lost || figures.doubled) {
        throw new Error(`${WRITE_MIX} ${tag}: the rows written are not the acknowledged successes:\n${figures.problems.join('\n')}`);
      }
      await resetWrites(sql, writesSince!);
      return figures;
    };
    for (const [name, bodies] of Object.entries(operations)) {
      const writes = name === WRITE_MIX;
      for (const target of order) {
        // warm-up: JIT, pools, plan caches
        const tag = `${target}-warm`;
        const result = await load(running(target).url, writes ? await writer(tag) : token, bodies, 2, writes ? tag : undefined);
        if (writes) await settle(target, tag, result, bodies);
      }
      samples[name] = perTarget<Sample[]>(() => []);
      for (let rep = 0; rep < reps; rep++) {
        for (const target of order) {
          const { url, pids: targetPids } = running(target);
          const tag = `${target}-${rep}`;
          const runToken = writes ? await writer(tag) : token;
          const backends = await dbBackends();
          const cpuBefore = Object.fromEntries(Object.entries(targetPids).map(([p, pid]) => [p, cpuTicks(pid)]));
          const pgBefore = new Map(backends.map((pid) => [pid, cpuTicks(pid)]));
          const result = await load(url, runToken, bodies, seconds, writes ? tag : undefined);
          const pgAfter = (await dbBackends()).reduce((n, pid) => n + cpuTicks(pid) - (pgBefore.get(pid) ?? 0), 0);
          const perRequest = (ticks: number) => round((ticks * 1000) / CLOCK_TICKS_PER_SECOND / Math.max(result.requests, 1), 3);
          const cpuMsPerRequest: Record<string, number> = {};
          for (const [process, pid] of Object.entries(targetPids)) cpuMsPerRequest[process] = perRequest(cpuTicks(pid) - cpuBefore[process]!);
          cpuMsPerRequest.postgres = perRequest(pgAfter);
          const loadAverage = os.loadavg()[0]!;
          samples[name]![target].push({
            ...result,
            writes: undefined,
            cpuMsPerRequest,
            loadAverage,
            // After the figures above: the retries, replays and counting are not part of the run.
            writeCheck: writes ? await settle(target, tag, result, bodies) : undefined,
          });
        }
      }
    }

    const results: Record<string, Record<Target, object>> = {};
    for (const [name, byTarget] of Object.entries(samples)) {
      const limitRps = median(byTarget.limit.map((s) => s.rps));
      results[name] = Object.fromEntries(
        order.map((target) => {
          const runs = byTarget[target];
          const processes = Object.keys(runs[0]!.cpuMsPerRequest);
          return [
            target,
            {
              rps: Math.round(median(runs.map((s) => s.rps))),
              p50: median(runs.map((s) => s.p50)),
              p99: median(runs.map((s) => s.p99)),
              ratioToLimit: round(median(runs.map((s) => s.rps)) / limitRps, 3),
              statementsPerRequest: median(roundTrips[name]![target].statements),
              subgraphFetchesPerRequest: median(roundTrips[name]![target].fetches),
              cpuMsPerRequest: Object.fromEntries(processes.map((p) => [p, round(median(runs.map((s) => s.cpuMsPerRequest[p]!)), 3)])),
              failures: runs.reduce((n, s) => n + s.failures, 0),
              ...(name === WRITE_MIX ? { userErrors: runs.reduce((n, s) => n + s.userErrors, 0), writeChecks: runs.map((s) => s.writeCheck) } : {}),
              // Other work on the machine slows OneGrid's many hops more than the limit's one: shown beside the figures.
              loadAverage: round(median(runs.map((s) => s.loadAverage)), 1),
            },
          ];
        }),
      ) as Record<Target, object>;
    }
    const rss = Object.fromEntries(order.map((target) => [target, Object.fromEntries(Object.entries(pids[target]).map(([p, pid]) => [p, memoryMb(pid).rss]))]));
    const summary = {
      date: new Date().toISOString(),
      machine: { cpus: os.cpus().length, node: process.version, database: 'PostgreSQL', scale: SCALE, residents: residentIds.length },
      load: { seconds, connections, reps, seed: SEED },
      layouts: {
        production: `gateway + ${SERVICES.length} subgraphs, one process each, HTTP between them`,
        oneProcess: 'npm start: gateway and every subgraph in one process, subgraphs executed in-process',
        ...(baselineRoot ? { baseline: `the one-process layout of the build in ${baselineRoot}` } : {}),
        limit: 'node:http + postgres.js, one hand-written SQL statement per operation, same JSON',
      },
      results,
      rssMb: rss,
      elapsedSeconds: Math.round((Date.now() - began) / 1000),
    };
    const table = tableOf(summary.results);
    process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
    process.stderr.write(`\n${table}\nRSS (MB): ${JSON.stringify(rss)}\n`);
    const resultsDir = path.resolve(dist, '..', 'test', 'bench', 'results');
    mkdirSync(resultsDir, { recursive: true });
    const stamp = summary.date.slice(0, 16).replace(/[:T]/g, '-');
    writeFileSync(path.join(resultsDir, `${stamp}.json`), `${JSON.stringify(summary, null, 2)}\n`);
    writeFileSync(path.join(resultsDir, `${stamp}.md`), `${table}\nRSS (MB): ${JSON.stringify(rss)}\n`);
  } finally {
    for (const child of children) child.kill('SIGTERM');
    await Promise.all(children.map((child) => new Promise((resolve) => (child.exitCode !== null ? resolve(null) : child.once('exit', resolve)))));
    await sql.end();
    await database.drop();
  }
}

/** The results as a Markdown table, for people. */
function tableOf(results: Record<string, Record<string, object>>): string {
  const lines = [
    '| operation | layout | rps | p50 ms | p99 ms | ratio | SQL/req | fetches/req | CPU ms/req per process | load avg |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
  ];
  for (const [operation, byTarget] of Object.entries(results)) {
    for (const [target, r] of Object.entries(byTarget) as [string, Record<string, unknown>][]) {
      const cpu = Object.entries(r.cpuMsPerRequest as Record<string, number>)
        .map(([p, ms]) => `${p} ${ms}`)
        .join(', ');
      lines.push(`| ${operation} | ${target} | ${r.rps} | ${r.p50} | ${r.p99} | ${r.ratioToLimit} | ${r.statementsPerRequest} | ${r.subgraphFetchesPerRequest} | ${cpu} | ${r.loadAverage} |`);
    }
  }
  const checks = Object.entries(results[WRITE_MIX] ?? {}).flatMap(([target, r]) =>
    ((r as { writeChecks: WriteFigures[] }).writeChecks ?? []).map((check, rep) => `- ${target} run ${rep + 1}: ${describeWrites(check)}`),
  );
  if (checks.length) lines.push('', `${WRITE_MIX}: the rows written are the acknowledged successes, after each run:`, ...checks);
  return lines.join('\n');
}

main().catch((error) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
