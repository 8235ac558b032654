import 'reflect-metadata';
import { spawn, type ChildProcess } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { signToken } from '../../services/kit/auth';
import { envPrefix, loadConfig, SERVICE_PORTS, type ServiceName } from '../../services/kit/config';
import { SUBGRAPHS } from '../../services';
import { DEMO_IDS } from '../../services/demo';
import { createThrowawayDatabase } from '../support/database';
import { startMonolith } from './monolith';

/**
 * `npm run bench`: the production layout (each subgraph and the gateway in its own process) on PostgreSQL, seeded
 * with the demo district, under HTTP load from autocannon; prints one JSON summary on stdout.
 * BENCH_SECONDS (default 10) and BENCH_CONNECTIONS (default 10) tune the load.
 */
const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 10);
/** Every subgraph of the registry and the gateway, each in its own process, 100 above their default ports. */
const SERVICES = SUBGRAPHS.map((module) => module.name);
const PORTS = { gateway: 4100, ...Object.fromEntries(SERVICES.map((name) => [name, SERVICE_PORTS[name] + 100])) } as Record<ServiceName | 'gateway', number>;
const dist = path.resolve(__dirname, '../..');

const SCENARIOS = {
  /** docs/architecture.md's overview of one resident, as far as the built subgraphs reach. */
  residentOverview: {
    query: `query($id: ID!) { resident(id: $id) { id name age phone household { address building { id } } grid { name workers(first: 5) { edges { node { name phone } } } }
      elderlyCare { capabilityLevel livingArrangement mealPlan { point { name } } lastVisit { visitedAt } } } }`,
    variables: { id: DEMO_IDS.elderLivingAlone },
  },
  /** 100 residents of a grid with fields from both subgraphs: the list whose SQL must not grow with its length. */
  gridResidents100: {
    query: `query($grid: ID!) { grid(id: $grid) { name residents(first: 100) { edges { node { id name age household { address }
      elderlyCare { livingArrangement needs mealPlan { point { name } } lastVisit { visitedAt } } } } } } }`,
    variables: { grid: DEMO_IDS.grid },
  },
  /** A grid's elders, from elderly care, with names joined from community. */
  elders100: {
    query: `query($grid: ID!) { elders(first: 100, filter: { gridId: $grid }) { edges { node { resident { name } livingArrangement
      lastVisit { visitedAt } isVisitOverdue } } } }`,
    variables: { grid: DEMO_IDS.grid },
  },
};

function start(entry: string, env: Record<string, string>): ChildProcess {
  const child = spawn(process.execPath, [path.join(dist, entry)], { env: { PATH: process.env.PATH, LOG_LEVEL: 'warn', ...env }, stdio: ['ignore', 'ignore', 'inherit'] });
  child.on('exit', (code) => code && process.stderr.write(`${entry} exited with ${code}\n`));
  return child;
}

async function waitReady(url: string, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await fetch(url).then((r) => r.ok, () => false)) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${url} did not become ready`);
}

async function sqlStatementsSoFar(port: number): Promise<number> {
  const metrics = await (await fetch(`http://localhost:${port}/metrics`)).text();
  return Number(/^onegrid_sql_statements_total (\d+)/m.exec(metrics)?.[1] ?? NaN);
}

async function post(url: string, token: string, body: object) {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify(body) });
  return (await response.json()) as { data?: unknown; errors?: unknown[] };
}

async function load(url: string, token: string, body: object) {
  const options = { url, method: 'POST' as const, connections, headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify(body) };
  await autocannon({ ...options, duration: 2 }); // warm-up: JIT, connection pools
  const result = await autocannon({ ...options, duration: seconds });
  return {
    requestsPerSecond: Math.round(result.requests.average),
    latencyMs: { p50: result.latency.p50, p99: result.latency.p99 },
    requests: result.requests.total,
    failures: result.errors + result.timeouts + result.non2xx,
  };
}

async function main() {
  if (!process.env.DATABASE_URL) throw new Error('npm run bench measures PostgreSQL: set DATABASE_URL (a server where it may create a throwaway database).');
  const database = (await createThrowawayDatabase())!;
  const config = loadConfig({});
  const env: Record<string, string> = { DATABASE_URL: database.url, GATEWAY_PORT: String(PORTS.gateway) };
  for (const name of SERVICES) {
    env[`${envPrefix(name)}_PORT`] = String(PORTS[name]);
    env[`${envPrefix(name)}_URL`] = `http://localhost:${PORTS[name]}/graphql`;
  }
  const children: ChildProcess[] = [];
  let monolith: Awaited<ReturnType<typeof startMonolith>> | undefined;
  try {
    // One after another, in registry order: each seeds its demo rows and may call the ones before it.
    for (const name of SERVICES) {
      children.push(start(`services/${name}/main.js`, env));
      await waitReady(`http://localhost:${PORTS[name]}/readyz`);
    }
    children.push(start('gateway/main.js', env));
    await waitReady(`http://localhost:${PORTS.gateway}/readyz`);
    const gatewayUrl = `http://localhost:${PORTS.gateway}/graphql`;
    const token = await signToken(config.auth, { sub: 'bench', roles: ['admin'] });

    const scenarios: Record<string, object> = {};
    for (const [name, body] of Object.entries(SCENARIOS)) {
      const answer = await post(gatewayUrl, token, body);
      if (answer.errors) throw new Error(`${name} answered errors: ${JSON.stringify(answer.errors)}`);
      const before = await Promise.all(SERVICES.map((name) => sqlStatementsSoFar(PORTS[name])));
      await post(gatewayUrl, token, body);
      const after = await Promise.all(SERVICES.map((name) => sqlStatementsSoFar(PORTS[name])));
      const statementsPerRequest = Object.fromEntries(SERVICES.map((name, i) => [name, after[i]! - before[i]!]));
      scenarios[name] = { statementsPerRequest, ...(await load(gatewayUrl, token, body)) };
    }

    monolith = await startMonolith(database.url);
    // Side by side only if both give the same answer.
    const [federated, direct] = await Promise.all([post(gatewayUrl, token, SCENARIOS.gridResidents100), post(monolith.url, token, SCENARIOS.gridResidents100)]);
    if (JSON.stringify(federated) !== JSON.stringify(direct)) {
      throw new Error(`the monolith's answer differs from OneGrid's:\n${JSON.stringify(federated).slice(0, 500)}\n${JSON.stringify(direct).slice(0, 500)}`);
    }
    const monolithResult = await load(monolith.url, token, SCENARIOS.gridResidents100);
    const onegrid = scenarios.gridResidents100 as Awaited<ReturnType<typeof load>>;
    const summary = {
      machine: { cpus: os.cpus().length, node: process.version, database: 'PostgreSQL', layout: `gateway + ${SERVICES.length} subgraphs, one process each` },
      load: { seconds, connections },
      scenarios,
      monolith: {
        scenario: 'gridResidents100, one hand-written SQL statement, no GraphQL',
        ...monolithResult,
        oneGridToMonolith: {
          throughput: Number((onegrid.requestsPerSecond / monolithResult.requestsPerSecond).toFixed(2)),
          p99: Number((onegrid.latencyMs.p99 / monolithResult.latencyMs.p99).toFixed(2)),
        },
      },
    };
    process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
  } finally {
    await monolith?.stop();
    for (const child of children) child.kill('SIGTERM');
    await Promise.all(children.map((child) => new Promise((resolve) => (child.exitCode !== null ? resolve(null) : child.once('exit', resolve)))));
    await database.drop();
  }
}

main().catch((error) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
