import { createRemoteJWKSet, jwtVerify, SignJWT, type JWTPayload } from 'jose';
import type { AuthCheckerFn } from 'type-graphql';
import { forbidden, unauthenticated } from './errors';
import type { Config } from './config';

export const ROLES = [
  'resident',
  'grid_worker',
  'care_worker',
  'housing_officer',
  'environment_officer',
  'safety_officer',
  'admin',
  'partner',
] as const;
export type Role = (typeof ROLES)[number];

/** Who is asking, as the token says. */
export interface Viewer {
  authenticated: boolean;
  sub?: string;
  roles: Role[];
  /** The resident behind a resident's token. */
  residentId?: string;
  /** The grids a grid worker or care worker looks after. */
  gridIds: string[];
  /** A partner's token names the subgraphs it may call. */
  audience: string[];
}

export const ANONYMOUS: Viewer = Object.freeze({ authenticated: false, roles: [], gridIds: [], audience: [] });

export const hasRole = (viewer: Viewer, ...roles: Role[]) => roles.some((role) => viewer.roles.includes(role));
export const isAdmin = (viewer: Viewer) => viewer.roles.includes('admin');
/** Whether the viewer looks after the grid as a grid worker or care worker. */
export const worksInGrid = (viewer: Viewer, gridId: string | null | undefined) =>
  !!gridId && hasRole(viewer, 'grid_worker', 'care_worker') && viewer.gridIds.includes(gridId);

const ISSUER = 'onegrid';

/** The header carrying the credential (GATEWAY_SECRET) with which the gateway proves itself to subgraphs. */
export const GATEWAY_HEADER = 'x-onegrid-gateway';
const asStrings = (value: unknown): string[] =>
  Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : typeof value === 'string' ? [value] : [];

export function viewerFromClaims(claims: JWTPayload): Viewer {
  const roles = asStrings(claims.roles).filter((role): role is Role => (ROLES as readonly string[]).includes(role));
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
export function createTokenVerifier(auth: Config['auth']): TokenVerifier {
  const key = auth.jwksUrl
    ? createRemoteJWKSet(new URL(auth.jwksUrl))
    : new TextEncoder().encode(auth.jwtSecret ?? '');
  return async (authorization) => {
    if (!authorization) return ANONYMOUS;
    const match = /^Bearer\s+(\S+)$/i.exec(authorization.trim());
    if (!match) throw unauthenticated('The Authorization header must be "Bearer <token>".');
    try {
      const { payload } = await jwtVerify(match[1]!, key as Parameters<typeof jwtVerify>[1], {
        algorithms: auth.jwksUrl ? undefined : ['HS256'],
      });
      return viewerFromClaims(payload);
    } catch {
      throw unauthenticated('The bearer token is invalid or expired.');
    }
  };
}

export interface TokenClaims {
  sub: string;
  roles: Role[];
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

/** A partner may call only the subgraphs its token names in `aud`. */
export function assertAudience(viewer: Viewer, service: string): void {
  if (viewer.roles.includes('partner') && !viewer.audience.includes(service)) {
    throw forbidden(`This partner token is not valid for the ${service} subgraph.`);
  }
}

/**
 * type-graphql's `@Authorized(...roles)`: signed in, and (when roles are named) holding one of them;
 * admins pass every role check. Row-level rules live in the loaders, where rows are read.
 */
export const authChecker: AuthCheckerFn<{ viewer: Viewer }> = ({ context }, roles) => {
  if (!context.viewer.authenticated) return false;
  if (roles.length === 0 || isAdmin(context.viewer)) return true;
  return hasRole(context.viewer, ...(roles as Role[]));
};
