import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import pino from 'pino';
import { formatError } from './errors';

export type Logger = pino.Logger;

/**
 * Personal data and credentials never reach the logs: these keys are censored wherever a log line carries them at
 * the top level or up to three objects deep (a request's headers, a mutation's input, a row).
 */
const SENSITIVE_KEYS = [
  'authorization',
  'cookie',
  'x-onegrid-gateway',
  'token',
  'accessToken',
  'jwt',
  'password',
  'secret',
  'idNumber',
  'phone',
  'name',
  'address',
  'findings',
  'emergencyContacts',
  'birthDate',
  'variables',
] as const;

const quoted = (key: string) => (/^[A-Za-z_$][\w$]*$/.test(key) ? `.${key}` : `["${key}"]`);
export const REDACTED_PATHS = SENSITIVE_KEYS.flatMap((key) => [
  // The logger's own `name` (the service) stays; a person's name one level down or more does not.
  ...(key === 'name' ? [] : [quoted(key).replace(/^\./, '')]),
  `*${quoted(key)}`,
  `*.*${quoted(key)}`,
  `*.*.*${quoted(key)}`,
]);

/** A database error's message with the statement's parameters, the failing row and quoted values cut out. */
function withheld(message: string): string {
  if (message.startsWith('Failed query')) return 'Failed query (statement and parameters withheld from the logs)';
  // PostgreSQL quotes the offending value at the end, e.g. `invalid input syntax for type integer: "…"`.
  return message.replace(/: ".*"$/s, ': "[withheld]"').split('\n')[0]!;
}

interface SerializedError {
  type: string;
  message: string;
  stack?: string;
  code?: string;
  constraint?: string;
  table?: string;
  column?: string;
  cause?: SerializedError;
}

/**
 * Errors as logged: type, message, code and the stack's frames, and the same of their cause. Never the properties
 * drivers attach (postgres.js `parameters`, `query`, `detail` with the failing row; drizzle's `params`), which carry
 * the values a statement wrote: ID numbers, phones, names.
 */
export function serializeError(error: unknown, depth = 0): SerializedError | undefined {
  if (!(error instanceof Error)) return error === undefined ? undefined : { type: typeof error, message: '[not an Error; withheld]' };
  const e = error as Error & { code?: unknown; constraint_name?: unknown; constraint?: unknown; table_name?: unknown; column_name?: unknown };
  const message = withheld(e.message);
  const frames = e.stack?.split('\n').filter((line) => /^\s+at /.test(line)) ?? [];
  const text = (value: unknown) => (typeof value === 'string' ? value : undefined);
  return {
    type: e.constructor?.name ?? 'Error',
    message,
    stack: [`${e.name}: ${message}`, ...frames].join('\n'),
    code: text(e.code),
    constraint: text(e.constraint_name) ?? text(e.constraint),
    table: text(e.table_name),
    column: text(e.column_name),
    cause: depth < 5 && e.cause !== undefined ? serializeError(e.cause, depth + 1) : undefined,
  };
}

/**
 * The kit's logger (JSON lines). `destination`: where lines go (stdout by default; a test captures them with a
 * stream).
 */
export const createLogger = (level: string, name: string, destination?: pino.DestinationStream): Logger =>
  pino(
    {
      name,
      level,
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      serializers: { err: serializeError, error: serializeError },
    },
    destination,
  );

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
