import { exportJWK, generateKeyPair, SignJWT, type JWTPayload } from 'jose';
import { createServer } from 'node:http';
import { communitySubgraph } from '../../services/community';
import { elderlyCareSubgraph } from '../../services/elderly-care';
import { createTokenVerifier } from '../../services/kit/auth';
import { loadConfig, type Config } from '../../services/kit/config';
import { startTestStack, testConfig, type TestStack } from '../support/stack';
import { base64url, forge, HOSTILE, MALFORMED, MISPLACED, NEUTRAL, now, productionConfig } from '../support/tokens';

/**
 * Hostile tokens (issue 12, "Identity"), against the gateway AND each subgraph directly, in development and production:
 * each is refused with HTTP 401 UNAUTHENTICATED (or 403 FORBIDDEN where the token is good but not for this service),
 * no data, no stack trace, no suggestion, no internal address, and in production no word of why.
 */
const TARGETS = ['gateway', 'community', 'elderly-care'] as const;
type Target = (typeof TARGETS)[number];

/** Nothing an attacker could use: no stack, no suggestion, no internal address, no personal data. */
function expectNothingLeaks(body: string) {
  expect(body).not.toMatch(/stacktrace|"exception"|at \w+ \(|Did you mean|localhost:\d|127\.0\.0\.1|resident-\d|household-\d|\d{17}[\dX]/i);
}

async function call(stack: TestStack, target: Target, authorization: string) {
  const url = target === 'gateway' ? stack.gateway.url : stack.subgraphs[target]!.url;
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization },
    body: JSON.stringify({ query: '{ __typename }' }),
  });
  const text = await response.text();
  return { status: response.status, text, body: JSON.parse(text) as { data?: unknown; errors?: { message: string; extensions?: { code?: string } }[] } };
}

describe.each([
  ['development', testConfig],
  ['production', productionConfig],
] as const)('tokens in %s', (mode, config) => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startTestStack([communitySubgraph, elderlyCareSubgraph], { config });
  }, 300_000);
  afterAll(() => stack?.stop());

  const refusedCases = [...HOSTILE, ...MALFORMED.map(([what, header]): (typeof HOSTILE)[number] => [what, async () => header])];
  const rows = refusedCases.flatMap(([what, header]) => TARGETS.map((target) => [what, target, header] as const));

  it.each(rows)('refuses %s at the %s with 401 UNAUTHENTICATED and no reason', async (what, target, header) => {
    const { status, text, body } = await call(stack, target, await header(config));
    expect(status).toBe(401);
    expect(body.data ?? null).toBeNull();
    expect(body.errors?.map((e) => e.extensions?.code)).toEqual(['UNAUTHENTICATED']);
    const message = body.errors![0]!.message;
    if (MALFORMED.some(([name]) => name === what)) expect(message).toBe('The Authorization header must be "Bearer <token>".');
    else if (mode === 'production') expect(message).toBe(NEUTRAL);
    else expect(message.startsWith(NEUTRAL.slice(0, -1))).toBe(true);
    expectNothingLeaks(text);
  });

  it.each(MISPLACED)('refuses %s (at the %s) with 403 FORBIDDEN', async (_what, target, token) => {
    const { status, text, body } = await call(stack, target, `Bearer ${await token(config)}`);
    expect(status).toBe(403);
    expect(body.data ?? null).toBeNull();
    expect(body.errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
    expectNothingLeaks(text);
  });

  it.each(TARGETS)('accepts at the %s a token within the clock skew (expired 10 s ago, valid from 10 s on)', async (target) => {
    for (const claims of [{ exp: now() - 10 }, { nbf: now() + 10 }]) {
      const { status, body } = await call(stack, target, `Bearer ${await forge(config, { claims })}`);
      expect(status).toBe(200);
      expect(body).toEqual({ data: { __typename: 'Query' } });
    }
  });

  it('tells a developer why a token was refused, and production nobody', async () => {
    const { body } = await call(stack, 'community', `Bearer ${await forge(config, { without: ['exp'] })}`);
    if (mode === 'production') expect(body.errors![0]!.message).toBe(NEUTRAL);
    else expect(body.errors![0]!.message).toMatch(/"exp" claim/);
  });
});

describe('tokens of an identity provider (JWKS)', () => {
  let server: ReturnType<typeof createServer>;
  let config: Config;
  let keys: Awaited<ReturnType<typeof generateKeyPair>>;
  beforeAll(async () => {
    keys = await generateKeyPair('ES256');
    const jwk = { ...(await exportJWK(keys.publicKey)), kid: 'k1', alg: 'ES256', use: 'sig' };
    server = createServer((_req, res) => res.setHeader('content-type', 'application/json').end(JSON.stringify({ keys: [jwk] })));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    config = loadConfig({ NODE_ENV: 'production', JWKS_URL: `http://127.0.0.1:${port}/jwks.json`, GATEWAY_SECRET: 'g'.repeat(24), JWT_ISSUER: 'https://idp.city.example', JWT_AUDIENCE: 'onegrid-city' });
  });
  afterAll(() => server?.close());

  const signed = (claims: JWTPayload, alg = 'ES256') =>
    new SignJWT({ roles: ['care_worker'], ...claims }).setProtectedHeader({ alg, kid: 'k1' }).setSubject('oidc|7').sign(keys.privateKey);
  const good = () => ({ iss: 'https://idp.city.example', aud: 'onegrid-city', exp: now() + 60 });

  it('accepts the provider’s ES256 token with the configured issuer and audience', async () => {
    expect(await createTokenVerifier(config.auth)(`Bearer ${await signed(good())}`)).toMatchObject({ sub: 'oidc|7', roles: ['care_worker'] });
  });

  it.each([
    ['an HS256 token (the shared-secret kind)', async () => new SignJWT({ ...good(), roles: ['admin'] }).setProtectedHeader({ alg: 'HS256' }).sign(new TextEncoder().encode('s'.repeat(40)))],
    ['no exp', async () => signed({ ...good(), exp: undefined })],
    ['the default issuer instead of the configured one', async () => signed({ ...good(), iss: 'onegrid' })],
    ['the default audience instead of the configured one', async () => signed({ ...good(), aud: 'onegrid' })],
    ['alg none', async () => `${base64url({ alg: 'none' })}.${base64url({ ...good(), roles: ['admin'] })}.`],
  ])('refuses %s', async (_what, token) => {
    await expect(createTokenVerifier(config.auth)(`Bearer ${await token()}`)).rejects.toMatchObject({
      message: NEUTRAL,
      extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } },
    });
  });
});
