import { decodeJwt, exportJWK, generateKeyPair, SignJWT, type JWTPayload } from 'jose';
import { createServer } from 'node:http';
import { admitViewer, ANONYMOUS, createAuthChecker, createTokenVerifier, signToken, viewerFromClaims, type Viewer } from '../../services/kit/auth';
import { ROLES } from '../../services/domain/people';
import { loadConfig, type Config } from '../../services/kit/config';
import { forge, HOSTILE, MALFORMED, MISPLACED, NEUTRAL, now, productionConfig } from '../support/tokens';

const config = loadConfig({ JWT_SECRET: 's'.repeat(32) });
const auth = config.auth;
// Verifiers, checkers and viewers are made inside each test, never as the file loads: mutation testing then runs a
// mutant of kit/auth against the tests that reach it, not against every test as it must for load-time code.
const verify = (authorization: string | undefined) => createTokenVerifier(auth, ROLES)(authorization);
const unauthenticated = (message: string | RegExp) =>
  expect.objectContaining({ message: typeof message === 'string' ? message : expect.stringMatching(message), extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } } });
const forbidden = (message: string) => expect.objectContaining({ message, extensions: { code: 'FORBIDDEN', http: { status: 403 } } });

describe('token verification', () => {
  it('is anonymous without a header: no roles, grids, audience or scopes', async () => {
    for (const header of [undefined, '']) {
      expect(await verify(header)).toEqual({ authenticated: false, roles: [], gridIds: [], audience: [], scopes: [] });
    }
  });

  it('turns claims into a viewer, ignoring unknown roles', async () => {
    const token = await new SignJWT({ roles: ['grid_worker', 'mayor'], gridIds: ['g1'], scope: 'community:district:read  x' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('w1')
      .setIssuer('onegrid')
      .setAudience('onegrid')
      .setExpirationTime('5m')
      .sign(new TextEncoder().encode(auth.jwtSecret));
    expect(await verify(`Bearer ${token}`)).toEqual({
      authenticated: true,
      sub: 'w1',
      roles: ['grid_worker'],
      residentId: undefined,
      gridIds: ['g1'],
      audience: ['onegrid'],
      scopes: ['community:district:read', 'x'],
    });
  });

  it.each([
    ['a malformed header', 'Token abc'],
    ['garbage', 'Bearer abc.def.ghi'],
    ['another secret', 'OTHER'],
    ['an expired token', 'EXPIRED'],
    ['alg none', 'NONE'],
  ])('rejects %s as UNAUTHENTICATED', async (_what, header) => {
    let value = header;
    if (header === 'OTHER') value = `Bearer ${await signToken({ ...auth, jwtSecret: 'o'.repeat(32) }, { sub: 'x', roles: ['admin'] })}`;
    if (header === 'EXPIRED') value = `Bearer ${await signToken(auth, { sub: 'x', roles: ['admin'] }, '-1m')}`;
    if (header === 'NONE') {
      const body = Buffer.from(JSON.stringify({ sub: 'x', roles: ['admin'] })).toString('base64url');
      value = `Bearer ${Buffer.from('{"alg":"none"}').toString('base64url')}.${body}.`;
    }
    await expect(verify(value)).rejects.toMatchObject({ extensions: { code: 'UNAUTHENTICATED' } });
  });

  // The hostile tokens test/security/tokens.test.ts sends to a running stack, here to the verifier itself.
  describe.each([
    ['development', config],
    ['production', productionConfig],
  ] as const)('in %s', (mode, deployment) => {
    const verifyHere = (authorization: string) => createTokenVerifier(deployment.auth, ROLES)(authorization);
    it.each(HOSTILE)('refuses %s, saying why only to a developer', async (_what, header) => {
      const reason = mode === 'production' ? NEUTRAL : /^The bearer token is invalid or expired \(.+\)\.$/;
      await expect(verifyHere(await header(deployment))).rejects.toEqual(unauthenticated(reason));
    });
    it.each(MALFORMED)('refuses %s, naming the form the header must take', async (_what, header) => {
      await expect(verifyHere(header)).rejects.toEqual(unauthenticated('The Authorization header must be "Bearer <token>".'));
    });
    it.each(MISPLACED)('verifies %s (at the %s) but does not admit it there', async (_what, service, token) => {
      const viewer = await verifyHere(`Bearer ${await token(deployment)}`);
      expect(() => admitViewer(viewer, service, deployment.auth)).toThrow(expect.objectContaining({ extensions: { code: 'FORBIDDEN', http: { status: 403 } } }));
    });
  });

  it('tells a developer which claim failed', async () => {
    await expect(verify(`Bearer ${await forge(config, { without: ['exp'] })}`)).rejects.toEqual(unauthenticated(/"exp" claim/));
  });

  it('tolerates JWT_CLOCK_SKEW_SECONDS of clock difference on exp and nbf, and no more', async () => {
    const strict = createTokenVerifier(loadConfig({ JWT_SECRET: auth.jwtSecret, JWT_CLOCK_SKEW_SECONDS: '0' }).auth);
    for (const claims of [{ exp: now() - 10 }, { nbf: now() + 10 }]) {
      const token = `Bearer ${await forge(config, { claims })}`;
      expect(await verify(token)).toMatchObject({ authenticated: true, sub: 'test:admin' });
      await expect(strict(token)).rejects.toEqual(unauthenticated(/"(exp|nbf)" claim/));
    }
  });

  it('reads "Bearer" in any case and the token between any whitespace, and refuses anything around them', async () => {
    const token = await forge(config, {});
    for (const header of [`bearer ${token}`, `BEARER ${token}`, `Bearer \t ${token}`, `  Bearer ${token} \n`]) {
      expect(await verify(header)).toMatchObject({ authenticated: true, sub: 'test:admin' });
    }
    for (const header of [`Basic Bearer ${token}`, `Bearer ${token} ${token}`, `Bearer${token}`]) {
      await expect(verify(header)).rejects.toEqual(unauthenticated('The Authorization header must be "Bearer <token>".'));
    }
  });

  it("accepts a subgraph's audience (`<audience>:<subgraph>`) of each of the deployment's audiences, and no other", async () => {
    const twoAudiences = loadConfig({ JWT_SECRET: auth.jwtSecret, JWT_AUDIENCE: 'onegrid,city' });
    const verifyTwo = createTokenVerifier(twoAudiences.auth);
    for (const aud of ['onegrid', 'city', 'onegrid:housing', 'city:safety', 'city:elderly-care']) {
      expect(await verifyTwo(`Bearer ${await forge(twoAudiences, { claims: { aud } })}`)).toMatchObject({ audience: [aud] });
    }
    for (const aud of ['city:gateway', 'town:housing', 'city:', 'housing']) {
      await expect(verifyTwo(`Bearer ${await forge(twoAudiences, { claims: { aud } })}`)).rejects.toEqual(unauthenticated(/"aud" claim/));
    }
  });

  it('refuses to run without a key: an empty HS256 key would let anyone sign', async () => {
    const noKey = { ...auth, jwtSecret: undefined };
    expect(() => createTokenVerifier(noKey)).toThrow(/JWT_SECRET/);
    await expect(signToken(noKey, { sub: 'x', roles: ['admin'] })).rejects.toThrow(/JWT_SECRET/);
  });
});

describe('the viewer of verified claims', () => {
  it('keeps only strings, takes a lone string as a list of one, and leaves out what is missing', () => {
    // Claims of the wrong types, as another issuer might write them.
    const odd: Record<string, unknown> = { sub: 'x', roles: ['admin', 7], gridIds: ['g1', null], aud: 42, residentId: 5, scope: ['a:b'] };
    expect(viewerFromClaims(odd as JWTPayload)).toEqual({
      authenticated: true,
      sub: 'x',
      roles: ['admin'],
      residentId: undefined,
      gridIds: ['g1'],
      audience: [],
      scopes: [],
    });
    expect(viewerFromClaims({ sub: 'r', roles: 'resident', residentId: 'resident-1', gridIds: 'g2', aud: 'onegrid' })).toEqual({
      authenticated: true,
      sub: 'r',
      roles: ['resident'],
      residentId: 'resident-1',
      gridIds: ['g2'],
      audience: ['onegrid'],
      scopes: [],
    });
    expect(viewerFromClaims({})).toEqual({ authenticated: true, sub: undefined, roles: [], residentId: undefined, gridIds: [], audience: [], scopes: [] });
  });
});

describe('development tokens (signToken)', () => {
  it("signs a token the verifier reads back as it was given, for the deployment's first audience, valid 12 hours", async () => {
    const twoAudiences = loadConfig({ JWT_SECRET: auth.jwtSecret, JWT_AUDIENCE: 'onegrid,city' }).auth;
    const token = await signToken(twoAudiences, { sub: 'resident:r1', roles: ['resident'], residentId: 'r1', gridIds: ['g1', 'g2'] });
    expect(await createTokenVerifier(twoAudiences, ROLES)(`Bearer ${token}`)).toEqual({
      authenticated: true,
      sub: 'resident:r1',
      roles: ['resident'],
      residentId: 'r1',
      gridIds: ['g1', 'g2'],
      audience: ['onegrid'],
      scopes: [],
    });
    const claims = decodeJwt(token);
    expect(claims).not.toHaveProperty('scope');
    expect(claims.exp! - claims.iat!).toBe(12 * 3600);
  });

  it("signs a partner's token for the one subgraph it names, its scopes as OAuth's space-separated `scope`", async () => {
    const token = await signToken(auth, { sub: 'partner:x', roles: ['partner'], aud: ['onegrid:housing'], scopes: ['housing:district:read', 'housing:compound:c1:read'] });
    expect(decodeJwt(token).scope).toBe('housing:district:read housing:compound:c1:read');
    expect(await verify(`Bearer ${token}`)).toMatchObject({ roles: ['partner'], audience: ['onegrid:housing'], scopes: ['housing:district:read', 'housing:compound:c1:read'] });
  });
});

describe('verified tokens, remembered', () => {
  // Only Date moves: jose's crypto needs real timers and microtasks.
  const onlyDate: Parameters<typeof jest.useFakeTimers>[0] = {
    doNotFake: ['hrtime', 'nextTick', 'performance', 'queueMicrotask', 'setImmediate', 'clearImmediate', 'setInterval', 'clearInterval', 'setTimeout', 'clearTimeout'],
  };
  afterEach(() => jest.useRealTimers());

  it('refuses a token it verified before once it has expired, as jwtVerify would', async () => {
    jest.useFakeTimers(onlyDate);
    const verifier = createTokenVerifier(auth, ROLES);
    const header = `Bearer ${await signToken(auth, { sub: 'w1', roles: ['admin'] }, '30s')}`;
    await expect(verifier(header)).resolves.toMatchObject({ sub: 'w1', roles: ['admin'] });
    jest.setSystemTime(Date.now() + (29 + auth.clockSkewSeconds) * 1000);
    await expect(verifier(header)).resolves.toMatchObject({ sub: 'w1' });
    jest.setSystemTime(Date.now() + 2000);
    await expect(verifier(header)).rejects.toMatchObject({ extensions: { code: 'UNAUTHENTICATED' } });
  });

  it('knows a token by its exact text: the same claims with another signature are still refused', async () => {
    const verifier = createTokenVerifier(auth, ROLES);
    const token = await signToken(auth, { sub: 'w1', roles: ['admin'] });
    await expect(verifier(`Bearer ${token}`)).resolves.toMatchObject({ sub: 'w1' });
    const [header, payload] = token.split('.');
    const forged = `${header}.${payload}.${Buffer.alloc(32, 7).toString('base64url')}`;
    await expect(verifier(`Bearer ${forged}`)).rejects.toMatchObject({ extensions: { code: 'UNAUTHENTICATED' } });
  });

  it('hands out a viewer no caller can change for the next request', async () => {
    const verifier = createTokenVerifier(auth, ROLES);
    const header = `Bearer ${await signToken(auth, { sub: 'w1', roles: ['grid_worker'], gridIds: ['g1'] })}`;
    const first = await verifier(header);
    expect(() => first.gridIds.push('g2')).toThrow(TypeError);
    expect(() => Object.assign(first, { roles: ['admin'] })).toThrow(TypeError);
    expect(await verifier(header)).toMatchObject({ roles: ['grid_worker'], gridIds: ['g1'] });
  });
});

describe('authChecker', () => {
  const viewer = (roles: string[]) => viewerFromClaims({ sub: 'x', roles });
  // A stand-in for a domain's table: the viewer must hold a role named like the requirement.
  const check = (v: ReturnType<typeof viewerFromClaims>, requirements: string[]) =>
    createAuthChecker((viewer, named) => named.some((r) => viewer.roles.includes(r)))({ context: { viewer: v }, root: {}, args: {}, info: {} as never }, requirements);
  it('needs a signed-in viewer: an anonymous one is told to sign in (UNAUTHENTICATED)', () => {
    expect(() => check(ANONYMOUS, [])).toThrow(expect.objectContaining({ extensions: expect.objectContaining({ code: 'UNAUTHENTICATED' }) }));
    expect(() => check(ANONYMOUS, ['editor'])).toThrow(expect.objectContaining({ extensions: expect.objectContaining({ code: 'UNAUTHENTICATED' }) }));
    expect(check(viewer(['reader']), [])).toBe(true);
  });
  it('lets the authorizer decide named requirements', () => {
    expect(check(viewer(['reader']), ['editor'])).toBe(false);
    expect(check(viewer(['editor']), ['owner', 'editor'])).toBe(true);
  });
});

describe('partner audience', () => {
  const refused = expect.objectContaining({ extensions: { code: 'FORBIDDEN', http: { status: 403 } } });
  it("lets a partner call only the one subgraph its token's aud names, and shows it only that subgraph's scopes", () => {
    const partner = viewerFromClaims({ sub: 'agency', roles: ['partner'], aud: 'onegrid:housing', scope: 'housing:district:read community:district:read' });
    expect(admitViewer(partner, 'housing', auth).scopes).toEqual(['housing:district:read']);
    expect(() => admitViewer(partner, 'community', auth)).toThrow(refused);
    expect(() => admitViewer(partner, 'gateway', auth)).toThrow(refused);
    const twoSubgraphs = viewerFromClaims({ sub: 'agency', roles: ['partner'], aud: ['onegrid:housing', 'onegrid:community'] });
    expect(() => admitViewer(twoSubgraphs, 'housing', auth)).toThrow(refused);
    const everywhere = viewerFromClaims({ sub: 'agency', roles: ['partner'], aud: ['onegrid'] });
    expect(() => admitViewer(everywhere, 'housing', auth)).toThrow(refused);
    const admin = viewerFromClaims({ sub: 'a', roles: ['admin'], aud: 'onegrid' });
    expect(admitViewer(admin, 'community', auth)).toEqual(admin);
    expect(admitViewer(admin, 'gateway', auth)).toEqual(admin);
    expect(() => admitViewer(viewerFromClaims({ sub: 'a', roles: ['admin'], aud: 'onegrid:safety' }), 'gateway', auth)).toThrow(refused);
  });

  it('lets an anonymous viewer through to the rules of each field', () => {
    for (const service of ['gateway', 'community'] as const) expect(admitViewer(ANONYMOUS, service, auth)).toBe(ANONYMOUS);
  });

  it('takes no audience as the gateway\'s own, however it is spelled', () => {
    for (const roles of [['partner'], ['admin']]) {
      expect(() => admitViewer(viewerFromClaims({ sub: 'a', roles, aud: 'onegrid:gateway' }), 'gateway', auth)).toThrow(refused);
    }
  });

  it('admits a staff token on every subgraph its aud names, and everywhere when one is the deployment\'s', () => {
    const admitted = (viewer: Viewer, service: Parameters<typeof admitViewer>[1]) => {
      try {
        admitViewer(viewer, service, auth);
        return true;
      } catch {
        return false;
      }
    };
    const twoSubgraphs = viewerFromClaims({ sub: 'a', roles: ['admin'], aud: ['onegrid:community', 'onegrid:housing'] });
    expect((['community', 'housing', 'safety', 'gateway'] as const).map((service) => admitted(twoSubgraphs, service))).toEqual([true, true, false, false]);
    const deploymentToo = viewerFromClaims({ sub: 'a', roles: ['admin'], aud: ['onegrid:housing', 'onegrid'] });
    expect((['community', 'housing', 'gateway'] as const).map((service) => admitted(deploymentToo, service))).toEqual([true, true, true]);
  });

  it("admits a partner of any of the deployment's audiences on its subgraph", () => {
    const twoAudiences = { audiences: ['onegrid', 'city'] };
    const partner = viewerFromClaims({ sub: 'agency', roles: ['partner'], aud: 'city:housing', scope: 'housing:district:read' });
    expect(admitViewer(partner, 'housing', twoAudiences)).toMatchObject({ audience: ['city:housing'], scopes: ['housing:district:read'] });
  });

  it('tells the caller where the token is not valid', () => {
    const partner = viewerFromClaims({ sub: 'agency', roles: ['partner'], aud: 'onegrid:housing' });
    expect(() => admitViewer(partner, 'gateway', auth)).toThrow(forbidden('This token is not valid for the gateway.'));
    expect(() => admitViewer(partner, 'elderly-care', auth)).toThrow(forbidden('This token is not valid for the elderly-care subgraph.'));
  });
});

describe('JWKS verification (an OIDC provider)', () => {
  it("accepts RS256, ES256 and EdDSA tokens signed by keys the provider publishes; refuses other algorithms and the shared-secret kind", async () => {
    const algorithms = ['RS256', 'ES256', 'EdDSA', 'RS384'] as const;
    const pairs = await Promise.all(algorithms.map((alg) => generateKeyPair(alg)));
    // No `alg` on the keys: the verifier's allowlist, not the key set, is what refuses RS384.
    const keys = await Promise.all(pairs.map(async ({ publicKey }, i) => ({ ...(await exportJWK(publicKey)), kid: `k${i}`, use: 'sig' })));
    const server = createServer((_req, res) => res.setHeader('content-type', 'application/json').end(JSON.stringify({ keys })));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as { port: number };
      const jwks: Config = loadConfig({ JWKS_URL: `http://127.0.0.1:${port}/jwks.json` });
      expect(jwks.auth).toMatchObject({ jwtSecret: undefined, devTokens: false });
      const verifyJwks = createTokenVerifier(jwks.auth);
      const signed = (i: number) =>
        new SignJWT({ roles: ['care_worker'], gridIds: ['grid-001'] })
          .setProtectedHeader({ alg: algorithms[i]!, kid: `k${i}` })
          .setSubject('oidc|42')
          .setIssuer('onegrid')
          .setAudience('onegrid')
          .setExpirationTime('5m')
          .sign(pairs[i]!.privateKey);
      for (const i of [0, 1, 2]) {
        expect(await verifyJwks(`Bearer ${await signed(i)}`)).toMatchObject({ sub: 'oidc|42', roles: ['care_worker'], gridIds: ['grid-001'] });
      }
      await expect(verifyJwks(`Bearer ${await signed(3)}`)).rejects.toEqual(unauthenticated(/"alg"/));
      const hs256 = await signToken(auth, { sub: 'x', roles: ['admin'] });
      await expect(verifyJwks(`Bearer ${hs256}`)).rejects.toMatchObject({ extensions: { code: 'UNAUTHENTICATED' } });
    } finally {
      server.close();
    }
  });
});
