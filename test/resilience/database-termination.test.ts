import { sql } from 'drizzle-orm';
import { communitySubgraph } from '../../services/community';
import { DEMO_IDS } from '../../services/demo';
import { personas } from '../support/personas';
import { startTestStack, type TestStack } from '../support/stack';
import { sleep, steadyTraffic, summary } from './database-traffic';

/**
 * PostgreSQL kills every connection of OneGrid's database (pg_terminate_backend, what a failover or an operator does)
 * while residents are being read through the gateway: the requests caught in it fail with the retryable
 * SERVICE_UNAVAILABLE (never a stack trace or INTERNAL_SERVER_ERROR), and the next ones succeed with no restart.
 */
const onPostgres = process.env.DATABASE_URL ? describe : describe.skip;

onPostgres('connections terminated by PostgreSQL mid-run', () => {
  let stack: TestStack;
  let admin: import('postgres').Sql;
  let database: string;
  beforeAll(async () => {
    stack = await startTestStack([communitySubgraph]);
    const rows = (await stack.handle.db.execute(sql`select current_database() as name`)) as unknown as { name: string }[];
    database = rows[0]!.name;
    const { default: postgres } = await import('postgres');
    admin = postgres(process.env.DATABASE_URL!, { max: 1, onnotice: () => undefined });
  }, 120_000);
  afterAll(async () => {
    await admin?.end();
    await stack?.stop();
  });

  const terminateConnections = () =>
    admin`select count(pg_terminate_backend(pid))::int as terminated from pg_stat_activity where datname = ${database} and pid <> pg_backend_pid()`;

  test('requests caught in it fail with SERVICE_UNAVAILABLE, the next ones succeed without a restart', async () => {
    const { admin: adminToken } = await personas();
    const traffic = steadyTraffic<{ resident: { name: string } | null }>(
      stack.gateway.url,
      `{ resident(id: "${DEMO_IDS.elderLivingAlone}") { id name household { id } } }`,
      { token: adminToken, workers: 8, answered: (data) => !!data?.resident?.name },
    );
    await sleep(500);
    const failedAt = Date.now();
    // Twice, so connections the pool opened again after the first blow are cut too.
    const [{ terminated }] = await terminateConnections();
    await sleep(100);
    await terminateConnections();
    await sleep(1500);
    const outcomes = await traffic.stop();
    const figures = summary(outcomes, failedAt);
    process.stdout.write(`pg_terminate_backend of ${terminated} connections: ${JSON.stringify(figures)}\n`);

    expect(terminated).toBeGreaterThan(0);
    expect(figures.codes.filter((code) => code !== 'SERVICE_UNAVAILABLE')).toEqual([]);
    expect(figures.messages.join(' ')).not.toMatch(/ at |postgres|terminat/i);
    expect(figures.succeededAfter).toBeGreaterThan(0);
    expect(outcomes.at(-1)!.ok).toBe(true);
    expect((await fetch(stack.subgraphs.community!.url.replace(/\/graphql$/, '/readyz'))).status).toBe(200);
  });
});
