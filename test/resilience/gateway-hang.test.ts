import { SUBGRAPHS } from '../../services';
import type { ServiceName } from '../../services/kit/config';
import { loadConfig } from '../../services/kit/config';
import { postGraphQL, startTestStack, testConfig, type GraphQLResponse } from '../support/stack';

// The answers before and during the hang are compared: no background sweep may raise an issue or hazard in between.
const noSweeps = loadConfig({ ...testConfig.env, ENVIRONMENT_SWEEP_INTERVAL_MS: '86400000', SAFETY_SWEEP_INTERVAL_SECONDS: '86400' });
import { gatewayBeside, hangingServer, INTERNAL_ADDRESS, operation, OWNED, screens, withNulls, type Json } from './gateway-support';

/** The gateway's deadline in this test: short, so the test is quick, and long beside a normal answer. */
const TIMEOUT_MS = 1500;
/** What the gateway may add to its deadline (planning, the other fetches, a loaded 2-core machine). */
const MARGIN_MS = 1500;

interface Readiness {
  status: string;
  details?: { subgraphs?: Record<string, string>; database?: string; feeds?: Record<string, unknown> };
}
const readiness = async (url: string) => {
  const response = await fetch(url.replace(/\/graphql$/, '/readyz'));
  return { status: response.status, body: (await response.json()) as Readiness };
};

describe('a subgraph that accepts connections and never answers', () => {
  it('costs its fields only, whichever it is, and the gateway answers within its timeout', async () => {
    // One stack: each hanging subgraph sits behind a gateway of its own, so the stack itself is never disturbed.
    const stack = await startTestStack(SUBGRAPHS, { config: noSweeps });
    const hang = await hangingServer();
    try {
      const asked = await screens();
      const before: GraphQLResponse<Json>[] = [];
      for (const screen of asked) before.push(await postGraphQL<Json>(stack.gateway.url, operation(screen.file), screen.variables, { token: screen.token }));
      const times: string[] = [];
      for (const hanging of SUBGRAPHS.map((module) => module.name as ServiceName)) {
        const gateway = await gatewayBeside(stack, { urls: { [hanging]: hang.url }, config: { subgraphTimeoutMs: TIMEOUT_MS } });
        try {
          for (const [i, screen] of asked.entries()) {
            const owned = OWNED[screen.file]![hanging];
            const started = performance.now();
            const answer = await postGraphQL<Json>(gateway.url, operation(screen.file), screen.variables, { token: screen.token });
            const elapsedMs = Math.round(performance.now() - started);
            times.push(`${hanging} hanging, ${screen.file} ${JSON.stringify(screen.variables)}: ${elapsedMs} ms`);
            expect(answer.status).toBe(200);
            expect(answer.data).toEqual(withNulls(before[i]!.data!, owned));
            if (owned.length === 0) {
              expect(answer.errors).toBeUndefined();
              continue;
            }
            // It waited for the hanging subgraph up to its deadline, and not much longer.
            expect(elapsedMs).toBeGreaterThanOrEqual(TIMEOUT_MS - 50);
            expect(elapsedMs).toBeLessThan(TIMEOUT_MS + MARGIN_MS);
            expect(answer.errors).toHaveLength(1);
            expect(answer.errors![0]!.extensions).toMatchObject({ code: 'SUBGRAPH_UNAVAILABLE', serviceName: hanging });
            expect(JSON.stringify(answer.errors)).not.toMatch(INTERNAL_ADDRESS);
          }
          // Readiness: a gateway in front of a hanging subgraph is not ready and says which one, never where it is.
          const notReady = await readiness(gateway.url);
          expect(notReady.status).toBe(503);
          expect(notReady.body.details?.subgraphs).toEqual(
            Object.fromEntries(SUBGRAPHS.map((module) => [module.name, module.name === hanging ? 'unavailable' : 'ready'])),
          );
          expect(JSON.stringify(notReady.body)).not.toMatch(INTERNAL_ADDRESS);
          // Liveness is another question: the process is alive.
          expect((await fetch(gateway.url.replace(/\/graphql$/, '/healthz'))).status).toBe(200);
        } finally {
          await gateway.stop();
        }
      }
      console.log(`answer times with SUBGRAPH_TIMEOUT_MS=${TIMEOUT_MS}:\n${times.join('\n')}`);
      expect(hang.connections()).toBeGreaterThan(0);

      // The stack's own gateway, with every subgraph answering, is ready; a subgraph lists its database and feeds.
      const ready = await readiness(stack.gateway.url);
      expect(ready.status).toBe(200);
      expect(Object.values(ready.body.details?.subgraphs ?? {})).toEqual(Array(SUBGRAPHS.length).fill('ready'));
      const elderlyCare = await readiness(stack.subgraphs['elderly-care']!.url);
      expect(elderlyCare.status).toBe(200);
      expect(elderlyCare.body.details?.database).toBe('ready');
      expect(Object.keys(elderlyCare.body.details?.feeds ?? {})).toEqual(['elderly-care<-community']);
    } finally {
      await hang.close();
      await stack.stop();
    }
  }, 180_000);
});
