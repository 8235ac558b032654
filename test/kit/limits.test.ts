import { buildSchema, Kind, OperationTypeNode, parse, specifiedRules, validate, type DocumentNode, type FieldNode, type GraphQLSchema, type SelectionNode } from 'graphql';
import { DEFAULT_PAGE_SIZE } from '../../services/kit/page-size';
import { measureDocument, queryLimitRule } from '../../services/kit/limits';

/**
 * kit/limits without a server: exact depth, alias and cost figures on small documents, and the rule's refusals at
 * and one past each limit. (test/security/limits.test.ts checks every service applies them, over HTTP.)
 * A small schema with each shape the count tells apart: plain and nullable lists, connections, page arguments
 * `first`/`last` alone or with others, an interface, a union, and the three root types.
 */
const schema = buildSchema(`
  type Query {
    item(id: ID): Item
    items: [Item!]!
    page(after: String, first: Int, last: Int): ItemConnection!
    recent(first: Int): ItemConnection!
    latest(last: Int): ItemConnection!
    node: Node
    result: Result
  }
  type Mutation { touch: [Item!]! }
  type Subscription { changed: [Item!]! }
  interface Node { id: ID! children: [Item!] }
  type Item implements Node { id: ID! name: String children: [Item!] parent: Item }
  type Tag { id: ID! }
  union Result = Item | Tag
  type ItemConnection { edges: [ItemEdge!]! nodes: [Item!]! totalCount: Int! }
  type ItemEdge { node: Item! cursor: String! }
`);
const PAGE = DEFAULT_PAGE_SIZE;

/** Depth, aliases and cost of each operation of `text`, counted against the schema above (or, given null, none). */
const measures = (text: string, against: GraphQLSchema | null = schema) =>
  measureDocument(parse(text), against ?? undefined).map(({ depth, aliases, cost }) => ({ depth, aliases, cost }));
const measure = (text: string, against: GraphQLSchema | null = schema) => {
  const all = measures(text, against);
  expect(all).toHaveLength(1);
  return all[0]!;
};

describe('measureDocument', () => {
  it('counts a field once per time it may resolve: 1 each, nested fields as deep as they go', () => {
    // item 1 + (id 1 + name 1 + parent (1 + id 1)); an argument other than first/last pages nothing.
    expect(measure('{ item(id: "1") { id name parent { id } } }')).toEqual({ depth: 3, aliases: 0, cost: 5 });
  });

  it('multiplies what a list selects by the default page, nullable or not', () => {
    // items 1 + 20 × (id 1 + children (1 + 20 × id 1)).
    expect(measure('{ items { id children { id } } }')).toEqual({ depth: 3, aliases: 0, cost: 1 + PAGE * (1 + 1 + PAGE) });
  });

  it('multiplies by first or last as written, at least 1, and counts a connection\'s edges and nodes once', () => {
    // page 1 + 3 × (totalCount 1 + edges (1 + node (1 + id 1)) + nodes (1 + id 1)): the page is the connection's.
    expect(measure('{ page(first: 3) { totalCount edges { node { id } } nodes { id } } }')).toEqual({ depth: 4, aliases: 0, cost: 1 + 3 * 6 });
    expect(measure('{ page(last: 4) { totalCount } }').cost).toBe(1 + 4);
    expect(measure('{ page(first: 0) { totalCount } }').cost).toBe(1 + 1);
  });

  it('assumes the default page when a field taking first or last is given neither, or a variable without default', () => {
    expect(measure('{ recent { totalCount } }').cost).toBe(1 + PAGE);
    expect(measure('{ latest { totalCount } }').cost).toBe(1 + PAGE);
    expect(measure('query($n: Int) { recent(first: $n) { totalCount } }').cost).toBe(1 + PAGE);
    expect(measure('query($n: Int = 7) { recent(first: $n) { totalCount } }').cost).toBe(1 + 7);
  });

  it('counts aliases per use: nested ones too, never multiplied by a list', () => {
    expect(measure('{ a: item { b: id c: name } d: items { e: id } }')).toEqual({ depth: 2, aliases: 5, cost: 3 + 1 + PAGE });
  });

  it('counts a fragment per spread, summing it once', () => {
    const text = `query { item { ...F ...F } items { ...F } }
                  fragment F on Item { x: id children { id } }`;
    // F: aliases 1, cost id 1 + children (1 + 20), depth 2. item 1 + 2 × 22; items 1 + 20 × 22.
    expect(measure(text)).toEqual({ depth: 3, aliases: 3, cost: 1 + 2 * 22 + 1 + PAGE * 22 });
    // Each selection visited once: item, items; the two spreads; F's x, children and id; the third spread.
    expect(measureDocument(parse(text), schema)[0]!.steps).toBe(8);
  });

  it('does work linear in the document when fragments spread each other twice', () => {
    const n = 10;
    const chain = Array.from({ length: n }, (_, i) => `fragment F${i} on Query { __typename ...F${i + 1} ...F${i + 1} }`);
    const [measured] = measureDocument(parse(`{ ...F0 }\n${chain.join('\n')}\nfragment F${n} on Query { __typename }`), schema);
    // 2^(n+1) - 1 uses of __typename, from 3 selections per fragment, the last one's and the operation's spread.
    expect(measured).toEqual({ depth: 1, aliases: 0, cost: 2 ** (n + 1) - 1, steps: 3 * n + 2 });
  });

  it('types the selections of inline fragments, with or without a type condition, on interfaces and unions', () => {
    // node 1 + (id 1 + children on Item (1 + 20) + children on Node (1 + 20)).
    expect(measure('{ node { id ... on Item { children { id } } ... @include(if: true) { children { id } } } }')).toEqual({
      depth: 3,
      aliases: 0,
      cost: 1 + 1 + 2 * (1 + PAGE),
    });
    expect(measure('{ result { __typename ... on Item { children { id } } } }').cost).toBe(1 + 1 + 1 + PAGE);
  });

  it('measures each operation from its own root type and variables, and no fragment as an operation', () => {
    const text = `query Q($n: Int = 2) { recent(first: $n) { totalCount } }
                  mutation M { touch { id } }
                  fragment F on Item { id }
                  subscription S { changed { ...F } }
                  query R($n: Int = 5) { recent(first: $n) { totalCount } }`;
    expect(measures(text).map((m) => m.cost)).toEqual([1 + 2, 1 + PAGE, 1 + PAGE, 1 + 5]);
  });

  it('counts without a schema: every field 1, first/last still multiplying', () => {
    const text = `{ a(first: 2) { b { c } } d: e { ...F ... on T { g } ... { h } } }
                  fragment F on T { i }`;
    // a 1 + 2 × (b 1 + c 1); e 1 + (i 1 + g 1 + h 1).
    expect(measure(text, null)).toEqual({ depth: 3, aliases: 1, cost: 5 + 4 });
  });

  it('counts a fragment cycle as nothing and an unknown fragment as nothing (validation refuses both)', () => {
    expect(measure('{ ...A } fragment A on Query { ...B item { id } } fragment B on Query { ...A }')).toEqual({ depth: 2, aliases: 0, cost: 2 });
    expect(measure('{ ...Missing item { id } }')).toEqual({ depth: 2, aliases: 0, cost: 2 });
  });

  it('measures a document built without the parser, whose optional lists are left out', () => {
    // graphql's AST types make arguments, variable definitions and selection sets optional.
    const field = (name: string, selections?: SelectionNode[]): FieldNode => ({
      kind: Kind.FIELD,
      name: { kind: Kind.NAME, value: name },
      ...(selections && { selectionSet: { kind: Kind.SELECTION_SET, selections } }),
    });
    const document: DocumentNode = {
      kind: Kind.DOCUMENT,
      definitions: [{ kind: Kind.OPERATION_DEFINITION, operation: OperationTypeNode.QUERY, selectionSet: { kind: Kind.SELECTION_SET, selections: [field('items', [field('id')])] } }],
    };
    expect(measureDocument(document, schema)).toEqual([{ depth: 2, aliases: 0, cost: 1 + PAGE, steps: 2 }]);
  });
});

