import { NotReady, serveGraphQL, type RunningServer } from '../../services/kit/http';
import { ConfigError, loadConfig } from '../../services/kit/config';
import { createLogger } from '../../services/kit/logger';

/**
 * The kit's HTTP shell (gateway and every subgraph): beyond its concurrency limit, requests are answered at once with
 * 503, a GraphQL-shaped SERVICE_UNAVAILABLE error and Retry-After; the probes and metrics never are; `/readyz` shows
 * what is not ready.
 */
const LIMIT = 2;

describe('the HTTP shell at its concurrency limit', () => {
  let server: RunningServer;
  let release: () => void = () => undefined;
  let gate = Promise.resolve();
  let dependency: 'up' | 'down' = 'up';
  const base = () => server.url.replace(/\/graphql$/, '');

  beforeAll(async () => {
    const log = createLogger('silent', 'test');
    server = await serveGraphQL({
      name: 'widgets',
      port: 0,
      production: false,
      log,
      maxConcurrentRequests: LIMIT,
      limits: loadConfig({ NODE_ENV: 'test' }).queryLimits,
      apollo: {
        typeDefs: 'type Query { slow: String! }',
        resolvers: { Query: { slow: async () => (await gate, 'done') } },
      },
      ready: async () => {
        if (dependency === 'down') throw new NotReady({ store: 'unreachable' });
        return { store: 'ready' };
      },
      context: async (_req, requestId) => ({ requestId, log }),
    });
  });
  afterAll(() => server.stop());

  const ask = () =>
    fetch(server.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ slow }' }) });

  it('sheds the requests beyond the limit with 503 and Retry-After, serves the rest, and answers the probes', async () => {
    gate = new Promise((resolve) => (release = resolve));
    const held = [ask(), ask()];
    // Let both reach the server and hold their slots.
    await new Promise((resolve) => setTimeout(resolve, 200));
    const shed = await ask();
    expect(shed.status).toBe(503);
    expect(shed.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(await shed.json()).toEqual({
      errors: [{ message: expect.stringContaining('busy') as unknown as string, extensions: { code: 'SERVICE_UNAVAILABLE' } }],
    });
    for (const route of ['/healthz', '/readyz', '/metrics']) expect((await fetch(base() + route)).status).toBe(200);

    release();
    for (const response of await Promise.all(held)) {
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ data: { slow: 'done' } });
    }
    // Slots are freed once answers are sent.
    expect((await ask()).status).toBe(200);
  });

  it('answers /readyz 503 with the details of what is not ready, and 200 with them when all is', async () => {
    dependency = 'down';
    const down = await fetch(`${base()}/readyz`);
    expect(down.status).toBe(503);
    expect(await down.json()).toEqual({ status: 'unavailable', service: 'widgets', details: { store: 'unreachable' } });
    dependency = 'up';
    const up = await fetch(`${base()}/readyz`);
    expect(up.status).toBe(200);
    expect(await up.json()).toEqual({ status: 'ready', service: 'widgets', details: { store: 'ready' } });
    expect((await fetch(`${base()}/healthz`)).status).toBe(200);
  });
});

describe('MAX_CONCURRENT_REQUESTS', () => {
  it('defaults to 500 and refuses anything but a positive whole number with one line', () => {
    expect(loadConfig({ NODE_ENV: 'test' }).maxConcurrentRequests).toBe(500);
    expect(loadConfig({ NODE_ENV: 'test', MAX_CONCURRENT_REQUESTS: '16' }).maxConcurrentRequests).toBe(16);
    expect(() => loadConfig({ NODE_ENV: 'test', MAX_CONCURRENT_REQUESTS: 'many' })).toThrow(
      new ConfigError('MAX_CONCURRENT_REQUESTS must be a number (got "many")'),
    );
    expect(() => loadConfig({ NODE_ENV: 'test', MAX_CONCURRENT_REQUESTS: '0' })).toThrow(
      new ConfigError('MAX_CONCURRENT_REQUESTS must be at least 1 (got "0")'),
    );
    expect(() => loadConfig({ NODE_ENV: 'test', MAX_CONCURRENT_REQUESTS: '2.5' })).toThrow(
      new ConfigError('MAX_CONCURRENT_REQUESTS must be a whole number (got "2.5")'),
    );
  });
});
