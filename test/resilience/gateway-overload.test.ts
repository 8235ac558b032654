import { SUBGRAPHS } from '../../services';
import { startTestStack, tokenFor } from '../support/stack';
import { gatewayBeside } from './gateway-support';

/** A low limit, so a burst a test can fire is far beyond it. */
const LIMIT = 8;
const BURST = 300;

const HUNDRED_RESIDENTS = `{ residents(first: 100) { edges { node { id name household { address building { number } } grid { name } } } } }`;

interface Answer {
  status: number;
  retryAfter: string | null;
  body: { data?: { residents: { edges: unknown[] } }; errors?: { message: string; extensions?: { code?: string } }[] };
}

const mb = (bytes: number) => Math.round(bytes / 1024 / 1024);

/**
 * On PGlite (no DATABASE_URL) the embedded database runs its queries synchronously on this process's event loop, so
 * the burst reaches the gateway a few requests at a time and never exceeds the limit: the test needs PostgreSQL.
 */
const onPostgres = process.env.DATABASE_URL ? describe : describe.skip;
if (!process.env.DATABASE_URL) console.warn('test/resilience/gateway-overload: DATABASE_URL is unset, so the overload test is skipped: it needs PostgreSQL.');

onPostgres('a burst far beyond the concurrency limit', () => {
  it('is shed with 503 SERVICE_UNAVAILABLE and Retry-After, the rest served whole, probes answered throughout', async () => {
    const stack = await startTestStack(SUBGRAPHS.filter((module) => module.name === 'community'));
    const gateway = await gatewayBeside(stack, { config: { maxConcurrentRequests: LIMIT } });
    try {
      const admin = await tokenFor({ roles: ['admin'] });
      const ask = async (): Promise<Answer> => {
        const response = await fetch(gateway.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${admin}` },
          body: JSON.stringify({ query: HUNDRED_RESIDENTS }),
        });
        return { status: response.status, retryAfter: response.headers.get('retry-after'), body: (await response.json()) as Answer['body'] };
      };
      await ask(); // warm: the query plan is cached, connections are open
      global.gc?.();
      const rssBefore = process.memoryUsage().rss;
      let rssPeak = rssBefore;
      const sampler = setInterval(() => (rssPeak = Math.max(rssPeak, process.memoryUsage().rss)), 20);

      const started = performance.now();
      const burst = Array.from({ length: BURST }, ask);
      // Mid-burst, the probes still answer: they are never shed.
      const probes = await Promise.all(['/healthz', '/readyz', '/metrics'].map((route) => fetch(gateway.url.replace(/\/graphql$/, route))));
      const answers = await Promise.all(burst);
      const elapsedMs = Math.round(performance.now() - started);
      clearInterval(sampler);
      const rssAfter = process.memoryUsage().rss;

      const served = answers.filter((a) => a.status === 200);
      const shed = answers.filter((a) => a.status === 503);
      console.log(
        `${BURST} concurrent requests, MAX_CONCURRENT_REQUESTS=${LIMIT}: ${served.length} served, ${shed.length} shed in ${elapsedMs} ms; ` +
          `RSS (whole test process: gateway, community, jest) before ${mb(rssBefore)} MB, peak ${mb(rssPeak)} MB, after ${mb(rssAfter)} MB`,
      );

      expect(probes.map((p) => p.status)).toEqual([200, 200, 200]);
      expect(served.length + shed.length).toBe(BURST);
      expect(shed.length).toBeGreaterThan(0);
      expect(served.length).toBeGreaterThanOrEqual(LIMIT);
      for (const answer of served) {
        expect(answer.body.errors).toBeUndefined();
        expect(answer.body.data?.residents.edges).toHaveLength(100);
      }
      for (const answer of shed) {
        expect(answer.retryAfter).toMatch(/^\d+$/);
        expect(answer.body.data).toBeUndefined();
        expect(answer.body.errors).toHaveLength(1);
        expect(answer.body.errors![0]!.extensions?.code).toBe('SERVICE_UNAVAILABLE');
      }
      // Shedding is counted where operators look.
      const metrics = await (await fetch(gateway.url.replace(/\/graphql$/, '/metrics'))).text();
      expect(metrics).toMatch(new RegExp(`onegrid_requests_shed_total\\{service="gateway"\\} ${shed.length}\\b`));
      // Once the burst is over, the next request is served.
      expect((await ask()).status).toBe(200);
    } finally {
      await gateway.stop();
      await stack.stop();
    }
  }, 180_000);
});
