import { createRemoteJWKSet, jwtVerify, SignJWT, type JWTPayload } from 'jose';
import type { AuthCheckerFn } from 'type-graphql';
import { forbidden, invalidToken, unauthenticated } from './errors';
import type { Config } from './config';

/** Who is asking, as the token says (DESIGN.md "Identity and access": the claims of the token contract). */
export interface Viewer {
  authenticated: boolean;
  sub?: string;
  /** The roles the token names that the deployment knows (see createTokenVerifier). */
  roles: string[];
  /** The resident behind a resident's token. */
  residentId?: string;
  /** The grids a grid worker or care worker looks after. */
  gridIds: string[];
  /** A partner's token names the subgraphs it may call. */
  audience: string[];
}

export const ANONYMOUS: Viewer = Object.freeze({ authenticated: false, roles: [], gridIds: [], audience: [] });

const ISSUER = 'onegrid';

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
  };
}

export type TokenVerifier = (authorization: string | undefined) => Promise<Viewer>;

/**
 * Verifies `Authorization: Bearer <jwt>` (HS256 with the shared secret, or an OIDC provider's JWKS).
 * No header is the anonymous viewer; a bad or expired token is UNAUTHENTICATED, never silently anonymous.
 */
export function createTokenVerifier(auth: Config['auth'], knownRoles?: readonly string[]): TokenVerifier {
  const key = auth.jwksUrl
    ? createRemoteJWKSet(new URL(auth.jwksUrl))
    : new TextEncoder().encode(auth.jwtSecret ?? '');
  return async (authorization) => {
    if (!authorization) return ANONYMOUS;
    const match = /^Bearer\s+(\S+)$/i.exec(authorization.trim());
    if (!match) throw invalidToken('The Authorization header must be "Bearer <token>".');
    try {
      const { payload } = await jwtVerify(match[1]!, key as Parameters<typeof jwtVerify>[1], {
        algorithms: auth.jwksUrl ? undefined : ['HS256'],
      });
      return viewerFromClaims(payload, knownRoles);
    } catch {
      throw invalidToken('The bearer token is invalid or expired.');
    }
  };
}

export interface TokenClaims {
  sub: string;
  roles: string[];
  residentId?: string;
  gridIds?: string[];
  aud?: string[];
}

/** Signs a development token with the shared HS256 secret. */
export async function signToken(secret: string, claims: TokenClaims, expiresIn = '12h'): Promise<string> {
  const { sub, aud, ...rest } = claims;
  const jwt = new SignJWT({ ...rest }).setProtectedHeader({ alg: 'HS256' }).setSubject(sub).setIssuer(ISSUER);
  if (aud?.length) jwt.setAudience(aud);
  return jwt.setIssuedAt().setExpirationTime(expiresIn).sign(new TextEncoder().encode(secret));
}

/** A partner (a token with an audience) may call only the subgraphs its token names in `aud`. */
export function assertAudience(viewer: Viewer, service: string): void {
  if (viewer.roles.includes('partner') && !viewer.audience.includes(service)) {
    throw forbidden(`This partner token is not valid for the ${service} subgraph.`);
  }
}

/** Whether the viewer may do what `@Authorized(...requirements)` names: decided by the subgraph's domain. */
export type Authorizer = (viewer: Viewer, requirements: readonly string[]) => boolean;

/**
 * type-graphql's `@Authorized(...)`: a refused anonymous caller is UNAUTHENTICATED (sign in first), a refused
 * signed-in caller FORBIDDEN (type-graphql's AuthorizationError, renamed by formatError). With no requirement named,
 * any signed-in viewer passes; otherwise `authorize` decides. Row-level rules live where rows are read.
 */
export function createAuthChecker(authorize: Authorizer): AuthCheckerFn<{ viewer: Viewer }> {
  return ({ context }, requirements) => {
    if (!context.viewer.authenticated) throw unauthenticated();
    return requirements.length === 0 || authorize(context.viewer, requirements);
  };
}
