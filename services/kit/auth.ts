import { createRemoteJWKSet, jwtVerify, SignJWT, type JWTPayload } from 'jose';
import type { ResolverData } from 'type-graphql';
import { invalidToken, OneGridError, unauthenticated } from './errors';
import { SERVICE_PORTS, type Config, type ServiceName } from './config';

/** Who is asking, as the token says (docs/architecture.md "Identity and access": the claims of the token contract). */
export interface Viewer {
  authenticated: boolean;
  sub?: string;
  /** The roles the token names that the deployment knows (see createTokenVerifier). */
  roles: string[];
  /** The resident behind a resident's token. */
  residentId?: string;
  /** The grids a grid worker or care worker looks after. */
  gridIds: string[];
  /** The token's `aud`: where it may be used (see admitViewer). */
  audience: string[];
  /** A partner's grants (`scope`), `<subgraph>:<reach>:read`: the domain maps them onto its access rules. */
  scopes: string[];
}

export const ANONYMOUS: Viewer = Object.freeze({ authenticated: false, roles: [], gridIds: [], audience: [], scopes: [] });

const SERVICE_NAMES = Object.keys(SERVICE_PORTS) as ServiceName[];

/** The role of a partner agency's token: it calls the one subgraph its `aud` names, reads what its `scope` grants. */
export const PARTNER_ROLE = 'partner';

/** The header carrying the credential (GATEWAY_SECRET) with which the gateway proves itself to subgraphs. */
export const GATEWAY_HEADER = 'x-onegrid-gateway';
const asStrings = (value: unknown): string[] =>
  Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : typeof value === 'string' ? [value] : [];

/** The viewer a verified token describes; roles outside `knownRoles` (when given) are ignored. */
export function viewerFromClaims(claims: JWTPayload, knownRoles?: readonly string[]): Viewer {
  const roles = asStrings(claims.roles).filter((role) => !knownRoles || knownRoles.includes(role));
  return {
    authenticated: true,
    sub: claims.sub,
    roles,
    residentId: typeof claims.residentId === 'string' ? claims.residentId : undefined,
    gridIds: asStrings(claims.gridIds),
    audience: asStrings(claims.aud),
    // OAuth's `scope` (RFC 9068): one string, space-separated.
    scopes: typeof claims.scope === 'string' ? claims.scope.split(' ').filter(Boolean) : [],
  };
}

export type TokenVerifier = (authorization: string | undefined) => Promise<Viewer>;

type AuthSettings = Config['auth'];

/** The audience of a token for one subgraph only (a partner's): `<deployment audience>:<subgraph>`. */
export const subgraphAudience = (audience: string, service: ServiceName) => `${audience}:${service}`;

/** Every `aud` value this deployment issues: its own audiences, and each of them narrowed to one subgraph. */
const acceptedAudiences = (auth: AuthSettings) =>
  auth.audiences.flatMap((audience) => [audience, ...SERVICE_NAMES.map((service) => subgraphAudience(audience, service))]);

/** Signature algorithms by key kind; anything else (`none` above all) is refused before the signature is read. */
const SHARED_SECRET_ALGORITHMS = ['HS256'];
const PUBLIC_KEY_ALGORITHMS = ['RS256', 'ES256', 'EdDSA'];

/** The HS256 key. No secret is an error, not an empty key: anyone can sign with an empty key. */
function sharedSecret(auth: Pick<AuthSettings, 'jwtSecret'>): Uint8Array {
  if (!auth.jwtSecret) throw new Error('No JWT secret: set JWT_SECRET (or JWKS_URL, whose tokens only the identity provider signs).');
  return new TextEncoder().encode(auth.jwtSecret);
}

/**
 * Verifies `Authorization: Bearer <jwt>` (HS256 with the shared secret, or an OIDC provider's JWKS): signature,
 * algorithm, `exp` (required), `nbf`, `iss` and `aud`, with JWT_CLOCK_SKEW_SECONDS of tolerance. No header is the
 * anonymous viewer; a bad token is UNAUTHENTICATED with HTTP 401, never silently anonymous, and production says
 * only "invalid or expired" (why it failed helps an attacker more than a client).
 */
export function createTokenVerifier(auth: AuthSettings, knownRoles?: readonly string[]): TokenVerifier {
  const key = auth.jwksUrl ? createRemoteJWKSet(new URL(auth.jwksUrl)) : sharedSecret(auth);
  const options = {
    algorithms: auth.jwksUrl ? PUBLIC_KEY_ALGORITHMS : SHARED_SECRET_ALGORITHMS,
    issuer: auth.issuer,
    audience: acceptedAudiences(auth),
    clockTolerance: auth.clockSkewSeconds,
    requiredClaims: ['exp'],
  };
  const verified = verifiedTokens(auth.clockSkewSeconds);
  return async (authorization) => {
    if (!authorization) return ANONYMOUS;
    const match = /^Bearer\s+(\S+)$/i.exec(authorization.trim());
    if (!match) throw invalidToken('The Authorization header must be "Bearer <token>".');
    const token = match[1]!;
    const known = verified.get(token);
    if (known) return known;
    try {
      const { payload } = await jwtVerify(token, key as Parameters<typeof jwtVerify>[1], options);
      const viewer = frozenViewer(viewerFromClaims(payload, knownRoles));
      verified.set(token, viewer, payload.exp!);
      return viewer;
    } catch (error) {
      const why = auth.explainRefusals && error instanceof Error ? ` (${error.message})` : '';
      throw invalidToken(`The bearer token is invalid or expired${why}.`);
    }
  };
}

