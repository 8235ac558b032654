import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import pino from 'pino';
import { formatError } from './errors';

export type Logger = pino.Logger;

export const createLogger = (level: string, name: string, destination?: pino.DestinationStream): Logger =>
  destination ? pino({ name, level }, destination) : pino({ name, level });

/** What every request's context carries: its id (`x-request-id`, passed on to subgraphs) and a logger bound to it. */
export interface RequestScope extends BaseContext {
  requestId: string;
  log: Logger;
}

/** The logger of one request: every line it writes carries the request's id. */
export const requestLogger = (log: Logger, requestId: string): Logger => log.child({ requestId });

/** Logs `error` with its stack if it is internal (masked for the client, per formatError): the ones worth reading. */
export function logIfInternal(log: Logger, error: unknown): void {
  const { message, extensions } = (error ?? {}) as { message?: unknown; extensions?: Record<string, unknown> };
  formatError({ message: String(message), extensions }, error, (internal) => log.error({ err: internal }, 'internal error'));
}

/**
 * One line per GraphQL request (operation name, outcome, duration), and each internal error with its stack, both
 * through the request's own logger so they carry its id.
 */
export function requestLogPlugin<Ctx extends RequestScope>(): ApolloServerPlugin<Ctx> {
  return {
    async requestDidStart({ contextValue }) {
      const started = performance.now();
      return {
        async didEncounterErrors({ errors }) {
          for (const error of errors) logIfInternal(contextValue.log, error);
        },
        async willSendResponse({ operation, operationName, response }) {
          const failed = response.body.kind === 'single' && !!response.body.singleResult.errors?.length;
          contextValue.log.info(
            { operation: operation?.name?.value ?? operationName ?? null, outcome: failed ? 'error' : 'ok', ms: Math.round(performance.now() - started) },
            'graphql request',
          );
        },
      };
    },
  };
}
