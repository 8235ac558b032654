import { generateKeyPair, SignJWT, type JWTPayload } from 'jose';
import { loadConfig, type Config } from '../../services/kit/config';

/**
 * Hostile tokens (issue 12, "Identity"): the cases test/security/tokens.test.ts sends to a running stack, and
 * test/kit/auth.test.ts to the verifier itself.
 */
export const productionConfig = loadConfig({
  NODE_ENV: 'production',
  JWT_SECRET: 'p'.repeat(40),
  GATEWAY_SECRET: 'g'.repeat(24),
  LOG_LEVEL: 'silent',
});

/** What production says of every refused token. */
export const NEUTRAL = 'The bearer token is invalid or expired.';
export const now = () => Math.floor(Date.now() / 1000);

interface Forge {
  claims?: JWTPayload;
  /** Claims to drop from the well-formed default. */
  without?: (keyof JWTPayload)[];
  alg?: string;
  secret?: string;
}

/** A token like the deployment's own (HS256, its secret, iss, aud, exp in 5 min), changed as `forge` says. */
export async function forge(config: Config, { claims = {}, without = [], alg = 'HS256', secret }: Forge): Promise<string> {
  const payload: JWTPayload = { sub: 'test:admin', roles: ['admin'], iss: config.auth.issuer, aud: config.auth.audiences[0], exp: now() + 300, iat: now(), ...claims };
  for (const claim of without) delete payload[claim];
  return new SignJWT(payload).setProtectedHeader({ alg }).sign(new TextEncoder().encode(secret ?? config.auth.jwtSecret));
}

export const base64url = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** The Authorization header of each hostile case, for a deployment. */
export const HOSTILE: [string, (config: Config) => Promise<string>][] = [
  ['a forged signature (another secret)', async (c) => `Bearer ${await forge(c, { secret: 'x'.repeat(40) })}`],
  [
    'a tampered payload (roles raised, signature kept)',
    async (c) => {
      const [header, , signature] = (await forge(c, { claims: { roles: ['resident'] } })).split('.');
      return `Bearer ${header}.${base64url({ sub: 'x', roles: ['admin'], iss: c.auth.issuer, aud: c.auth.audiences[0], exp: now() + 300 })}.${signature}`;
    },
  ],
  ['an expired token (past the clock skew)', async (c) => `Bearer ${await forge(c, { claims: { exp: now() - 120 } })}`],
  ['a token without exp', async (c) => `Bearer ${await forge(c, { without: ['exp'] })}`],
  ['alg none', async (c) => `Bearer ${base64url({ alg: 'none', typ: 'JWT' })}.${base64url({ sub: 'x', roles: ['admin'], iss: c.auth.issuer, aud: c.auth.audiences[0], exp: now() + 300 })}.`],
  ['HS512 with the right secret (not an allowed algorithm)', async (c) => `Bearer ${await forge(c, { alg: 'HS512' })}`],
  [
    'RS256 signed by a stranger (not an allowed algorithm for the shared secret)',
    async (c) => {
      const { privateKey } = await generateKeyPair('RS256');
      const token = await new SignJWT({ roles: ['admin'] }).setProtectedHeader({ alg: 'RS256' }).setSubject('x').setIssuer(c.auth.issuer).setAudience(c.auth.audiences[0]!).setExpirationTime('5m').sign(privateKey);
      return `Bearer ${token}`;
    },
  ],
  ['a foreign issuer', async (c) => `Bearer ${await forge(c, { claims: { iss: 'https://idp.elsewhere.example' } })}`],
  ['no issuer', async (c) => `Bearer ${await forge(c, { without: ['iss'] })}`],
  ['a foreign audience', async (c) => `Bearer ${await forge(c, { claims: { aud: 'another-city' } })}`],
  ['no audience', async (c) => `Bearer ${await forge(c, { without: ['aud'] })}`],
  ['the audience of a subgraph that does not exist', async (c) => `Bearer ${await forge(c, { claims: { aud: `${c.auth.audiences[0]}:billing` } })}`],
  ['nbf in the future beyond the clock skew', async (c) => `Bearer ${await forge(c, { claims: { nbf: now() + 600 } })}`],
  ['garbage in three parts', async () => 'Bearer abc.def.ghi'],
  ['a header that is not JSON', async (c) => `Bearer ${Buffer.from('{alg:').toString('base64url')}.${(await forge(c, {})).split('.').slice(1).join('.')}`],
  ['not a JWT at all', async () => 'Bearer not-a-jwt'],
];

export const MALFORMED: [string, string][] = [
  ['Basic credentials', 'Basic YWRtaW46YWRtaW4='],
  ['a bare token without "Bearer"', 'eyJhbGciOiJIUzI1NiJ9.e30.x'],
  ['"Bearer" and nothing else', 'Bearer '],
];

/** Tokens good on some service and not on the one asked: FORBIDDEN with 403. */
export const MISPLACED: [string, 'gateway' | 'community' | 'elderly-care', (config: Config) => Promise<string>][] = [
  ['a partner token at the gateway', 'gateway', (c) => forge(c, { claims: { roles: ['partner'], aud: `${c.auth.audiences[0]}:elderly-care`, scope: 'elderly-care:district:read' } })],
  ['a partner token for elderly-care at community', 'community', (c) => forge(c, { claims: { roles: ['partner'], aud: `${c.auth.audiences[0]}:elderly-care` } })],
  ['a partner token for community at elderly-care', 'elderly-care', (c) => forge(c, { claims: { roles: ['partner'], aud: `${c.auth.audiences[0]}:community` } })],
  ['a partner token naming two subgraphs', 'community', (c) => forge(c, { claims: { roles: ['partner'], aud: [`${c.auth.audiences[0]}:community`, `${c.auth.audiences[0]}:elderly-care`] } })],
  ['a partner token with the deployment audience', 'elderly-care', (c) => forge(c, { claims: { roles: ['partner'] } })],
  ["a staff token narrowed to one subgraph, at the gateway", 'gateway', (c) => forge(c, { claims: { aud: `${c.auth.audiences[0]}:community` } })],
  ["a staff token narrowed to community, at elderly-care", 'elderly-care', (c) => forge(c, { claims: { aud: `${c.auth.audiences[0]}:community` } })],
];