describe('queryLimitRule', () => {
  const LIMITS = { maxDepth: 3, maxAliases: 2, maxCost: 50, maxTokens: 100 };
  const errorsOf = (text: string, production = false) =>
    validate(schema, parse(text), [queryLimitRule(LIMITS, production)]).map((e) => ({ message: e.message, locations: e.locations }));

  it('lets an operation exactly at every limit through', () => {
    // Depth 3 and 2 aliases in one; cost 1 + 49 in the other.
    expect(errorsOf('{ a: item { parent { id } } b: item { id } }')).toEqual([]);
    expect(errorsOf('{ page(first: 49) { totalCount } }')).toEqual([]);
  });

  it('refuses one past each limit, saying which and, outside production, by how much', () => {
    expect(errorsOf('{ item { parent { parent { id } } } }')).toEqual([
      { message: 'The query is nested too deeply: 4 levels deep; at most 3 are allowed.', locations: [{ line: 1, column: 1 }] },
    ]);
    expect(errorsOf('{ a: item { id } b: item { id } c: item { id } }').map((e) => e.message)).toEqual([
      'The query uses too many aliases: 3 aliases; at most 2 are allowed.',
    ]);
    expect(errorsOf('{ page(first: 50) { totalCount } }').map((e) => e.message)).toEqual([
      'The query asks for too much at once: costs 51; at most 50 is allowed (each list multiplies by its page size).',
    ]);
  });

  it('names only the kind of limit in production, once per limit passed', () => {
    expect(errorsOf('{ a: item { parent { parent { id } } } b: item { id } c: page(first: 50) { totalCount } }', true).map((e) => e.message)).toEqual([
      'The query is nested too deeply.',
      'The query uses too many aliases.',
      'The query asks for too much at once.',
    ]);
  });

  it('leaves the other validation rules to run over the document', () => {
    // Apollo Server runs the limit rule with graphql's own: refusing the document must not end their visit.
    const errors = validate(schema, parse('{ a: item { zzz } b: item { id } c: item { id } }'), [...specifiedRules, queryLimitRule(LIMITS, false)]);
    expect(errors.map((e) => e.message)).toEqual([
      'The query uses too many aliases: 3 aliases; at most 2 are allowed.',
      'Cannot query field "zzz" on type "Item".',
    ]);
  });

  it('points at the operation past a limit, not at the fragments or operations before it', () => {
    const text = `fragment F on Item { id }
query Fine { item { ...F } }
  query Deep { item { parent { parent { ...F } } } }`;
    expect(errorsOf(text)).toEqual([{ message: expect.stringMatching(/nested too deeply/), locations: [{ line: 3, column: 3 }] }]);
  });
});
