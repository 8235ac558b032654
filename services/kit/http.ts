import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import express, { type Express, type Request } from 'express';
import { ApolloServer, type ApolloServerOptions, type BaseContext } from '@apollo/server';
import { expressMiddleware } from '@as-integrations/express5';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginLandingPageLocalDefault } from '@apollo/server/plugin/landingPage/default';
import type { GraphQLFormattedError } from 'graphql';
import { formatError } from './errors';
import type { Logger } from './logger';
import { metricsPlugin, metricsRegistry } from './metrics';

export const requestIdOf = (req: Request) => {
  const given = req.header('x-request-id');
  return given && /^[\w.:-]{1,128}$/.test(given) ? given : randomUUID();
};

export interface RunningServer {
  url: string;
  port: number;
  stop(): Promise<void>;
}

export interface GraphQLHttpOptions<Ctx extends BaseContext> {
  name: string;
  port: number;
  production: boolean;
  log: Logger;
  apollo: Omit<ApolloServerOptions<Ctx>, 'formatError' | 'plugins' | 'introspection'> & { plugins?: ApolloServerOptions<Ctx>['plugins'] };
  context: (req: Request, requestId: string) => Promise<Ctx>;
  /** For `/readyz`: resolves (with details to show, if any) when the server's dependencies answer. */
  ready: () => Promise<void | Record<string, unknown>>;
  /** Further routes, mounted before `/graphql` (e.g. a change feed). */
  routes?: (app: Express) => void;
}

/**
 * The HTTP shell shared by the gateway and every subgraph: `POST /graphql`, `/healthz`, `/readyz`, `/metrics`,
 * masked errors, no landing page or introspection in production, and a drain of in-flight requests on stop.
 */
export async function serveGraphQL<Ctx extends BaseContext>(options: GraphQLHttpOptions<Ctx>): Promise<RunningServer> {
  const { name, log, production } = options;
  const app: Express = express();
  app.disable('x-powered-by');
  const httpServer = http.createServer(app);
  const server = new ApolloServer<Ctx>({
    ...(options.apollo as ApolloServerOptions<Ctx>),
    introspection: !production,
    includeStacktraceInErrorResponses: false,
    // The entry points own SIGTERM (kit/shutdown): Apollo's own handler would re-raise the signal and cut the drain short.
    stopOnTerminationSignals: false,
    hideSchemaDetailsFromClientErrors: production,
    formatError: (formatted: GraphQLFormattedError, error: unknown) =>
      formatError(formatted, error, (internal) => log.error({ err: internal }, 'internal error')),
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer }),
      production ? ApolloServerPluginLandingPageDisabled() : ApolloServerPluginLandingPageLocalDefault({ footer: false }),
      metricsPlugin(name),
      ...(options.apollo.plugins ?? []),
    ],
  });
  await server.start();

  app.get('/healthz', (_req, res) => void res.json({ status: 'ok', service: name }));
  app.get('/readyz', async (_req, res) => {
    try {
      const details = await options.ready();
      res.json({ status: 'ready', service: name, ...(details ? { details } : {}) });
    } catch (error) {
      log.warn({ err: error }, 'not ready');
      res.status(503).json({ status: 'unavailable', service: name });
    }
  });
  options.routes?.(app);
  app.get('/metrics', async (_req, res) => {
    res.type(metricsRegistry.contentType).send(await metricsRegistry.metrics());
  });
  app.use(
    '/graphql',
    express.json({ limit: '1mb' }),
    expressMiddleware(server, {
      context: async ({ req, res }) => {
        const requestId = requestIdOf(req);
        res.setHeader('x-request-id', requestId);
        return options.context(req, requestId);
      },
    }),
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
  return { url: `http://localhost:${port}/graphql`, port, stop: () => server.stop() };
}
