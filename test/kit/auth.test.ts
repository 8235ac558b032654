import { SignJWT } from 'jose';
import { admitViewer, ANONYMOUS, createAuthChecker, createTokenVerifier, signToken, viewerFromClaims } from '../../services/kit/auth';
import { ROLES } from '../../services/domain/people';
import { loadConfig } from '../../services/kit/config';

const auth = loadConfig({ JWT_SECRET: 's'.repeat(32) }).auth;
const verify = createTokenVerifier(auth, ROLES);

describe('token verification', () => {
  it('is anonymous without a header', async () => {
    expect(await verify(undefined)).toBe(ANONYMOUS);
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
  const authChecker = createAuthChecker((v, requirements) => requirements.some((r) => v.roles.includes(r)));
  const check = (v: ReturnType<typeof viewerFromClaims>, requirements: string[]) =>
    authChecker({ context: { viewer: v }, root: {}, args: {}, info: {} as never }, requirements);
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
  it("lets a partner call only the one subgraph its token's aud names, and shows it only that subgraph's scopes", () => {
    const partner = viewerFromClaims({ sub: 'agency', roles: ['partner'], aud: 'onegrid:housing', scope: 'housing:district:read community:district:read' });
    expect(admitViewer(partner, 'housing', auth).scopes).toEqual(['housing:district:read']);
    const refused = expect.objectContaining({ extensions: { code: 'FORBIDDEN', http: { status: 403 } } });
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
});

describe('JWKS verification (an OIDC provider)', () => {
  it('accepts RS256 tokens signed by a key the provider publishes, and refuses the shared-secret kind', async () => {
    const { createServer } = await import('node:http');
    const { exportJWK, generateKeyPair } = await import('jose');
    const { publicKey, privateKey } = await generateKeyPair('RS256');
    const jwk = { ...(await exportJWK(publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' };
    const server = createServer((_req, res) => res.setHeader('content-type', 'application/json').end(JSON.stringify({ keys: [jwk] })));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as { port: number };
      const config = loadConfig({ JWKS_URL: `http://127.0.0.1:${port}/jwks.json` });
      expect(config.auth).toMatchObject({ jwtSecret: undefined, devTokens: false });
      const verifyJwks = createTokenVerifier(config.auth);
      const token = await new SignJWT({ roles: ['care_worker'], gridIds: ['grid-001'] })
        .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
        .setSubject('oidc|42')
        .setIssuer('onegrid')
        .setAudience('onegrid')
        .setExpirationTime('5m')
        .sign(privateKey);
      expect(await verifyJwks(`Bearer ${token}`)).toMatchObject({ sub: 'oidc|42', roles: ['care_worker'], gridIds: ['grid-001'] });
      const hs256 = await signToken(auth, { sub: 'x', roles: ['admin'] });
      await expect(verifyJwks(`Bearer ${hs256}`)).rejects.toMatchObject({ extensions: { code: 'UNAUTHENTICATED' } });
    } finally {
      server.close();
    }
  });
});
