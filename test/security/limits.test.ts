import { parse, specifiedRules, validate } from 'graphql';
import { Supergraph } from '@apollo/federation-internals';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { measureDocument, queryLimitRule } from '../../services/kit/limits';
import * as BENCH_OPERATIONS from '../bench/operations';
import { MODES, TARGETS, codesOf, expectClean, postRaw, startHostileStacks, type HostileStacks, type Mode, type Target } from '../support/hostile';

/**
 * Query limits of every service (kit/limits, applied by kit/http): depth, aliases (per use), cost (lists multiply by
 * their page size, fragments per use), tokens, body size and batching, against the gateway and each subgraph
 * directly, in development and production. Cases that need no data run on unseeded stacks.
 */
const LIMITS = MODES.development.queryLimits;
const OPERATIONS = path.join(__dirname, '../../schema/operations');

/** `fragment F<i>` spreads `F<i+1>` twice: 2^n uses from n definitions. */
const doubling = (n: number, leaf = '__typename') => {
  const fragments = Array.from({ length: n }, (_, i) => `fragment F${i} on Query { __typename ...F${i + 1} ...F${i + 1} }`);
  return `query { ...F0 }\n${fragments.join('\n')}\nfragment F${n} on Query { ${leaf} }`;
};
/** The attack: ~300 bytes nesting community → subdistrict → communities, 15 deep, anonymous. */
const NESTED_COMMUNITIES = `{ community(id: "community-01") { ${'subdistrict { communities { '.repeat(7)}id${' } }'.repeat(7)} } }`;
/** Valid in every schema: aliases of __typename; a spread of a fragment holding aliases counts them per use. */
const ALIASES = (n: number) => `{ ${Array.from({ length: n }, (_, i) => `a${i}: __typename`).join(' ')} }`;
const ALIASES_IN_FRAGMENT = `query { ...A ...A ...A ...A }\nfragment A on Query { ${Array.from({ length: 10 }, (_, i) => `a${i}: __typename`).join(' ')} }`;
/** Depth, whatever the schema: unknown fields are refused too, but the depth refusal must be among the errors. */
const DEEP = `{ ${'a { '.repeat(LIMITS.maxDepth + 3)}b${' }'.repeat(LIMITS.maxDepth + 3)} }`;

interface Case {
  name: string;
  /** Only on this target (the query names its fields), else on every target. */
  only?: Target;
  body: string;
  status: number;
  code: string;
  /** What the development message says; production's must say less (no figure). */
  message: RegExp;
}

const CASES: Case[] = [
  { name: 'the 15-deep anonymous community nest', only: 'community', body: JSON.stringify({ query: NESTED_COMMUNITIES }), status: 400, code: 'GRAPHQL_VALIDATION_FAILED', message: /nested too deeply|too much at once/ },
  { name: 'nesting past the depth limit', body: JSON.stringify({ query: DEEP }), status: 400, code: 'GRAPHQL_VALIDATION_FAILED', message: /nested too deeply/ },
  { name: 'one alias too many', body: JSON.stringify({ query: ALIASES(LIMITS.maxAliases + 1) }), status: 400, code: 'GRAPHQL_VALIDATION_FAILED', message: /too many aliases/ },
  { name: 'aliases hidden in a fragment spread four times', body: JSON.stringify({ query: ALIASES_IN_FRAGMENT }), status: 400, code: 'GRAPHQL_VALIDATION_FAILED', message: /too many aliases/ },
  { name: 'fragments that spread the next twice (cost per use)', body: JSON.stringify({ query: doubling(20) }), status: 400, code: 'GRAPHQL_VALIDATION_FAILED', message: /too much at once/ },
  { name: 'more tokens than the parser reads', body: JSON.stringify({ query: `{ ${'__typename '.repeat(LIMITS.maxTokens)}}` }), status: 400, code: 'GRAPHQL_PARSE_FAILED', message: /tokens/ },
  { name: 'a body over the size limit', body: JSON.stringify({ query: `{ __typename }`, variables: { padding: 'x'.repeat(200_000) } }), status: 413, code: 'BAD_REQUEST', message: /too large/ },
  { name: 'a batch of operations', body: JSON.stringify([{ query: '{ __typename }' }, { query: '{ __typename }' }]), status: 400, code: 'BAD_REQUEST', message: /batch/i },
];

const ROWS = (['development', 'production'] as Mode[]).flatMap((mode) =>
  TARGETS.flatMap((target) => CASES.filter((c) => !c.only || c.only === target).map((c) => [c.name, target, mode, c] as const)),
);

