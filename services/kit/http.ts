import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import express, { type Express, type Request, type RequestHandler } from 'express';
import { Counter } from 'prom-client';
import { ApolloServer, type ApolloServerOptions, type ApolloServerPlugin, type GraphQLRequest, type GraphQLResponse } from '@apollo/server';
import { expressMiddleware } from '@as-integrations/express5';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import type { GraphQLFormattedError } from 'graphql';
import { browserCors } from './cors';
import { formatError, requestBodyErrors, withRefusalStatus } from './errors';
import { BODY_LIMIT, queryLimitRule, type QueryLimits } from './limits';
import { logIfInternal, requestLogger, requestLogPlugin, type Logger, type RequestScope } from './logger';
import { explorerLandingPage, serveExplorer } from './explorer';
import { metricsPlugin, metricsRegistry } from './metrics';
import { traceRequests, tracingEnabled } from './tracing';

/** How long `/readyz` waits for the server's dependencies before answering "not ready". */
const READY_TIMEOUT_MS = 3000;
/** Seconds a shed client is told to wait before trying again. */
export const RETRY_AFTER_SECONDS = 1;

const shedRequests = new Counter({
  name: 'onegrid_requests_shed_total',
  help: 'Requests answered 503 because the process was at its concurrency limit (MAX_CONCURRENT_REQUESTS).',
  labelNames: ['service'] as const,
  registers: [metricsRegistry],
});

/** Thrown by a `ready` check: not ready, with the details to show (which dependency is down, never its address). */
export class NotReady extends Error {
  constructor(readonly details: Record<string, unknown>) {
    super('not ready');
  }
}

/**
 * Load shedding: at most `limit` requests in flight; the next answer at once 503 with a GraphQL-shaped error and
 * Retry-After, so memory and latency stay bounded under load beyond capacity instead of queueing without bound.
 */
export function concurrencyLimit(service: string, limit: number): RequestHandler {
  let inFlight = 0;
  return (_req, res, next) => {
    if (inFlight >= limit) {
      shedRequests.inc({ service });
      res
        .status(503)
        .set('retry-after', String(RETRY_AFTER_SECONDS))
        .json({ errors: [{ message: `The ${service} service is busy; retry after ${RETRY_AFTER_SECONDS} s.`, extensions: { code: 'SERVICE_UNAVAILABLE' } }] });
      return;
    }
    inFlight += 1;
    // 'close' fires once the answer is sent or the client went away: either way the slot is free.
    res.once('close', () => (inFlight -= 1));
    next();
  };
}

/**
 * No GraphQL answer may be stored by a cache on the way (they carry personal data): `no-store`, always. Apollo's own
 * cache-control plugin answered the same (no type or field has a cache hint) after computing a hint for every
 * resolved field, which also made Apollo wrap every resolver: a fifth of a subgraph's allocations under load.
 */
const noStore: ApolloServerPlugin = {
  async requestDidStart() {
    return {
      async willSendResponse({ response }) {
        response.http.headers.set('cache-control', 'no-store');
      },
    };
  },
};

export const requestIdOf = (req: Request) => {
  const given = req.header('x-request-id');
  return given && /^[\w.:-]{1,128}$/.test(given) ? given : randomUUID();
};

export interface RunningServer {
  url: string;
  port: number;
  stop(): Promise<void>;
}

/** A GraphQL server that can also run an operation in-process: Apollo's whole pipeline and plugins, no HTTP or JSON. */
export interface RunningGraphQLServer<Ctx extends RequestScope> extends RunningServer {
  execute(request: GraphQLRequest, contextValue: Ctx): Promise<GraphQLResponse>;
}

export interface GraphQLHttpOptions<Ctx extends RequestScope> {
  name: string;
  port: number;
  production: boolean;
  log: Logger;
  apollo: Omit<ApolloServerOptions<Ctx>, 'formatError' | 'plugins' | 'introspection' | 'validationRules' | 'parseOptions' | 'allowBatchedHttpRequests'> & {
    plugins?: ApolloServerOptions<Ctx>['plugins'];
  };
  /** Depth, aliases, cost and tokens one document may ask for (kit/limits). */
  limits: QueryLimits;
  context: (req: Request, requestId: string) => Promise<Ctx>;
  /**
   * For `/readyz`: resolves (with details to show, if any) when the server's dependencies answer; throws `NotReady`
   * with details when one does not.
   */
  ready: () => Promise<void | Record<string, unknown>>;
  /** Requests in flight beyond which the next are shed with 503 (health, readiness and metrics never are). */
  maxConcurrentRequests: number;
  /** Whether `/graphiql` serves the explorer (off when not said). */
  explorer?: boolean;
  /** Origins whose browser frontends may call `/graphql` (none when not said). */
  corsOrigins?: readonly string[];
  /** Further routes, mounted before `/graphql` (e.g. a change feed). */
  routes?: (app: Express) => void;
}

