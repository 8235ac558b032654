import { z } from 'zod';
import type { QueryLimits } from './limits';

/** Every subgraph of the federation with its default port (DESIGN.md section 2). */
export const SERVICE_PORTS = {
  community: 4001,
  'elderly-care': 4002,
  housing: 4003,
  environment: 4004,
  safety: 4005,
} as const;
export type ServiceName = keyof typeof SERVICE_PORTS;

/** `elderly-care` → `ELDERLY_CARE`, the prefix of its environment variables. */
export const envPrefix = (service: ServiceName) => service.toUpperCase().replace(/-/g, '_');

export class ConfigError extends Error {
  override name = 'ConfigError';
}

const port = z.coerce
  .number({ message: 'must be a port number' })
  .int('must be a whole number')
  .min(1, 'must be between 1 and 65535')
  .max(65535, 'must be between 1 and 65535');
const postgresUrl = z
  .string()
  .refine((value) => /^postgres(ql)?:\/\/[^\s]+$/.test(value) && URL.canParse(value), {
    message: 'must be a postgres:// or postgresql:// URL',
  });
const httpUrl = z.string().refine((value) => /^https?:\/\//.test(value) && URL.canParse(value), {
  message: 'must be an http:// or https:// URL',
});
const limit = (min: number, max: number) =>
  z.coerce.number({ message: 'must be a number' }).int('must be a whole number').min(min, `must be between ${min} and ${max}`).max(max, `must be between ${min} and ${max}`);
const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess((value) => (value === '' ? undefined : value), schema.optional());

/** Development-only defaults: a production start without real secrets is refused. */
const DEV_JWT_SECRET = 'onegrid-development-secret-do-not-use-in-production';
const DEV_GATEWAY_SECRET = 'onegrid-development-gateway-credential';

export interface ServiceConfig {
  port: number;
  url: string;
  databaseUrl?: string;
}

export interface Config {
  nodeEnv: 'development' | 'production' | 'test';
  production: boolean;
  logLevel: string;
  gatewayPort: number;
  /** Whether a start seeds empty databases with the demo district. */
  seedDemoData: boolean;
  /** Per-subgraph request timeout at the gateway. */
  subgraphTimeoutMs: number;
  /** Requests in flight per process (gateway or subgraph) beyond which the next are answered 503 with Retry-After. */
  maxConcurrentRequests: number;
  /** How often change-feed consumers poll (they also wake at once on a notification from a shared server). */
  changeFeedIntervalMs: number;
  services: Record<ServiceName, ServiceConfig>;
  /** How long opening a database connection may take: a start against a database that does not answer fails after it. */
  databaseConnectTimeoutMs: number;
  auth: {
    jwtSecret?: string;
    jwksUrl?: string;
    /** Dev tokens (`npm run token`) exist only where the dev secret may be used. */
    devTokens: boolean;
  };
  /** The credential the gateway adds to its subgraph requests; only it may call `_entities` and `_service`. */
  gatewaySecret: string;
  /** What one GraphQL document may ask of any service (kit/limits), checked before it runs. */
  queryLimits: QueryLimits;
  /** The environment this configuration was read from: subgraphs parse their own settings from it. */
  env: Readonly<NodeJS.ProcessEnv>;
}

function field<T extends z.ZodType>(env: NodeJS.ProcessEnv, name: string, schema: T): z.output<T> {
  const result = schema.safeParse(env[name]);
  if (!result.success) {
    const shown = env[name] === undefined ? 'unset' : JSON.stringify(env[name]);
    throw new ConfigError(`${name} ${result.error.issues[0]?.message ?? 'is invalid'} (got ${shown})`);
  }
  return result.data;
}

