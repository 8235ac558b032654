import { z } from 'zod';
import { declareVariable } from './variables';
import type { QueryLimits } from './limits';

/** Every subgraph of the federation with its default port (docs/architecture.md section 2). */
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
/** `onegrid` or `onegrid,city-b`: no colon, since `<audience>:<subgraph>` names a partner's subgraph. */
const audienceList = z.preprocess(
  (value) => (typeof value === 'string' ? value.split(',').map((a) => a.trim()).filter(Boolean) : value),
  z.array(z.string().regex(/^[^:\s]+$/, 'must be comma-separated names without ":" or spaces')).min(1, 'must name at least one audience'),
);
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
  /** Connections per process to each PostgreSQL database (the pool's maximum). */
  databasePoolSize: number;
  auth: {
    jwtSecret?: string;
    jwksUrl?: string;
    /** Dev tokens (`npm run token`) exist only where the dev secret may be used. */
    devTokens: boolean;
    /** The `iss` every token must carry. */
    issuer: string;
    /** The deployment's audiences: staff tokens carry one; a partner's carries `<audience>:<subgraph>` (kit/auth). */
    audiences: string[];
    /** How far `exp` and `nbf` may be off (clocks of the issuer and the services differ). */
    clockSkewSeconds: number;
    /** Whether a refused token is told why (development only; production says "invalid or expired"). */
    explainRefusals: boolean;
  };
  /** The credential the gateway adds to its subgraph requests; only it may call `_entities` and `_service`. */
  gatewaySecret: string;
  /** OpenTelemetry: traces are exported over OTLP/HTTP to this collector when set, and not collected at all when not. */
  otlpEndpoint?: string;
  /** The `service.name` of this process's traces (default: the process's own name, e.g. gateway or community). */
  otelServiceName?: string;
  /** Whether `/graphiql` serves the explorer (EXPLORER): on in development, off in production unless asked for. */
  explorer: boolean;
  /** Origins whose browser frontends may call `/graphql` (CORS_ORIGINS); a `*` port stands for any port. */
  corsOrigins: string[];
  /** What one GraphQL document may ask of any service (kit/limits), checked before it runs. */
  queryLimits: QueryLimits;
  /** The environment this configuration was read from: subgraphs parse their own settings from it. */
  env: Readonly<NodeJS.ProcessEnv>;
}

/** `http://localhost:*,https://app.example.org`: scheme, host and port (or `*`), nothing after. */
const origins = z
  .string()
  .transform((value) => value.split(',').map((origin) => origin.trim()).filter(Boolean))
  .refine((list) => list.every((origin) => /^https?:\/\/[a-z0-9.-]+(:(\d{1,5}|\*))?$/i.test(origin)), {
    message: 'must be comma-separated origins such as https://app.example.org or http://localhost:* (no path, no trailing slash)',
  });

/**
 * Reads one variable, validated by its zod schema, and declares it (with its description and the schema's default)
 * for the generated configuration reference.
 */
export function field<T extends z.ZodType>(env: NodeJS.ProcessEnv, name: string, schema: T, description = ''): z.output<T> {
  const fallback = schema.safeParse(undefined);
  declareVariable({ name, description, default: fallback.success && fallback.data !== undefined ? String(fallback.data) : undefined });
  const result = schema.safeParse(env[name]);
  if (!result.success) {
    const shown = env[name] === undefined ? 'unset' : JSON.stringify(env[name]);
    throw new ConfigError(`${name} ${result.error.issues[0]?.message ?? 'is invalid'} (got ${shown})`);
  }
  return result.data;
}