/**
 * The HTTP shell shared by the gateway and every subgraph: `POST /graphql`, `/healthz`, `/readyz`, `/metrics`,
 * the explorer at `/graphiql` and CORS for allowed origins when configured, masked errors, no introspection in production, load shedding beyond a concurrency limit, and a
 * drain of in-flight requests on stop.
 */
export async function serveGraphQL<Ctx extends RequestScope>(options: GraphQLHttpOptions<Ctx>): Promise<RunningGraphQLServer<Ctx>> {
  const { name, log, production } = options;
  const app: Express = express();
  app.disable('x-powered-by');
  // No ETag: a GraphQL answer is POSTed and not revalidated, and hashing every body cost time on every request.
  app.disable('etag');
  const httpServer = http.createServer(app);
  const server = new ApolloServer<Ctx>({
    ...(options.apollo as ApolloServerOptions<Ctx>),
    introspection: !production,
    includeStacktraceInErrorResponses: false,
    // The entry points own SIGTERM (kit/shutdown): Apollo's own handler would re-raise the signal and cut the drain short.
    stopOnTerminationSignals: false,
    hideSchemaDetailsFromClientErrors: production,
    // Limits for everyone (partners call subgraphs directly): checked before execution, tokens while parsing.
    validationRules: [queryLimitRule(options.limits, production)],
    parseOptions: { maxTokens: options.limits.maxTokens },
    // One operation per request: a batch would multiply every limit above by its length.
    allowBatchedHttpRequests: false,
    // Internal errors are logged by requestLogPlugin, with the request's id.
    formatError: (formatted: GraphQLFormattedError, error: unknown) => formatError(formatted, error, undefined, { production }),
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer }),
      ApolloServerPluginCacheControlDisabled(),
      noStore,
      explorerLandingPage(options.explorer ?? false),
      metricsPlugin(name),
      requestLogPlugin(),
      ...(options.apollo.plugins ?? []),
    ],
  });
  await server.start();

  app.get('/healthz', (_req, res) => void res.json({ status: 'ok', service: name }));
  app.get('/readyz', async (_req, res) => {
    let timer: NodeJS.Timeout | undefined;
    try {
      // A dependency that hangs (rather than refuses) must not hang the probe.
      const timedOut = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${READY_TIMEOUT_MS} ms`)), READY_TIMEOUT_MS);
      });
      const details = await Promise.race([options.ready(), timedOut]);
      res.json({ status: 'ready', service: name, ...(details ? { details } : {}) });
    } catch (error) {
      log.warn({ err: error }, 'not ready');
      res.status(503).json({ status: 'unavailable', service: name, ...(error instanceof NotReady ? { details: error.details } : {}) });
    } finally {
      clearTimeout(timer);
    }
  });
  app.get('/metrics', async (_req, res) => {
    res.type(metricsRegistry.contentType).send(await metricsRegistry.metrics());
  });
  // Everything after this point is shed beyond the limit; the probes and metrics above never are.
  app.use(concurrencyLimit(name, options.maxConcurrentRequests));
  options.routes?.(app);
  serveExplorer(app, options.explorer ?? false);
  app.use(
    '/graphql',
    browserCors(options.corsOrigins ?? []),
    express.json({ limit: BODY_LIMIT }),
    ...(tracingEnabled() ? [traceRequests(name)] : []),
    expressMiddleware(server, {
      context: async ({ req, res }) => {
        const requestId = requestIdOf(req);
        res.setHeader('x-request-id', requestId);
        try {
          return await options.context(req, requestId);
        } catch (error) {
          // No request context, so no plugin hears of it: e.g. a JWKS that cannot be fetched.
          logIfInternal(requestLogger(log, requestId), error);
          throw withRefusalStatus(error);
        }
      },
    }),
    requestBodyErrors,
  );

  try {
    await new Promise<void>((resolve, reject) => {
      httpServer.once('error', reject);
      httpServer.listen(options.port, resolve);
    });
  } catch (error) {
    // A taken port (EADDRINUSE, worded for people by kit/launch): leave nothing half-started behind.
    await server.stop();
    throw error;
  }
  const port = (httpServer.address() as AddressInfo).port;
  return {
    url: `http://localhost:${port}/graphql`,
    port,
    stop: () => server.stop(),
    execute: (request, contextValue) => server.executeOperation(request, { contextValue }),
  };
}
