import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import type { ErrorRequestHandler } from 'express';
import { unwrapResolverError } from '@apollo/server/errors';
import { isDatabaseUnavailable } from './db';

/** The error codes of the public contract (docs/architecture.md section 4). */
export type ErrorCode = 'BAD_USER_INPUT' | 'UNAUTHENTICATED' | 'FORBIDDEN' | 'NOT_FOUND' | 'CONFLICT' | 'SUBGRAPH_UNAVAILABLE' | 'SERVICE_UNAVAILABLE';

export class OneGridError extends GraphQLError {
  constructor(code: ErrorCode, message: string, extensions: Record<string, unknown> = {}) {
    super(message, { extensions: { ...extensions, code } });
  }
}

export const badInput = (message: string, extensions?: Record<string, unknown>) =>
  new OneGridError('BAD_USER_INPUT', message, extensions);
/** A field or operation that needs a signed-in caller (the rest of the response still arrives). */
export const unauthenticated = (message = 'Sign in to see this: send a bearer token.') => new OneGridError('UNAUTHENTICATED', message);
/** A bad or expired token: the whole request is refused with HTTP 401. */
export const invalidToken = (message: string) => new OneGridError('UNAUTHENTICATED', message, { http: { status: 401 } });
export const forbidden = (message = 'You are not allowed to see or change this.') => new OneGridError('FORBIDDEN', message);
/** `field`: the input field that named the missing record, for the mutation's userError. */
export const notFound = (what: string, id: string, field?: string) =>
  new OneGridError('NOT_FOUND', `${what} ${id} was not found.`, field ? { id, field } : { id });
export const conflict = (message: string, extensions?: Record<string, unknown>) =>
  new OneGridError('CONFLICT', message, extensions);

/** Codes a client may see with their message as written; anything else is an internal error and is masked. */
const PUBLIC_CODES = new Set([
  'BAD_USER_INPUT',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'CONFLICT',
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_REQUEST',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
  /** Raised by the gateway when a subgraph is down or too slow; only that subgraph's fields are null. */
  'SUBGRAPH_UNAVAILABLE',
  /** The database was briefly out of reach (a restart): the same request may be sent again. */
  'SERVICE_UNAVAILABLE',
]);

/** type-graphql's name for what the contract calls FORBIDDEN. */
const RENAMED_CODES: Record<string, ErrorCode> = { UNAUTHORIZED: 'FORBIDDEN' };

/** class-validator's error shape: constraints of this property, and of nested objects' properties. */
interface ValidationProblem {
  property: string;
  constraints?: Record<string, string>;
  children?: ValidationProblem[];
}

const problemsOf = (problem: ValidationProblem): string[] => [
  ...Object.values(problem.constraints ?? {}),
  ...(problem.children ?? []).flatMap(problemsOf),
];

/**
 * PostgreSQL errors caused by the input (SQLSTATE class 22, data exceptions, and check constraints): the client's
 * mistake, said without the SQL or its parameters. A check constraint is the database's last word on a value the
 * resolver did not validate itself, so it is the input's fault too.
 */
const INPUT_SQLSTATES: Record<string, string> = {
  '22P02': 'A value in the input is not in the expected format.',
  '22007': 'A date or time in the input does not exist.',
  '22008': 'A date or time in the input does not exist.',
  '22003': 'A number in the input is out of range.',
  '22021': 'A text in the input contains characters that cannot be stored (e.g. a NUL character).',
  '22P05': 'A text in the input contains characters that cannot be stored (e.g. a NUL character).',
  '22001': 'A text in the input is too long.',
  '23514': 'A value in the input breaks a rule of the data.',
};

/** The neutral message for a database error the input caused (in the driver's error or any of its causes). */
export function inputErrorMessage(error: unknown): string | undefined {
  for (let e = error as { code?: unknown; cause?: unknown } | undefined, hops = 0; e && hops < 10; e = e.cause as typeof e, hops++) {
    if (typeof e.code !== 'string') continue;
    if (INPUT_SQLSTATES[e.code]) return INPUT_SQLSTATES[e.code];
    if (e.code.startsWith('22')) return 'A value in the input is not valid.';
  }
  return undefined;
}

/**
 * What production messages drop: graphql-js's suggestions ("Did you mean "residents"?"), which reveal the schema, and
 * the parser's token limit (the limits are not told, kit/limits).
 */
const PRODUCTION_REWRITES: [RegExp, string][] = [
  [/\s*Did you mean [^?]*\?/g, ''],
  [/Document contains more tha[nt] \d+ tokens/g, 'Document contains too many tokens'],
];

/**
 * Apollo Server `formatError`: keeps the contract's codes, turns validation errors and database errors the input
 * caused into BAD_USER_INPUT, turns a lost database connection into the retryable SERVICE_UNAVAILABLE, and masks
 * everything else as INTERNAL_SERVER_ERROR (no message, no stack trace). In production it strips "Did you mean"
 * suggestions from every message (Apollo's hideSchemaDetailsFromClientErrors misses variable coercion errors) and
 * the token limit's figure.
 */
