import { communitySubgraph } from '../../services/community';
import { ConfigError, loadConfig } from '../../services/kit/config';
import { startTestStack, tokenFor, type TestStack } from '../support/stack';

/**
 * Browser frontends on allowed origins (development: any localhost port) get their preflights answered and may read
 * the answers, through the gateway and from a subgraph directly; any other origin gets no CORS header, so the browser
 * refuses; Apollo's CSRF prevention still refuses simple requests.
 */
const FRONTEND = 'http://localhost:5173';
const STRANGER = 'https://elsewhere.example.org';

let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack([communitySubgraph]);
}, 180_000);
afterAll(() => stack?.stop());

const preflight = (url: string, origin: string) =>
  fetch(url, {
    method: 'OPTIONS',
    headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type,x-request-id' },
  });

describe.each([
  ['the gateway', () => stack.gateway.url],
  ['the community subgraph', () => stack.subgraphs.community!.url],
])('CORS on %s', (_where, url) => {
  it('answers a preflight from an allowed origin with the origin, methods, headers and max-age', async () => {
    const answer = await preflight(url(), FRONTEND);
    expect(answer.status).toBe(204);
    expect(answer.headers.get('access-control-allow-origin')).toBe(FRONTEND);
    expect(answer.headers.get('access-control-allow-methods')?.split(',')).toEqual(expect.arrayContaining(['GET', 'POST']));
    expect(answer.headers.get('access-control-allow-headers')?.split(',')).toEqual(
      expect.arrayContaining(['authorization', 'content-type', 'x-request-id', 'apollo-require-preflight']),
    );
    expect(answer.headers.get('access-control-max-age')).toBe('600');
  });

  it('refuses a preflight from another origin without any CORS header', async () => {
    const answer = await preflight(url(), STRANGER);
    expect(answer.status).toBe(403);
    expect([...answer.headers.keys()].filter((name) => name.startsWith('access-control-'))).toEqual([]);
  });

  it("lets the allowed origin read the answer to its request, and gives another origin's none", async () => {
    const token = await tokenFor({ roles: ['admin'] });
    const ask = (origin: string) =>
      fetch(url(), {
        method: 'POST',
        headers: { origin, 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query: '{ communities { name } }' }),
      });
    const allowed = await ask(FRONTEND);
    expect(allowed.headers.get('access-control-allow-origin')).toBe(FRONTEND);
    expect(allowed.headers.get('access-control-expose-headers')).toContain('x-request-id');
    const body = (await allowed.json()) as { data?: { communities: unknown[] } };
    expect(body.data?.communities.length).toBeGreaterThan(0);
    // The server still answers (CORS is the browser's rule), but without the header the browser hides it.
    expect((await ask(STRANGER)).headers.get('access-control-allow-origin')).toBeNull();
  });

  it('keeps CSRF prevention: a simple GET without a preflight header is refused, even from an allowed origin', async () => {
    const answer = await fetch(`${url()}?query=${encodeURIComponent('{ __typename }')}`, { headers: { origin: FRONTEND } });
    expect(answer.status).toBe(400);
    expect(await answer.text()).toMatch(/CSRF/i);
  });
});

describe('CORS_ORIGINS', () => {
  const production = { NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(32), GATEWAY_SECRET: 'y'.repeat(16) };
  it('allows any localhost port in development and nothing in production unless listed', () => {
    expect(loadConfig({}).corsOrigins).toEqual(['http://localhost:*', 'http://127.0.0.1:*']);
    expect(loadConfig(production).corsOrigins).toEqual([]);
    expect(loadConfig({ ...production, CORS_ORIGINS: 'https://grid.example.org, https://care.example.org:8443' }).corsOrigins).toEqual([
      'https://grid.example.org',
      'https://care.example.org:8443',
    ]);
  });
  it('refuses what is not an origin, in one line', () => {
    expect(() => loadConfig({ CORS_ORIGINS: 'https://grid.example.org/app' })).toThrow(ConfigError);
    expect(() => loadConfig({ CORS_ORIGINS: '*' })).toThrow(/CORS_ORIGINS must be comma-separated origins/);
  });
});
