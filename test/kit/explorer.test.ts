import { loadConfig } from '../../services/kit/config';
import { EXPLORER_CSP } from '../../services/kit/explorer';
import { serveGraphQL, type RunningServer } from '../../services/kit/http';
import { createLogger } from '../../services/kit/logger';

/**
 * The kit's explorer (gateway and every subgraph): with EXPLORER on, `/graphiql/` serves the bundle under a CSP of
 * 'self' only and a browser's `GET /graphql` is sent there (not to Apollo's CDN-loaded Sandbox); off, neither exists.
 * Needs `npm run build` (dist/explorer), which `npm test` runs first.
 */
const start = (explorer: boolean) =>
  serveGraphQL({
    name: 'widgets',
    port: 0,
    production: !explorer,
    explorer,
    log: createLogger('silent', 'test'),
    maxConcurrentRequests: 10,
    limits: loadConfig({ NODE_ENV: 'test' }).queryLimits,
    apollo: { typeDefs: 'type Query { hello: String! }', resolvers: { Query: { hello: () => 'hi' } } },
    ready: async () => undefined,
    context: async (_req, requestId) => ({ requestId, log: createLogger('silent', 'test') }),
  });

describe('the explorer, on', () => {
  let server: RunningServer;
  beforeAll(async () => (server = await start(true)));
  afterAll(() => server.stop());
  const base = () => server.url.replace(/\/graphql$/, '');

  it('serves GraphiQL at /graphiql/ under a CSP of its own files only, every asset included', async () => {
    const redirect = await fetch(`${base()}/graphiql`, { redirect: 'manual' });
    expect(redirect.status).toBe(301);
    expect(redirect.headers.get('location')).toBe('/graphiql/');
    const page = await fetch(`${base()}/graphiql/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toBe(EXPLORER_CSP);
    // No other host in any directive: every source is 'self', 'none', data: or inline styles.
    for (const directive of EXPLORER_CSP.split('; ')) {
      expect(directive.split(' ').slice(1).every((source) => ["'self'", "'none'", 'data:', "'unsafe-inline'"].includes(source))).toBe(true);
    }
    expect(EXPLORER_CSP).toMatch(/script-src 'self';/);
    const html = await page.text();
    const assets = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((match) => match[1]!).filter((url) => !url.startsWith('data:'));
    expect(assets.length).toBeGreaterThan(0);
    // Relative URLs only: nothing the page loads comes from another host.
    for (const asset of assets) {
      expect(asset).toMatch(/^\.\//);
      const file = await fetch(new URL(asset, `${base()}/graphiql/`));
      expect(file.status).toBe(200);
      expect(file.headers.get('content-security-policy')).toBe(EXPLORER_CSP);
    }
  });

  it('sends a browser opening /graphql to the explorer instead of Apollo Sandbox', async () => {
    const landing = await fetch(server.url, { headers: { accept: 'text/html' } });
    const html = await landing.text();
    expect(html).toContain('url=/graphiql/');
    expect(html).not.toMatch(/https?:\/\//);
  });
});

describe('the explorer, off', () => {
  let server: RunningServer;
  beforeAll(async () => (server = await start(false)));
  afterAll(() => server.stop());

  it('has no /graphiql and no landing page', async () => {
    expect((await fetch(server.url.replace(/\/graphql$/, '/graphiql/'))).status).toBe(404);
    const landing = await fetch(server.url, { headers: { accept: 'text/html' } });
    expect(await landing.text()).not.toContain('graphiql');
  });
});

describe('EXPLORER', () => {
  it('is on in development and off in production unless asked for', () => {
    const production = { NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(32), GATEWAY_SECRET: 'y'.repeat(16) };
    expect(loadConfig({}).explorer).toBe(true);
    expect(loadConfig(production).explorer).toBe(false);
    expect(loadConfig({ ...production, EXPLORER: 'on' }).explorer).toBe(true);
    expect(() => loadConfig({ EXPLORER: 'yes' })).toThrow(/EXPLORER/);
  });
});