/** Parses and validates the whole configuration once; a bad value is a one-line `ConfigError`. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const nodeEnv = field(env, 'NODE_ENV', z.enum(['development', 'production', 'test']).default('development'), '`production` refuses development secrets and tokens, requires JWT_SECRET or JWKS_URL and GATEWAY_SECRET, and seeds nothing by default');
  const production = nodeEnv === 'production';
  const databaseUrl = field(env, 'DATABASE_URL', optional(postgresUrl), 'PostgreSQL for every subgraph (each in its own schema); unset: embedded PGlite in memory');
  const services = {} as Record<ServiceName, ServiceConfig>;
  for (const [service, defaultPort] of Object.entries(SERVICE_PORTS) as [ServiceName, number][]) {
    const prefix = envPrefix(service);
    const servicePort = field(env, `${prefix}_PORT`, port.default(defaultPort), `Port the ${service} subgraph listens on`);
    services[service] = {
      port: servicePort,
      url: field(env, `${prefix}_URL`, optional(httpUrl), `Where the gateway and other subgraphs reach ${service}; unset: http://localhost:<${prefix}_PORT>/graphql`) ?? `http://localhost:${servicePort}/graphql`,
      databaseUrl: field(env, `${prefix}_DATABASE_URL`, optional(postgresUrl), `PostgreSQL for ${service} alone; unset: DATABASE_URL`) ?? databaseUrl,
    };
  }
  const jwtSecret = field(env, 'JWT_SECRET', optional(z.string().min(32, 'must be at least 32 characters')), 'HS256 secret of the tokens (at least 32 characters); production requires it or JWKS_URL');
  const jwksUrl = field(env, 'JWKS_URL', optional(httpUrl), 'Your identity provider\'s JWKS: tokens are verified against its keys (development tokens are then off)');
  if (production && !jwtSecret && !jwksUrl) throw new ConfigError('JWT_SECRET or JWKS_URL must be set when NODE_ENV=production');
  const gatewaySecret = field(env, 'GATEWAY_SECRET', optional(z.string().min(16, 'must be at least 16 characters')), 'Credential the gateway sends to subgraphs (x-onegrid-gateway); only it may call _entities, _service and /changes; production requires it');
  if (production && !gatewaySecret) throw new ConfigError('GATEWAY_SECRET must be set when NODE_ENV=production');
  return {
    nodeEnv,
    production,
    logLevel: field(
      env,
      'LOG_LEVEL',
      z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default(nodeEnv === 'test' ? 'warn' : 'info'),
      'pino log level (`warn` when NODE_ENV=test)',
    ),
    gatewayPort: field(env, 'GATEWAY_PORT', port.default(4000), 'Port the gateway listens on'),
    seedDemoData: field(env, 'SEED_DEMO_DATA', z.enum(['true', 'false']).default(production ? 'false' : 'true'), 'Seed empty databases with the demo district at start (`false` when NODE_ENV=production)') === 'true',
    subgraphTimeoutMs: field(env, 'SUBGRAPH_TIMEOUT_MS', z.coerce.number().int().min(100).max(60000).default(5000), 'Per-subgraph request timeout at the gateway; past it that subgraph\'s fields are null (SUBGRAPH_UNAVAILABLE)'),
    // 2 cores serve ~100 requests/s (README's benchmark): 500 in flight is ~5 s of queue, the default deadline
    // (SUBGRAPH_TIMEOUT_MS), so a burst such as a vote's opening waits, and what would wait past it is shed at once.
    maxConcurrentRequests: field(env, 'MAX_CONCURRENT_REQUESTS', z.coerce.number({ message: 'must be a number' }).int('must be a whole number').min(1, 'must be at least 1').max(100000, 'must be at most 100000').default(500), 'Requests in flight per process beyond which the next are answered 503 with Retry-After'),
    changeFeedIntervalMs: field(env, 'CHANGE_FEED_INTERVAL_MS', z.coerce.number().int().min(50).max(600000).default(1000), 'How often change-feed consumers poll (they also wake on a PostgreSQL NOTIFY)'),
    services,
    databaseConnectTimeoutMs: field(
      env,
      'DATABASE_CONNECT_TIMEOUT_MS',
      z.coerce.number().int('must be whole milliseconds').min(100, 'must be between 100 and 120000 (milliseconds)').max(120000, 'must be between 100 and 120000 (milliseconds)').default(5000),
      'How long opening a database connection may take before the start fails',
    ),
    databasePoolSize: field(
      env,
      'DATABASE_POOL_SIZE',
      z.coerce.number({ message: 'must be a number' }).int('must be a whole number').min(1, 'must be between 1 and 100').max(100, 'must be between 1 and 100').default(10),
      'Connections a process opens to each PostgreSQL database (its subgraphs share them); statements beyond them queue and are pipelined',
    ),
    auth: {
      jwtSecret: jwtSecret ?? (jwksUrl || production ? undefined : DEV_JWT_SECRET),
      jwksUrl,
      devTokens: !production && !jwksUrl,
      issuer: field(env, 'JWT_ISSUER', z.string().min(1, 'must not be empty').default('onegrid'), 'The `iss` every token must carry'),
      audiences: field(env, 'JWT_AUDIENCE', audienceList.default(['onegrid']), 'The deployment\'s audiences (comma-separated, no `:`): a staff token\'s `aud` names one, a partner\'s `<audience>:<subgraph>`'),
      clockSkewSeconds: field(
        env,
        'JWT_CLOCK_SKEW_SECONDS',
        z.coerce.number({ message: 'must be a number' }).int('must be whole seconds').min(0, 'must be between 0 and 300').max(300, 'must be between 0 and 300').default(30),
        'Tolerance in seconds for a token\'s `exp` and `nbf` (0 to 300)',
      ),
      explainRefusals: !production,
    },
    gatewaySecret: gatewaySecret ?? DEV_GATEWAY_SECRET,
    otlpEndpoint: field(env, 'OTEL_EXPORTER_OTLP_ENDPOINT', optional(httpUrl), 'OpenTelemetry collector base URL (OTLP/HTTP, JSON): spans go to `<endpoint>/v1/traces`; unset: no tracing, at no cost'),
    otelServiceName: field(env, 'OTEL_SERVICE_NAME', optional(z.string().min(1).max(100)), '`service.name` of the process\'s spans; unset: `onegrid` for npm start, else `gateway` or the subgraph\'s name'),
    explorer: field(env, 'EXPLORER', z.enum(['on', 'off']).default(production ? 'off' : 'on'), 'Serve the explorer (GraphiQL, bundled, offline) at `/graphiql` on every service; a browser opening `/graphql` is sent there')  === 'on',
    corsOrigins: field(env, 'CORS_ORIGINS', origins.default(production ? [] : ['http://localhost:*', 'http://127.0.0.1:*']), 'Comma-separated origins (`scheme://host[:port|*]`) whose browser frontends may call `/graphql` (CORS); others get no CORS headers'),
    // Defaults measured on the committed operations and tests (the heaviest, a directory of every community's grids
    // and their workers, costs about 120,000): see the README's "Limits".
    queryLimits: {
      maxDepth: field(env, 'QUERY_MAX_DEPTH', limit(1, 100).default(12), 'Fields one document may nest (edges and node count)'),
      maxAliases: field(env, 'QUERY_MAX_ALIASES', limit(0, 1000).default(30), 'Aliases one document may use, fragments counted per use'),
      maxCost: field(env, 'QUERY_MAX_COST', limit(1, 100_000_000).default(200_000), 'Fields one operation may resolve, lists multiplied by their page size (`first`, or 20)'),
      maxTokens: field(env, 'QUERY_MAX_TOKENS', limit(100, 1_000_000).default(5000), 'Lexical tokens one document may have (the parser stops past it)'),
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
