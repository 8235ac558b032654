import { composeSupergraph } from '../../gateway/compose';
import { startGateway } from '../../gateway';
import { loadConfig, type Config } from '../../services/kit/config';
import type { DatabaseHandle } from '../../services/kit/db';
import type { RunningServer } from '../../services/kit/http';
import { createLogger } from '../../services/kit/logger';
import { prepareDatabase, printSubgraphSdl, startSubgraph, type AnySubgraphModule } from '../../services/kit/subgraph';
import { GATEWAY_HEADER, signToken, type TokenClaims } from '../../services/kit/auth';
import { openTestDatabase } from './database';

export const testConfig: Config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent' });

export const tokenFor = (claims: Partial<TokenClaims> & Pick<TokenClaims, 'roles'>) =>
  signToken(testConfig.auth.jwtSecret!, { sub: `test:${claims.roles.join('+')}`, ...claims });

export interface GraphQLResponse<T = any> {
  status: number;
  data?: T;
  errors?: { message: string; path?: (string | number)[]; extensions?: { code?: string; [key: string]: unknown } }[];
}

/** POSTs one GraphQL operation; `token` becomes a bearer header. */
export async function postGraphQL<T = any>(
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

/** Subgraphs on free ports over one fresh database, migrated and seeded, behind a gateway composed from their SDL. */
export async function startTestStack(modules: AnySubgraphModule[]): Promise<TestStack> {
  const handle = await openTestDatabase();
  const log = createLogger('silent', 'test');
  const subgraphs: Record<string, RunningServer> = {};
  // Each subgraph started knows where the ones before it listen (for peer calls), and the gateway knows them all.
  const services = { ...testConfig.services };
  for (const module of modules) {
    await prepareDatabase(module, handle, { seed: true });
    subgraphs[module.name] = await startSubgraph(module, { config: { ...testConfig, services: { ...services } }, handle, port: 0, log });
    services[module.name] = { ...services[module.name], url: subgraphs[module.name]!.url };
  }
  const supergraphSdl = composeSupergraph(
    await Promise.all(
      modules.map(async (module) => ({
        name: module.name,
        url: subgraphs[module.name]!.url,
        sdl: await printSubgraphSdl(module),
      })),
    ),
  );
  const gateway = await startGateway({ config: { ...testConfig, services }, supergraphSdl, port: 0, log });
  return {
    handle,
    supergraphSdl,
    subgraphs,
    gateway,
    stop: async () => {
      await gateway.stop();
      for (const server of Object.values(subgraphs)) await server.stop();
      await handle.close();
    },
  };
}
