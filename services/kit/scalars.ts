import { GraphQLError, GraphQLScalarType, Kind, type ValueNode } from 'graphql';
import { DateTimeResolver } from 'graphql-scalars';

/**
 * The scalars every subgraph shares (docs/schema-conventions.md). Defined once here so that every subgraph prints
 * them identically and composition merges them.
 */

const invalid = (scalar: string, expected: string, value: unknown) =>
  new GraphQLError(`${scalar} must be ${expected}; got ${JSON.stringify(value)}.`, { extensions: { code: 'BAD_USER_INPUT' } });

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Whether `text` is a real calendar date written YYYY-MM-DD (no 2026-02-30). */
export function isCalendarDate(text: string): boolean {
  const match = DATE.exec(text);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

function parseDate(value: unknown): string {
  if (typeof value !== 'string' || !isCalendarDate(value)) throw invalid('Date', 'a calendar date written YYYY-MM-DD', value);
  return value;
}

/** A calendar date without a time zone, kept as its YYYY-MM-DD text end to end (birth dates, service days). */
export const DateScalar = new GraphQLScalarType<string, string>({
  name: 'Date',
  description: 'A calendar date (日期) written YYYY-MM-DD, e.g. "2026-03-01", without a time of day or time zone.',
  serialize: (value) => (value instanceof Date ? value.toISOString().slice(0, 10) : parseDate(value)),
  parseValue: parseDate,
  parseLiteral: (ast: ValueNode) => parseDate(ast.kind === Kind.STRING ? ast.value : undefined),
});

/** An instant: graphql-scalars' RFC 3339 date-time, described in the project's words. */
export const DateTimeScalar = new GraphQLScalarType({
  ...DateTimeResolver.toConfig(),
  description: 'An instant in time (时间), RFC 3339 with an offset, e.g. "2026-03-01T08:30:00.000Z".',
});

function parseCents(value: unknown): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) {
    throw invalid('Cents', `a whole number of cents between ${Number.MIN_SAFE_INTEGER} and ${Number.MAX_SAFE_INTEGER}`, value);
  }
  return value;
}

/**
 * Money in whole cents (分) of CNY: a JSON integer, exact up to 2^53 − 1 cents (about ¥90 trillion), where GraphQL's
 * `Int` stops at 2^31 − 1 cents (about ¥21.47 million, less than a compound's renovation budget).
 */
export const CentsScalar = new GraphQLScalarType<number, number>({
  name: 'Cents',
  description:
    'An amount of money (金额) in whole cents (分) of CNY, e.g. 1250 for ¥12.50: a JSON integer, exact up to 2^53 − 1.',
  serialize: (value) => parseCents(typeof value === 'string' && /^-?\d+$/.test(value) ? Number(value) : value),
  parseValue: parseCents,
  parseLiteral: (ast) => parseCents(ast.kind === Kind.INT ? Number(ast.value) : undefined),
});

const DECIMAL = /^-?\d{1,15}(\.\d{1,6})?$/;

function parseDecimal(value: unknown): string {
  if (typeof value !== 'string' || !DECIMAL.test(value)) throw invalid('Decimal', 'a decimal number written as a string, e.g. "85.5"', value);
  return value;
}

/** An exact decimal (areas in m²): a string, so no binary floating point rounds it on the way. */
export const DecimalScalar = new GraphQLScalarType<string, string>({
  name: 'Decimal',
  description: 'An exact decimal number (小数) written as a string, e.g. "85.5"; used for areas in m².',
  // Stored as PostgreSQL numeric; drivers may hand over the number or its text.
  serialize: (value) => parseDecimal(typeof value === 'number' ? String(value) : value),
  parseValue: parseDecimal,
  parseLiteral: (ast) => parseDecimal(ast.kind === Kind.STRING ? ast.value : undefined),
});

/** What type-graphql maps TypeScript `Date` properties to. */
export const SCALARS_MAP = [{ type: Date, scalar: DateTimeScalar }];
