import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import postgres from 'postgres';
import { drizzle } from 'drizzle-orm/postgres-js';
import { startGateway } from '../gateway';
import { SUBGRAPHS } from '../services';
import { signToken } from '../services/kit/auth';
import { loadConfigOrExit } from '../services/kit/config';
import { openDatabase, type Database } from '../services/kit/db';
import { launch } from '../services/kit/launch';
import { createLogger } from '../services/kit/logger';

/**
 * After `npm run seed`: times the resident overview (schema/operations/resident-overview.graphql) through the gateway
 * over the seeded database, then EXPLAINs (ANALYZE) every SQL statement one overview sends and says which scan each
 * uses. `npm run -s build && DATABASE_URL=… node dist/scripts/overview-at-scale.js [--requests 200]`.
 */
async function main() {
  const { values } = parseArgs({ options: { requests: { type: 'string', default: '200' } } });
  const requests = Number(values.requests);
  const config = loadConfigOrExit();
  const url = config.services.community.databaseUrl;
  if (!url) throw new Error('DATABASE_URL must name the seeded PostgreSQL database');

  // Every statement the subgraphs send, with its parameters, to EXPLAIN afterwards.
  const sent: { query: string; params: unknown[] }[] = [];
  const client = postgres(url, { max: 2, onnotice: () => undefined });
  const captured = drizzle(client, { logger: { logQuery: (query, params) => void sent.push({ query, params }) } }) as unknown as Database;
  const launched = await launch({
    config,
    log: createLogger('warn', 'overview-at-scale'),
    subgraphs: SUBGRAPHS,
    gateway: startGateway,
    ports: 'any',
    seed: false,
    openDatabase: async (databaseUrl, options) => ({ ...(await openDatabase(databaseUrl, options)), db: captured }),
  });
  try {
    const residents = (await client<{ id: string }[]>`select id from community.residents order by md5(id) limit 50`).map((row) => row.id);
    const [{ count }] = await client<{ count: number }[]>`select count(*)::int as count from community.residents`;
    const query = readFileSync(path.join(__dirname, '../../schema/operations/resident-overview.graphql'), 'utf8');
    const token = await signToken(config.auth, { sub: 'scale:admin', roles: ['admin'] });
    const ask = async (id: string) => {
      const started = performance.now();
      const response = await fetch(launched.gateway!.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query, variables: { id } }),
      });
      const body = (await response.json()) as { errors?: unknown[]; data?: { resident?: unknown } };
      if (body.errors?.length || !body.data?.resident) throw new Error(`overview of ${id} failed: ${JSON.stringify(body.errors)}`);
      return performance.now() - started;
    };
    for (const id of residents.slice(0, 10)) await ask(id); // warm-up: connections, plans, JIT
    const times: number[] = [];
    // CPU of this process (gateway and subgraphs; PostgreSQL apart): unlike wall time, it holds on a busy machine.
    const cpu = process.cpuUsage();
    for (let i = 0; i < requests; i++) times.push(await ask(residents[i % residents.length]!));
    const { user, system } = process.cpuUsage(cpu);
    times.sort((a, b) => a - b);
    const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))]!.toFixed(1);
    process.stdout.write(
      `${count.toLocaleString('en')} residents: ${requests} resident overviews one after another, p50 ${at(0.5)} ms, p95 ${at(0.95)} ms, ` +
        `max ${at(1)} ms; ${((user + system) / 1000 / requests).toFixed(1)} ms of OneGrid CPU each\n\n`,
    );

    sent.length = 0;
    await ask(residents[0]!);
    process.stdout.write(`One overview sends ${sent.length} SQL statements:\n`);
    for (const { query: statement, params } of sent) {
      const plan = (await client.unsafe(`explain (analyze, costs off) ${statement}`, params as never[])).map((row) => String(row['QUERY PLAN']));
      const scans = [...new Set(plan.flatMap((line) => /(?:Seq Scan|Index Only Scan|Index Scan|Bitmap Index Scan)(?: using \S+)? on \S+/.exec(line)?.[0] ?? []))];
      const took = plan.find((line) => line.startsWith('Execution Time'));
      process.stdout.write(`- ${statement.slice(0, 110).replace(/\s+/g, ' ')}…\n  ${scans.join('; ') || 'no table scan'} | ${took}\n`);
    }
  } finally {
    await launched.stop();
    await client.end();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
