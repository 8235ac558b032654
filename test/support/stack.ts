import { composeSupergraph } from '../../gateway/compose';
import { startGateway } from '../../gateway';
import { loadConfig, type Config } from '../../services/kit/config';
import type { DatabaseHandle } from '../../services/kit/db';
import type { RunningServer } from '../../services/kit/http';
import { launch, type AnySubgraphModule } from '../../services/kit/launch';
import { createLogger, type Logger } from '../../services/kit/logger';
import { printSubgraphSdl } from '../../services/kit/subgraph';
import { GATEWAY_HEADER, signToken, subgraphAudience, type TokenClaims } from '../../services/kit/auth';
import type { ServiceName } from '../../services/kit/config';
import { openTestDatabase } from './database';

// Two test files run at once on two cores, each with its stack: a 5 s deadline per subgraph fetch would measure the
// machine, not the code (hundreds of concurrent writes queue on one row). Tests about deadlines set their own.
export const testConfig: Config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent', SUBGRAPH_TIMEOUT_MS: '30000' });

/** What a test token claims; `aud` names subgraphs (a partner's), else the token is good everywhere. */
export type TestClaims = Partial<Omit<TokenClaims, 'aud'>> & Pick<TokenClaims, 'roles'> & { aud?: ServiceName[] };

/** A token of a deployment configured by `config`, `aud` mapped to `<audience>:<subgraph>` as that deployment issues it. */
export const signTestToken = (config: Config, { aud, ...claims }: TestClaims) =>
  signToken(config.auth, {
    sub: `test:${claims.roles.join('+')}`,
    ...claims,
    aud: aud?.map((service) => subgraphAudience(config.auth.audiences[0]!, service)),
  });

/** A token of the test deployment. */
export const tokenFor = (claims: TestClaims) => signTestToken(testConfig, claims);

export interface GraphQLResponse<T = unknown> {
  status: number;
  data?: T;
  errors?: { message: string; path?: (string | number)[]; extensions?: { code?: string; [key: string]: unknown } }[];
}

/** POSTs one GraphQL operation; `token` becomes a bearer header. */
export async function postGraphQL<T = unknown>(
  url: string,
  query: string,
  variables: Record<string, unknown> = {},
  options: { token?: string; headers?: Record<string, string> } = {},
): Promise<GraphQLResponse<T>> {
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
      ...options.headers,
    },
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.status, ...((await response.json()) as object) };
}

/** The header that proves a request comes from the gateway. */
export const asGateway = { [GATEWAY_HEADER]: testConfig.gatewaySecret };

export interface TestStack {
  handle: DatabaseHandle;
  supergraphSdl: string;
  subgraphs: Record<string, RunningServer>;
  gateway: RunningServer;
  stop(): Promise<void>;
}

/**
 * Subgraphs on free ports over one fresh database, migrated and seeded, behind a gateway composed from their SDL.
 * `config` (e.g. production mode), `log` (e.g. a logger writing to a stream the test reads) and `seed` replace the defaults.
 */
export async function startTestStack(
  modules: readonly AnySubgraphModule[],
  options: { config?: Config; log?: Logger; seed?: boolean } = {},
): Promise<TestStack> {
  let supergraphSdl = '';
  // The kit's one start-up, on free ports and a throwaway database; the gateway serves a supergraph composed from
  // exactly these subgraphs (a test may start only some of them).
  const launched = await launch({
    config: options.config ?? testConfig,
    log: options.log ?? createLogger('silent', 'test'),
    subgraphs: modules,
    ports: 'any',
    seed: options.seed ?? true,
    openDatabase: () => openTestDatabase(),
    gateway: async ({ config, log, port, subgraphs }) => {
      supergraphSdl = composeSupergraph(
        await Promise.all(subgraphs.map(async ({ module, server }) => ({ name: module.name, url: server.url, sdl: await printSubgraphSdl(module) }))),
      );
      return startGateway({ config, supergraphSdl, port, log });
    },
  });
  return {
    handle: launched.databaseOf(modules[0]!.name),
    supergraphSdl,
    subgraphs: launched.subgraphs,
    gateway: launched.gateway!,
    stop: launched.stop,
  };
}