/** Tokens remembered per verifier: one request fans out to every subgraph with the same token, and clients reuse theirs. */
const VERIFIED_TOKENS_MAX = 1000;
/**
 * How long a verification is reused at most, even if the token lives longer: a key withdrawn from the provider's
 * JWKS stops a token it signed within this time, as a key rotation would without the cache (JWKS fetches are cached too).
 */
const VERIFIED_TOKEN_REUSE_SECONDS = 60;

const frozenViewer = (viewer: Viewer): Viewer =>
  Object.freeze({ ...viewer, roles: Object.freeze(viewer.roles), gridIds: Object.freeze(viewer.gridIds), audience: Object.freeze(viewer.audience), scopes: Object.freeze(viewer.scopes) } as Viewer);

/**
 * The viewers of tokens verified recently, by the token's exact text (its signature included), so a token is checked
 * once rather than on every request: only tokens that passed every check of jwtVerify are kept, each until its `exp`
 * (with the same clock tolerance jwtVerify allows) and at most VERIFIED_TOKEN_REUSE_SECONDS. Bounded: beyond
 * VERIFIED_TOKENS_MAX the oldest go first.
 */
function verifiedTokens(clockSkewSeconds: number) {
  const entries = new Map<string, { viewer: Viewer; until: number }>();
  const now = () => Math.floor(Date.now() / 1000);
  return {
    get(token: string): Viewer | undefined {
      const entry = entries.get(token);
      if (!entry) return undefined;
      if (now() < entry.until) return entry.viewer;
      entries.delete(token);
      return undefined;
    },
    set(token: string, viewer: Viewer, exp: number) {
      // jwtVerify refuses once `exp <= now - tolerance`: the last second it would still accept is before exp + tolerance.
      const until = Math.min(exp + clockSkewSeconds, now() + VERIFIED_TOKEN_REUSE_SECONDS);
      if (entries.size >= VERIFIED_TOKENS_MAX) entries.delete(entries.keys().next().value!);
      entries.set(token, { viewer, until });
    },
  };
}

export interface TokenClaims {
  sub: string;
  roles: string[];
  residentId?: string;
  gridIds?: string[];
  /** The token's `aud`; the deployment's first audience when not given (a staff token). */
  aud?: string[];
  /** The agency's grants, for a partner token (`scope`, space-separated). */
  scopes?: string[];
}

/** Signs a development token with the shared HS256 secret, for this deployment's issuer and audience. */
export async function signToken(
  auth: Pick<AuthSettings, 'jwtSecret' | 'issuer' | 'audiences'>,
  claims: TokenClaims,
  expiresIn = '12h',
): Promise<string> {
  const { sub, aud, scopes, ...rest } = claims;
  return new SignJWT({ ...rest, ...(scopes?.length ? { scope: scopes.join(' ') } : {}) })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(sub)
    .setIssuer(auth.issuer)
    .setAudience(aud?.length ? aud : [auth.audiences[0]!])
    .setIssuedAt()
    .setExpirationTime(expiresIn)
    .sign(sharedSecret(auth));
}

/**
 * Where a verified token may be used, and what of it a service reads. A staff token carries a deployment audience
 * and is good everywhere (or `<audience>:<subgraph>`, good on that subgraph only). A partner's names exactly one
 * subgraph and nothing else, so it is FORBIDDEN on the gateway and on every other subgraph. The service sees only
 * the scopes that concern it (`<subgraph>:…`), so a grant for one subgraph never widens another.
 */
export function admitViewer(viewer: Viewer, service: ServiceName | 'gateway', auth: Pick<AuthSettings, 'audiences'>): Viewer {
  if (!viewer.authenticated) return viewer;
  const forDeployment = viewer.audience.some((aud) => auth.audiences.includes(aud));
  // The gateway is no subgraph: no `<audience>:<subgraph>` is its own.
  const forThisSubgraph =
    service !== 'gateway' && viewer.audience.some((aud) => auth.audiences.some((audience) => subgraphAudience(audience, service) === aud));
  const admitted = viewer.roles.includes(PARTNER_ROLE) ? forThisSubgraph && viewer.audience.length === 1 : forDeployment || forThisSubgraph;
  if (!admitted) {
    throw new OneGridError('FORBIDDEN', `This token is not valid for the ${service}${service === 'gateway' ? '' : ' subgraph'}.`, { http: { status: 403 } });
  }
  return { ...viewer, scopes: viewer.scopes.filter((scope) => scope.startsWith(`${service}:`)) };
}

/** Whether the viewer may do what `@Authorized(...requirements)` names: decided by the subgraph's domain. */
export type Authorizer = (viewer: Viewer, requirements: readonly string[]) => boolean;

/**
 * type-graphql's `@Authorized(...)`: a refused anonymous caller is UNAUTHENTICATED (sign in first), a refused
 * signed-in caller FORBIDDEN (type-graphql's AuthorizationError, renamed by formatError). With no requirement named,
 * any signed-in viewer passes; otherwise `authorize` decides. Row-level rules live where rows are read.
 */
export function createAuthChecker(authorize: Authorizer): (data: ResolverData<{ viewer: Viewer }>, requirements: string[]) => boolean {
  return ({ context }, requirements) => {
    if (!context.viewer.authenticated) throw unauthenticated();
    return requirements.length === 0 || authorize(context.viewer, requirements);
  };
}
