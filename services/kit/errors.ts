import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { unwrapResolverError } from '@apollo/server/errors';
import { isDatabaseUnavailable } from './db';

/** The error codes of the public contract (DESIGN.md section 4). */
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
 * Apollo Server `formatError`: keeps the contract's codes, turns validation errors into BAD_USER_INPUT with
 * the failed constraints, turns a lost database connection into the retryable SERVICE_UNAVAILABLE, and masks
 * everything else as INTERNAL_SERVER_ERROR (no message, no stack trace).
 */
export function formatError(formatted: GraphQLFormattedError, error: unknown, onInternal?: (e: unknown) => void): GraphQLFormattedError {
  const original = unwrapResolverError(error) as { extensions?: Record<string, unknown> } | undefined;
  const code = String(formatted.extensions?.code ?? original?.extensions?.code ?? 'INTERNAL_SERVER_ERROR');
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