/** Parses and validates the whole configuration once; a bad value is a one-line `ConfigError`. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const nodeEnv = field(env, 'NODE_ENV', z.enum(['development', 'production', 'test']).default('development'));
  const production = nodeEnv === 'production';
  const databaseUrl = field(env, 'DATABASE_URL', optional(postgresUrl));
  const services = {} as Record<ServiceName, ServiceConfig>;
  for (const [service, defaultPort] of Object.entries(SERVICE_PORTS) as [ServiceName, number][]) {
    const prefix = envPrefix(service);
    const servicePort = field(env, `${prefix}_PORT`, port.default(defaultPort));
    services[service] = {
      port: servicePort,
      url: field(env, `${prefix}_URL`, optional(httpUrl)) ?? `http://localhost:${servicePort}/graphql`,
      databaseUrl: field(env, `${prefix}_DATABASE_URL`, optional(postgresUrl)) ?? databaseUrl,
    };
  }
  const jwtSecret = field(env, 'JWT_SECRET', optional(z.string().min(32, 'must be at least 32 characters')));
  const jwksUrl = field(env, 'JWKS_URL', optional(httpUrl));
  if (production && !jwtSecret && !jwksUrl) throw new ConfigError('JWT_SECRET or JWKS_URL must be set when NODE_ENV=production');
  const gatewaySecret = field(env, 'GATEWAY_SECRET', optional(z.string().min(16, 'must be at least 16 characters')));
  if (production && !gatewaySecret) throw new ConfigError('GATEWAY_SECRET must be set when NODE_ENV=production');
  return {
    nodeEnv,
    production,
    logLevel: field(
      env,
      'LOG_LEVEL',
      z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default(nodeEnv === 'test' ? 'warn' : 'info'),
    ),
    gatewayPort: field(env, 'GATEWAY_PORT', port.default(4000)),
    seedDemoData: field(env, 'SEED_DEMO_DATA', z.enum(['true', 'false']).default(production ? 'false' : 'true')) === 'true',
    subgraphTimeoutMs: field(env, 'SUBGRAPH_TIMEOUT_MS', z.coerce.number().int().min(100).max(60000).default(5000)),
    // 2 cores serve ~100 requests/s (README's benchmark): 500 in flight is ~5 s of queue, the default deadline
    // (SUBGRAPH_TIMEOUT_MS), so a burst such as a vote's opening waits, and what would wait past it is shed at once.
    maxConcurrentRequests: field(env, 'MAX_CONCURRENT_REQUESTS', z.coerce.number({ message: 'must be a number' }).int('must be a whole number').min(1, 'must be at least 1').max(100000, 'must be at most 100000').default(500)),
    changeFeedIntervalMs: field(env, 'CHANGE_FEED_INTERVAL_MS', z.coerce.number().int().min(50).max(600000).default(1000)),
    services,
    databaseConnectTimeoutMs: field(
      env,
      'DATABASE_CONNECT_TIMEOUT_MS',
      z.coerce.number().int('must be whole milliseconds').min(100, 'must be between 100 and 120000 (milliseconds)').max(120000, 'must be between 100 and 120000 (milliseconds)').default(5000),
    ),
    auth: {
      jwtSecret: jwtSecret ?? (jwksUrl || production ? undefined : DEV_JWT_SECRET),
      jwksUrl,
      devTokens: !production && !jwksUrl,
    },
    gatewaySecret: gatewaySecret ?? DEV_GATEWAY_SECRET,
    // Defaults measured on the committed operations and tests (the heaviest, a directory of every community's grids
    // and their workers, costs about 120,000): see the README's "Limits".
    queryLimits: {
      maxDepth: field(env, 'QUERY_MAX_DEPTH', limit(1, 100).default(12)),
      maxAliases: field(env, 'QUERY_MAX_ALIASES', limit(0, 1000).default(30)),
      maxCost: field(env, 'QUERY_MAX_COST', limit(1, 100_000_000).default(200_000)),
      maxTokens: field(env, 'QUERY_MAX_TOKENS', limit(100, 1_000_000).default(5000)),
    },
    env: Object.freeze({ ...env }),
  };
}

/** A subgraph's own settings parser (e.g. local care rules): throws ConfigError on a bad value. */
export type SettingsParser<Settings = unknown> = (env: Readonly<NodeJS.ProcessEnv>) => Settings;

/** For entry points: the configuration and the subgraphs' own settings; a bad value prints one line and exits 1. */
export function loadConfigOrExit(env: NodeJS.ProcessEnv = process.env, settings: (SettingsParser | undefined)[] = []): Config {
  try {
    const config = loadConfig(env);
    for (const parse of settings) parse?.(env);
    return config;
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`Configuration error: ${error.message}\n`);
    process.exit(1);
  }
}
