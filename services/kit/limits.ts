import {
  getNamedType,
  GraphQLError,
  isInterfaceType,
  isListType,
  isNonNullType,
  isObjectType,
  Kind,
  type ASTVisitor,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLNamedType,
  type GraphQLOutputType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValidationContext,
  type ValueNode,
} from 'graphql';
import { DEFAULT_PAGE_SIZE } from './page-size';

/** What one GraphQL document may ask of a service (gateway or subgraph): checked before anything runs. */
export interface QueryLimits {
  /** Fields nested in one another (edges and node count). */
  maxDepth: number;
  /** Aliases in the document, counted per use: a fragment spread three times counts its aliases three times (lists do
   *  not multiply them: the alias limit is about how often a document asks for the same field, cost about lists). */
  maxAliases: number;
  /** Fields the operation may resolve at most: each list multiplies what it selects by its page size. */
  maxCost: number;
  /** Lexical tokens of the document (the parser stops past it, before any of the rest). */
  maxTokens: number;
}

/** The largest request body any service reads (a 5000-token query is about 30 kB; variables are small). */
export const BODY_LIMIT = '100kb';

/** What one operation asks for, as `measureDocument` counts it; `steps` is the work the count itself took. */
export interface Measure {
  depth: number;
  aliases: number;
  cost: number;
  steps: number;
}

interface Summary {
  depth: number;
  aliases: number;
  cost: number;
}

const ZERO: Summary = { depth: 0, aliases: 0, cost: 0 };

/** The page size a field asks for: `first`/`last` as written, a variable's default, or the schema's default page. */
function pageSizeOf(field: FieldNode, defaults: Map<string, ValueNode | undefined>): number | undefined {
  for (const argument of field.arguments ?? []) {
    if (argument.name.value !== 'first' && argument.name.value !== 'last') continue;
    const value = argument.value.kind === Kind.VARIABLE ? defaults.get(argument.value.name.value) : argument.value;
    // A variable without a default may be anything up to the largest page: assume the default page; the resolvers
    // refuse more than MAX_PAGE_SIZE, which the cost of the largest page still bounds within a factor of 5.
    if (value?.kind === Kind.INT) return Math.max(1, Number(value.value));
    return DEFAULT_PAGE_SIZE;
  }
  return undefined;
}

function unwrap(type: GraphQLOutputType): { list: boolean; named: GraphQLNamedType } {
  const inner = isNonNullType(type) ? type.ofType : type;
  return { list: isListType(inner), named: getNamedType(type) };
}

/**
 * Counts, in one pass linear in the document, each operation's depth, aliases and cost. Every fragment is summed
 * ONCE (memoised by name) and then counted per use: a spread adds the fragment's aliases and cost times the lists
 * around it, so fragments that spread each other twice cannot hide an exponential query. A fragment cycle counts as
 * nothing here (graphql's own NoFragmentCycles rule refuses the document).
 *
 * Cost: each field costs 1 per time it may be resolved. A field with `first`/`last` (or whose definition takes them
 * and they are left out: the default page) multiplies what it selects by that page size; any other list field by the
 * default page size, except a connection's `edges`/`nodes` (its page was already counted on the connection field).
 */
export function measureDocument(document: DocumentNode, schema?: GraphQLSchema): Measure[] {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  const summaries = new Map<string, Summary>();
  const inProgress = new Set<string>();
  let steps = 0;
  let defaults = new Map<string, ValueNode | undefined>();

  const fieldsOf = (type: GraphQLNamedType | undefined) => (type && (isObjectType(type) || isInterfaceType(type)) ? type.getFields() : undefined);

  const fragmentSummary = (name: string): Summary => {
    const known = summaries.get(name);
    if (known) return known;
    const fragment = fragments.get(name);
    if (!fragment || inProgress.has(name)) return ZERO;
    inProgress.add(name);
    const summary = selectionSummary(fragment.selectionSet, schema?.getType(fragment.typeCondition.name.value));
    inProgress.delete(name);
    summaries.set(name, summary);
    return summary;
  };

  function selectionSummary(selectionSet: SelectionSetNode, parent: GraphQLNamedType | undefined): Summary {
    let depth = 0;
    let aliases = 0;
    let cost = 0;
    for (const selection of selectionSet.selections) {
      steps += 1;
      if (selection.kind === Kind.FIELD) {
        const definition = fieldsOf(parent)?.[selection.name.value];
        const returned = definition ? unwrap(definition.type) : undefined;
        const paged = pageSizeOf(selection, defaults);
        const takesPage = definition?.args.some((a) => a.name === 'first' || a.name === 'last');
        const pageOfConnection = !!parent && parent.name.endsWith('Connection');
        const multiplier = paged ?? (takesPage ? DEFAULT_PAGE_SIZE : returned?.list && !pageOfConnection ? DEFAULT_PAGE_SIZE : 1);
        const inner = selection.selectionSet ? selectionSummary(selection.selectionSet, returned?.named) : ZERO;
        depth = Math.max(depth, 1 + inner.depth);
        aliases += (selection.alias ? 1 : 0) + inner.aliases;
        cost += 1 + inner.cost * multiplier;
      } else {
        const inner =
          selection.kind === Kind.INLINE_FRAGMENT
            ? selectionSummary(selection.selectionSet, selection.typeCondition ? schema?.getType(selection.typeCondition.name.value) : parent)
            : fragmentSummary(selection.name.value);
        depth = Math.max(depth, inner.depth);
        aliases += inner.aliases;
        cost += inner.cost;
      }
    }
    return { depth, aliases, cost };
  }

  return document.definitions
    .filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION)
    .map((operation) => {
      defaults = new Map((operation.variableDefinitions ?? []).map((v) => [v.variable.name.value, v.defaultValue]));
      const root = schema && (operation.operation === 'query' ? schema.getQueryType() : operation.operation === 'mutation' ? schema.getMutationType() : schema.getSubscriptionType());
      const summary = selectionSummary(operation.selectionSet, root ?? undefined);
      return { ...summary, steps };
    });
}

/**
 * The validation rule every service runs (kit/http): refuses an operation past any limit, before it runs. In
 * production the message says which kind of limit, never its value or the measured one.
 */
export function queryLimitRule(limits: QueryLimits, production: boolean) {
  return (context: ValidationContext): ASTVisitor => ({
    Document: {
      enter(document) {
        const operations = document.definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION);
        measureDocument(document, context.getSchema()).forEach((measure, index) => {
          const nodes = [operations[index]!];
          const refuse = (what: string, detail: string) =>
            context.reportError(new GraphQLError(production ? `The query ${what}.` : `The query ${what}: ${detail}.`, { nodes }));
          if (measure.depth > limits.maxDepth) refuse('is nested too deeply', `${measure.depth} levels deep; at most ${limits.maxDepth} are allowed`);
          if (measure.aliases > limits.maxAliases) refuse('uses too many aliases', `${measure.aliases} aliases; at most ${limits.maxAliases} are allowed`);
          if (measure.cost > limits.maxCost) refuse('asks for too much at once', `costs ${measure.cost}; at most ${limits.maxCost} is allowed (each list multiplies by its page size)`);
        });
        return false;
      },
    },
  });
}