export function formatError(
  formatted: GraphQLFormattedError,
  error: unknown,
  onInternal?: (e: unknown) => void,
  options: { production?: boolean } = {},
): GraphQLFormattedError {
  const result = formatKnownError(formatted, error, onInternal);
  if (!options.production) return result;
  return { ...result, message: PRODUCTION_REWRITES.reduce((message, [pattern, replacement]) => message.replace(pattern, replacement), result.message) };
}

/**
 * A value written in the query that its type refuses (graphql's ValuesOfCorrectType: an Int past 32 bits, an unknown
 * enum value, a scalar's own refusal such as 2026-02-30): bad input, though Apollo files it as a validation failure.
 */
const BAD_LITERAL = /^(Int|Float|String|Boolean|ID) cannot represent|^Expected value of type|^Value "[^"]*" does not exist in "[^"]*" enum/;
const isBadLiteral = (message: string, error: unknown) =>
  BAD_LITERAL.test(message) || (error as { originalError?: { extensions?: { code?: unknown } } } | undefined)?.originalError?.extensions?.code === 'BAD_USER_INPUT';

function formatKnownError(formatted: GraphQLFormattedError, error: unknown, onInternal?: (e: unknown) => void): GraphQLFormattedError {
  const original = unwrapResolverError(error) as { extensions?: Record<string, unknown> } | undefined;
  let code = String(formatted.extensions?.code ?? original?.extensions?.code ?? 'INTERNAL_SERVER_ERROR');
  if (code === 'GRAPHQL_VALIDATION_FAILED' && isBadLiteral(formatted.message, error)) code = 'BAD_USER_INPUT';
  const renamed = RENAMED_CODES[code];
  const validationErrors = (original?.extensions?.validationErrors ?? formatted.extensions?.validationErrors) as
    | ValidationProblem[]
    | undefined;
  if (validationErrors) {
    const problems = validationErrors.flatMap(problemsOf);
    return {
      message: problems.length ? `Invalid input: ${problems.join('; ')}.` : formatted.message,
      locations: formatted.locations,
      path: formatted.path,
      extensions: { code: 'BAD_USER_INPUT', problems },
    };
  }
  if (renamed || PUBLIC_CODES.has(code)) {
    const { stacktrace: _stack, exception: _exception, ...extensions } = formatted.extensions ?? {};
    return { ...formatted, extensions: { ...extensions, code: renamed ?? code } };
  }
  const inputError = inputErrorMessage(original ?? error);
  if (inputError) {
    return { message: inputError, locations: formatted.locations, path: formatted.path, extensions: { code: 'BAD_USER_INPUT' } };
  }
  onInternal?.(original ?? error);
  if (isDatabaseUnavailable(original ?? error)) {
    // A lost connection rolls back what it had not committed, and creates carry an idempotencyKey: retrying is safe.
    return {
      message: 'The service is briefly unavailable: try again in a moment.',
      locations: formatted.locations,
      path: formatted.path,
      extensions: { code: 'SERVICE_UNAVAILABLE' },
    };
  }
  return {
    message: 'Internal server error.',
    locations: formatted.locations,
    path: formatted.path,
    extensions: { code: 'INTERNAL_SERVER_ERROR' },
  };
}

const REFUSAL_STATUS: Record<string, number> = { UNAUTHENTICATED: 401, FORBIDDEN: 403 };

/**
 * An error thrown while building a request's context (a bad token, a partner outside its audience) with the HTTP
 * status of its code: Apollo answers 500 otherwise, and the gateway would take the subgraph for down.
 */
export function withRefusalStatus(error: unknown): unknown {
  if (!(error instanceof GraphQLError)) return error;
  const status = REFUSAL_STATUS[String(error.extensions.code)];
  if (!status || error.extensions.http) return error;
  return new GraphQLError(error.message, { extensions: { ...error.extensions, http: { status } } });
}

/** What a request body's parse failure is, in the client's words: status and message (never Express's HTML page). */
const BODY_FAILURES: Record<string, [number, string]> = {
  'entity.parse.failed': [400, 'The request body is not valid JSON.'],
  'entity.too.large': [413, 'The request body is too large.'],
  'encoding.unsupported': [415, 'The request body has an unsupported encoding.'],
  'charset.unsupported': [415, 'The request body has an unsupported charset.'],
};

/** Express error handler after `/graphql`: a body that cannot be read answers a GraphQL-shaped JSON error. */
export const requestBodyErrors: ErrorRequestHandler = (error: { type?: string; status?: number }, _req, res, next) => {
  if (res.headersSent) return next(error);
  const [status, message] = BODY_FAILURES[error.type ?? ''] ??
    (error.status && error.status >= 400 && error.status < 500 ? [error.status, 'The request could not be read.'] : [500, 'Internal server error.']);
  res.status(status).json({ errors: [{ message, extensions: { code: status === 500 ? 'INTERNAL_SERVER_ERROR' : 'BAD_REQUEST' } }] });
};