describe('query limits of every service', () => {
  let hostile: HostileStacks;
  beforeAll(async () => {
    hostile = await startHostileStacks({ seed: false });
  }, 240_000);
  afterAll(() => hostile?.stop());

  it.each(ROWS)('refuses %s (%s, %s)', async (_name, target, mode, c) => {
    const started = Date.now();
    const answer = await postRaw(hostile.urlOf(mode, target), c.body);
    expect(answer.status).toBe(c.status);
    expect(codesOf(answer)).toContain(c.code);
    expect(answer.body?.data).toBeUndefined();
    expectClean(answer, mode);
    const messages = (answer.body?.errors ?? []).map((e) => e.message).join('\n');
    expect(messages).toMatch(c.message);
    // Production names the kind of limit only: neither the limit nor the measured figure.
    if (mode === 'production') expect(messages).not.toMatch(new RegExp(`\\b(${LIMITS.maxDepth}|${LIMITS.maxAliases}|${LIMITS.maxCost}|${LIMITS.maxTokens})\\b|levels deep|costs \\d`));
    // Refused before anything runs: no database, no subgraph.
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('says the limit and the measure in development', async () => {
    const answer = await postRaw(hostile.urlOf('development', 'gateway'), JSON.stringify({ query: ALIASES(LIMITS.maxAliases + 1) }));
    expect(answer.body?.errors?.[0]?.message).toBe(`The query uses too many aliases: ${LIMITS.maxAliases + 1} aliases; at most ${LIMITS.maxAliases} are allowed.`);
  });

  it.each(TARGETS)('lets a document at every limit through (%s)', async (target) => {
    const answer = await postRaw(hostile.urlOf('development', target), JSON.stringify({ query: ALIASES(LIMITS.maxAliases) }));
    expect(answer.status).toBe(200);
    expect(answer.body?.errors).toBeUndefined();
  });
});

describe('measureDocument', () => {
  // The API the gateway serves: every subgraph's types, as a client sees them.
  const schema = Supergraph.build(readFileSync(path.join(__dirname, '../../schema/supergraph.graphql'), 'utf8')).apiSchema().toGraphQLJSSchema();

  it('counts fragments per use, in work linear in the document: 2n fragments cost twice the steps of n', () => {
    const [ten] = measureDocument(parse(doubling(10)), schema);
    const [twenty] = measureDocument(parse(doubling(20)), schema);
    // Per use: 2^n leaves, and each level's own __typename.
    expect(ten!.cost).toBe(2 ** 11 - 1);
    expect(twenty!.cost).toBeGreaterThan(2 ** 20);
    // Linear: the steps double with the fragments (within one step per fragment), never square or explode.
    expect(twenty!.steps / ten!.steps).toBeGreaterThan(1.8);
    expect(twenty!.steps / ten!.steps).toBeLessThan(2.2);
  });

  it('multiplies by first/last, the default page, and counts aliases and depth through fragments', () => {
    const [measure] = measureDocument(
      parse(`query($n: Int = 7) { communities { ...C } residents(first: 100) { edges { node { x: name } } } grid(id: "g") { residents(first: $n) { totalCount } } }
             fragment C on Community { id n: name }`),
      schema,
    );
    // communities (list, default page 20) × (id, n) = 1 + 20×2; residents 1 + 100 × (edges 1 + node 1 + name 1);
    // grid 1 + residents(first: $n = 7) 1 + 7 × totalCount 1.
    // Aliases per use, not per list item: `n` once, `x` once.
    expect(measure).toMatchObject({ depth: 4, aliases: 2, cost: 41 + 301 + 9 });
  });

  it('refuses a fragment cycle without looping (graphql reports the cycle)', () => {
    const [measure] = measureDocument(parse('{ ...A } fragment A on Query { ...B } fragment B on Query { ...A __typename }'));
    expect(measure!.cost).toBe(1);
  });

  it('validates the 864-byte doubling document quickly (loose wall clock: best of 5 under 50 ms)', () => {
    const document = doubling(17, 'communities { id }');
    expect(document.length).toBeGreaterThan(800);
    expect(document.length).toBeLessThan(900);
    const rule = queryLimitRule(LIMITS, false);
    const times = Array.from({ length: 5 }, () => {
      const started = process.hrtime.bigint();
      const errors = validate(schema, parse(document), [...specifiedRules, rule]);
      expect(errors.map((e) => e.message)).toContainEqual(expect.stringMatching(/too much at once/));
      return Number(process.hrtime.bigint() - started) / 1e6;
    });
    expect(Math.min(...times)).toBeLessThan(50);
  });

  it.each([
    ...readdirSync(OPERATIONS).map((file) => [file, readFileSync(path.join(OPERATIONS, file), 'utf8')] as const),
    ...Object.entries(BENCH_OPERATIONS).map(([name, text]) => [`bench ${name}`, text] as const),
  ])('keeps %s within the default limits', (_name, text) => {
    expect(validate(schema, parse(text, { maxTokens: LIMITS.maxTokens }), [...specifiedRules, queryLimitRule(LIMITS, false)])).toEqual([]);
  });
});
