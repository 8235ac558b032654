import { readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { ApolloGateway, type GraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import type { GatewayGraphQLResponse } from '@apollo/server-gateway-interface';
import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError } from 'graphql';
import { admitViewer, createTokenVerifier, GATEWAY_HEADER, type Viewer } from '../services/kit/auth';
import type { Config, ServiceName } from '../services/kit/config';
import { NotReady, serveGraphQL, type RunningServer } from '../services/kit/http';
import { createLogger, requestLogger, type Logger, type RequestScope } from '../services/kit/logger';
import { timeSubgraphFetch } from '../services/kit/metrics';
import { injectTraceContext } from '../services/kit/tracing';
import { isOneOf } from '../services/kit/enums';

import { keepAliveFetcher, type SubgraphFetch } from './fetcher';
import { InProcessDataSource } from './local';
import type { LaunchedSubgraph } from '../services/kit/launch';

/** How long `/readyz` waits for each subgraph's own `/readyz`. */
const READY_TIMEOUT_MS = 2000;

interface GatewayContext extends RequestScope {
  viewer: Viewer;
  authorization?: string;
}

/** `schema/supergraph.graphql`, found from the source tree and from the compiled one in `dist/`. */
export function readSupergraph(): string {
  for (let dir = __dirname; dir !== path.dirname(dir); dir = path.dirname(dir)) {
    const file = path.join(dir, 'schema', 'supergraph.graphql');
    if (existsSync(file)) return readFileSync(file, 'utf8');
  }
  throw new Error('schema/supergraph.graphql not found: run `npm run schema`.');
}

/**
 * A subgraph over HTTP. A subgraph that cannot be reached (down, or past its deadline) nulls only its own fields; the
 * error names the service, never its internal address.
 *
 * What @apollo/gateway's `RemoteGraphQLDataSource` did, minus what OneGrid never uses (APQ, response hooks, cache
 * hints: every answer is no-store) and the node-fetch Headers and Request it built per fetch for those (~4% of the
 * gateway's CPU): the same JSON body, the headers `headersFor` gives plus the trace context, and the same HTTP error
 * (status and parsed body) for `refusalErrors`.
 */
class SubgraphDataSource implements GraphQLDataSource<GatewayContext> {
  constructor(
    private readonly serviceName: string,
    private readonly url: string,
    private readonly fetch: SubgraphFetch,
    private readonly headersFor: (context: Partial<GatewayContext>) => Record<string, string>,
  ) {}

  async process(options: GraphQLDataSourceProcessOptions<GatewayContext>): Promise<GatewayGraphQLResponse> {
    const fetched = timeSubgraphFetch(this.serviceName);
    try {
      const response = await this.send(options);
      fetched(!!response.errors?.length);
      return response;
    } catch (error) {
      fetched(true);
      // A subgraph that answered 400/401/403 with GraphQL errors is up: it refused the input (a malformed scalar), the
      // token or the caller (a partner's wrong audience). Its errors, with their codes, are the answer, not "unavailable".
      const refused = refusalErrors(error);
      if (refused) return { errors: refused };
      // Health checks and schema loading have no request, hence no request logger.
      (options.context as Partial<GatewayContext>).log?.warn({ err: error, service: this.serviceName }, 'subgraph unavailable');
      throw new GraphQLError(`The ${this.serviceName} service is unavailable; its fields are null.`, {
        extensions: { code: 'SUBGRAPH_UNAVAILABLE', serviceName: this.serviceName },
      });
    }
  }

  private async send({ request, context }: GraphQLDataSourceProcessOptions<GatewayContext>): Promise<GatewayGraphQLResponse> {
    const headers: Record<string, string> = { 'content-type': 'application/json', ...this.headersFor(context) };
    injectTraceContext((name, value) => (headers[name] = value));
    const { query, variables, operationName, extensions } = request;
    if (!query) throw new Error('Missing query');
    const answer = await this.fetch(this.url, { method: 'POST', headers, body: JSON.stringify({ query, variables, operationName, extensions }) });
    const json = /^application\/(graphql-response\+)?json/.test(answer.headers.get('content-type') ?? '');
    const body = json ? await answer.json() : await answer.text();
    if (!answer.ok) {
      const code = answer.status === 401 ? 'UNAUTHENTICATED' : answer.status === 403 ? 'FORBIDDEN' : undefined;
      throw new GraphQLError(`${answer.status}: ${answer.statusText}`, {
        extensions: { response: { status: answer.status, statusText: answer.statusText, body }, ...(code ? { code } : {}) },
      });
    }
    if (typeof body !== 'object' || body === null) throw new Error(`Expected JSON response body, but received: ${String(body)}`);
    return body as GatewayGraphQLResponse;
  }
}

/** What a subgraph answers with HTTP 4xx about a request the gateway let through: the client's input or credentials. */
const REFUSAL_CODES = ['BAD_USER_INPUT', 'GRAPHQL_VALIDATION_FAILED', 'GRAPHQL_PARSE_FAILED', 'BAD_REQUEST', 'UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND'] as const;
const REFUSAL_STATUSES = new Set([400, 401, 403, 404, 413]);

/** An address a message must not carry to the client (a URL, host:port or IP address). */
const INTERNAL_ADDRESS = /\b(?:https?:\/\/\S+|localhost(?::\d+)?|\d{1,3}(?:\.\d{1,3}){3}(?::\d+)?|\[[0-9a-f:]+\](?::\d+)?)/gi;

/** The GraphQL errors of a subgraph's HTTP 4xx answer, if that is what `error` reports and all are refusals. */
function refusalErrors(error: unknown): GraphQLError[] | undefined {
  const response = (error as { extensions?: { response?: { status?: unknown; body?: unknown } } } | undefined)?.extensions?.response;
  const errors = (response?.body as { errors?: unknown } | undefined)?.errors;
  if (!REFUSAL_STATUSES.has(response?.status as number) || !Array.isArray(errors) || errors.length === 0) return undefined;
  const all = errors as { message?: unknown; extensions?: { code?: unknown } }[];
  if (!all.every((e) => isOneOf(REFUSAL_CODES, e.extensions?.code) && typeof e.message === 'string')) return undefined;
  return all.map((e) => new GraphQLError(String(e.message).replace(INTERNAL_ADDRESS, 'an internal service'), { extensions: { code: e.extensions?.code } }));
}

/**
 * A query may reach a subgraph several times (its root fields, then its fields on other subgraphs' entities): when it
 * is down, the client hears so once, not once per fetch.
 */
const oneErrorPerUnavailableSubgraph: ApolloServerPlugin<GatewayContext> = {
  async requestDidStart() {
    return {
      async willSendResponse({ response }) {
        if (response.body.kind !== 'single' || !response.body.singleResult.errors) return;
        const reported = new Set<unknown>();
        response.body.singleResult.errors = response.body.singleResult.errors.filter((error) => {
          if (error.extensions?.code !== 'SUBGRAPH_UNAVAILABLE') return true;
          const service = error.extensions.serviceName;
          if (reported.has(service)) return false;
          reported.add(service);
          return true;
        });
      },
    };
  },
};

const subgraphUrl = (config: Config, name: string, composedUrl: string | undefined) =>
  config.services[name as ServiceName]?.url ?? composedUrl ?? '';

/**
 * The gateway: serves the static supergraph, verifies the bearer token (subgraphs verify it again), forwards it
 * with `x-request-id` and its own credential, and masks subgraph failures so internal addresses never leak.
 */
export async function startGateway(options: {
  config: Config;
  supergraphSdl?: string;
  port?: number;
  log?: Logger;
  /** Subgraphs running in this process, executed in-process (no HTTP or JSON between them and the gateway). */
  inProcess?: LaunchedSubgraph[];
}): Promise<RunningServer> {
  const { config } = options;
  const log = options.log ?? createLogger(config.logLevel, 'gateway');
  const verifyToken = createTokenVerifier(config.auth);
  // Keep-alive, with a deadline per fetch: a slow subgraph costs its fields, not the whole request.
  const subgraphFetch = keepAliveFetcher(config.subgraphTimeoutMs);
  const subgraphUrls = new Map<string, string>();
  // What every subgraph hears from the gateway: the caller's token, the request id and the gateway's credential.
  const headersFor = (context: Partial<GatewayContext>) => ({
    ...(context.authorization ? { authorization: context.authorization } : {}),
    ...(context.requestId ? { 'x-request-id': context.requestId } : {}),
    [GATEWAY_HEADER]: config.gatewaySecret,
  });
  // Unless told otherwise, @apollo/gateway sends Apollo usage data (hourly and at stop) and, at start, probes the cloud
  // metadata addresses of AWS, GCP and Azure for it: a OneGrid gateway calls no one but its subgraphs.
  // eslint-disable-next-line no-restricted-syntax -- not OneGrid configuration: the library's own switch, read by its constructor
  process.env.APOLLO_TELEMETRY_DISABLED ??= 'true';
  const gateway = new ApolloGateway({
    supergraphSdl: options.supergraphSdl ?? readSupergraph(),
    logger: log,
    buildService: ({ name, url }) => {
      const target = subgraphUrl(config, name, url);
      subgraphUrls.set(name, target);
      const local = options.inProcess?.find(({ module }) => module.name === name);
      if (local) return new InProcessDataSource<GatewayContext>(local.server, headersFor);
      return new SubgraphDataSource(name, target, subgraphFetch.fetch, headersFor);
    },
  });
  const running = await serveGraphQL<GatewayContext>({
    name: 'gateway',
    port: options.port ?? config.gatewayPort,
    production: config.production,
    explorer: config.explorer,
    corsOrigins: config.corsOrigins,
    log,
    limits: config.queryLimits,
    apollo: {
      gateway,
      plugins: [oneErrorPerUnavailableSubgraph],
    },
    maxConcurrentRequests: config.maxConcurrentRequests,
    // Every subgraph is required: each is listed by name (never its address), and one not ready makes the gateway not ready.
    ready: async () => {
      const states = await Promise.all(
        [...subgraphUrls].map(async ([name, url]) => {
          try {
            const response = await fetch(url.replace(/\/graphql$/, '/readyz'), { signal: AbortSignal.timeout(READY_TIMEOUT_MS) });
            return [name, response.ok ? 'ready' : 'unavailable'] as const;
          } catch {
            return [name, 'unavailable'] as const;
          }
        }),
      );
      const subgraphs = Object.fromEntries(states);
      if (states.some(([, state]) => state !== 'ready')) throw new NotReady({ subgraphs });
      return { subgraphs };
    },
    context: async (req, requestId) => {
      const authorization = req.header('authorization');
      return { viewer: admitViewer(await verifyToken(authorization), 'gateway', config.auth), authorization, requestId, log: requestLogger(log, requestId) };
    },
  });
  log.info({ url: running.url }, 'gateway ready');
  return {
    ...running,
    stop: async () => {
      await running.stop();
      subgraphFetch.close();
    },
  };
}
