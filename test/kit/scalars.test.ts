import { graphql, GraphQLObjectType, GraphQLSchema, GraphQLString, type GraphQLScalarType } from 'graphql';
import { CentsScalar, DateScalar, DecimalScalar } from '../../services/kit/scalars';

/**
 * A tiny executable schema: `echo<Scalar>(value)` parses a literal or a variable and serialises it back;
 * `stored<Scalar>(raw)` serialises what a driver would hand over (given as JSON text, so it may be any type).
 */
const echo = (scalar: GraphQLScalarType) => ({ type: scalar, args: { value: { type: scalar } }, resolve: (_: unknown, args: { value: unknown }) => args.value });
const stored = (scalar: GraphQLScalarType, revive: (raw: unknown) => unknown = (raw) => raw) => ({
  type: scalar,
  args: { raw: { type: GraphQLString } },
  resolve: (_: unknown, args: { raw: string }) => revive(JSON.parse(args.raw)),
});
const schema = new GraphQLSchema({
  query: new GraphQLObjectType({
    name: 'Query',
    fields: {
      echoDate: echo(DateScalar),
      echoCents: echo(CentsScalar),
      echoDecimal: echo(DecimalScalar),
      storedDate: stored(DateScalar, (raw) => (typeof raw === 'string' && raw.includes('T') ? new Date(raw) : raw)),
      storedCents: stored(CentsScalar),
      storedDecimal: stored(DecimalScalar),
    },
  }),
});

const run = async (source: string, variableValues?: Record<string, unknown>) => {
  const result = await graphql({ schema, source, variableValues });
  return { data: result.data as Record<string, unknown> | null | undefined, errors: result.errors ?? [] };
};
/** The value of `field(value: <literal>)` and of `field(value: $v)` with `value` as a variable. */
async function bothWays(field: string, type: string, literal: string, value: unknown) {
  return {
    literal: await run(`{ ${field}(value: ${literal}) }`),
    variable: await run(`query ($v: ${type}) { ${field}(value: $v) }`, { v: value }),
  };
}
const storedValue = (field: string, raw: unknown) => run(`query ($raw: String) { ${field}(raw: $raw) }`, { raw: JSON.stringify(raw) });

/** Exactly one GraphQLError, coded BAD_USER_INPUT, whose message says what the scalar expects. */
function expectRefused(result: { errors: readonly { message: string; extensions: Record<string, unknown> }[] }, scalar: string) {
  expect(result.errors).toHaveLength(1);
  expect(result.errors[0]!.extensions.code).toBe('BAD_USER_INPUT');
  expect(result.errors[0]!.message).toContain(`${scalar} must be`);
}

describe('Date', () => {
  it.each(['2026-03-01', '2024-02-29'])('takes %s as a literal and as a variable', async (date) => {
    const { literal, variable } = await bothWays('echoDate', 'Date', JSON.stringify(date), date);
    expect(literal).toEqual({ data: { echoDate: date }, errors: [] });
    expect(variable).toEqual({ data: { echoDate: date }, errors: [] });
  });

  it.each(['2026-02-30', '2025-02-29', '2026-13-01', '2026-3-1', '2026-03-01T00:00:00Z'])('refuses %s both ways', async (date) => {
    const { literal, variable } = await bothWays('echoDate', 'Date', JSON.stringify(date), date);
    expectRefused(literal, 'Date');
    expectRefused(variable, 'Date');
  });

  it('refuses a number', async () => {
    const { literal, variable } = await bothWays('echoDate', 'Date', '20260301', 20260301);
    expectRefused(literal, 'Date');
    expectRefused(variable, 'Date');
  });

  it('serialises a stored Date object as its YYYY-MM-DD', async () => {
    expect((await storedValue('storedDate', '2026-03-01T00:00:00.000Z')).data).toEqual({ storedDate: '2026-03-01' });
  });

  it('refuses to serialise a stored string that is not a date', async () => {
    expectRefused(await storedValue('storedDate', 'March 1st'), 'Date');
  });
});

describe('Cents', () => {
  const PAST_INT = 2 ** 31 + 5;
  it.each([0, -1250, PAST_INT, Number.MAX_SAFE_INTEGER, Number.MIN_SAFE_INTEGER])('round-trips %d both ways', async (cents) => {
    const { literal, variable } = await bothWays('echoCents', 'Cents', String(cents), cents);
    expect(literal).toEqual({ data: { echoCents: cents }, errors: [] });
    expect(variable).toEqual({ data: { echoCents: cents }, errors: [] });
  });

  it.each([
    ['2^53', String(2 ** 53), 2 ** 53],
    ['a fraction', '12.5', 12.5],
    ['a string', '"1250"', '1250'],
  ])('refuses %s both ways', async (_name, literal, value) => {
    const ways = await bothWays('echoCents', 'Cents', literal, value);
    expectRefused(ways.literal, 'Cents');
    expectRefused(ways.variable, 'Cents');
  });

  it('serialises the numeric strings drivers hand over for bigint columns', async () => {
    expect((await storedValue('storedCents', String(PAST_INT))).data).toEqual({ storedCents: PAST_INT });
    expect((await storedValue('storedCents', '-42')).data).toEqual({ storedCents: -42 });
  });

  it.each([['a fraction', '12.5'], ['past 2^53', '9007199254740993'], ['a fraction as a number', 0.5]])(
    'refuses to serialise %s',
    async (_name, raw) => {
      expectRefused(await storedValue('storedCents', raw), 'Cents');
    },
  );
});

describe('Decimal', () => {
  it.each(['85.5', '-0.25', '120', '123456789012345.123456'])('takes "%s" both ways', async (decimal) => {
    const { literal, variable } = await bothWays('echoDecimal', 'Decimal', JSON.stringify(decimal), decimal);
    expect(literal).toEqual({ data: { echoDecimal: decimal }, errors: [] });
    expect(variable).toEqual({ data: { echoDecimal: decimal }, errors: [] });
  });

  it.each([
    ['an exponent', '"1e3"', '1e3'],
    ['a number', '85.5', 85.5],
    ['too many decimals', '"1.1234567"', '1.1234567'],
    ['not a number', '"eighty"', 'eighty'],
  ])('refuses %s both ways', async (_name, literal, value) => {
    const ways = await bothWays('echoDecimal', 'Decimal', literal, value);
    expectRefused(ways.literal, 'Decimal');
    expectRefused(ways.variable, 'Decimal');
  });

  it('serialises what drivers hand over for numeric columns: its text, or a number as its text', async () => {
    expect((await storedValue('storedDecimal', '85.50')).data).toEqual({ storedDecimal: '85.50' });
    expect((await storedValue('storedDecimal', 85.5)).data).toEqual({ storedDecimal: '85.5' });
  });

  it('refuses to serialise text that is not a decimal', async () => {
    expectRefused(await storedValue('storedDecimal', '1e3'), 'Decimal');
  });
});
