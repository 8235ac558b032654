import { GraphQLError } from 'graphql';
import type { Config, ServiceName } from './config';
import { OneGridError } from './errors';
import { GATEWAY_HEADER } from './auth';
import { injectTraceContext } from './tracing';

/** An entity another subgraph owns, as it answered: the fields asked for, null if unknown, or its error. */
export type PeerEntity<T> = T | null | GraphQLError;

export interface PeerClient {
  /** `_entities` of another subgraph, with the caller's own token, so that subgraph's access rules apply. */
  entities<T>(typename: string, ids: string[], selection: string): Promise<PeerEntity<T>[]>;
}

/**
 * Calls another subgraph the way the gateway does (its credential, the caller's bearer token, the request's id and
 * trace, a deadline). For the rare write that must copy another subgraph's reference data at the moment it happens,
 * e.g. enrolling an elder.
 */
export function peerClient(config: Config, service: ServiceName, authorization: string | undefined, requestId: string): PeerClient {
  const { url } = config.services[service];
  return {
    async entities<T>(typename: string, ids: string[], selection: string) {
      const query = `query($representations: [_Any!]!) { _entities(representations: $representations) { ... on ${typename} { ${selection} } } }`;
      let body: { data?: { _entities?: (T | null)[] }; errors?: { message: string; path?: (string | number)[]; extensions?: { code?: string } }[] };
      try {
        const headers: Record<string, string> = {
          'content-type': 'application/json',
          'x-request-id': requestId,
          [GATEWAY_HEADER]: config.gatewaySecret,
          ...(authorization ? { authorization } : {}),
        };
        injectTraceContext((name, value) => (headers[name] = value));
        const response = await fetch(url, {
          method: 'POST',
          headers,
          body: JSON.stringify({ query, variables: { representations: ids.map((id) => ({ __typename: typename, id })) } }),
          signal: AbortSignal.timeout(config.subgraphTimeoutMs),
        });
        body = (await response.json()) as typeof body;
      } catch {
        throw new OneGridError('SUBGRAPH_UNAVAILABLE', `The ${service} service is unavailable; try again later.`, { serviceName: service });
      }
      const entities: PeerEntity<T>[] = ids.map((_, i) => body.data?._entities?.[i] ?? null);
      for (const error of body.errors ?? []) {
        const index = error.path?.[1];
        const failure = new GraphQLError(error.message, { extensions: { code: error.extensions?.code ?? 'INTERNAL_SERVER_ERROR' } });
        if (typeof index === 'number') entities[index] = failure;
        else return ids.map(() => failure);
      }
      return entities;
    },
  };
}
