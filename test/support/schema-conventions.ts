/**
 * Checks a composed Federation 2 supergraph against the schema convention (docs/schema-conventions.md).
 *
 * It reads the supergraph rather than each subgraph's SDL because several rules are about which subgraph
 * resolves what, and only the supergraph's `@join__type` / `@join__field` directives say that. (Federation 1
 * supergraphs had `@join__owner`; Federation 2 has none, so the owner of an entity is inferred, see `owners`.)
 * The federation machinery itself (`join__*`, `link__*` types, directive definitions, `@inaccessible`
 * elements, which clients never see) is not checked.
 */
import {
  buildASTSchema,
  type ConstDirectiveNode,
  getNamedType,
  getNullableType,
  type GraphQLArgument,
  GraphQLEnumType,
  type GraphQLField,
  GraphQLInputObjectType,
  GraphQLInterfaceType,
  type GraphQLNamedType,
  GraphQLNonNull,
  GraphQLObjectType,
  type GraphQLSchema,
  isLeafType,
  isListType,
  isNonNullType,
  isSpecifiedScalarType,
  Kind,
  parse,
} from 'graphql';

export const RULES = [
  'description',
  'nullable-root',
  'nullable-cross-subgraph',
  'mutation-shape',
  'plain-list',
  'money-int',
  'boolean-name',
  'generic-extension-name',
  'no-internals',
  'enum-may-grow',
  'workflow-transitions',
] as const;
export type RuleId = (typeof RULES)[number];

export interface Violation {
  rule: RuleId;
  /** A schema coordinate: `Type`, `Type.field`, `Type.field(arg:)`, `Enum.VALUE`. */
  coordinate: string;
  message: string;
}

/** Exceptions, each keyed by schema coordinate with a one-line reason as the value. */
export interface ConventionOptions {
  /** Plain lists of objects known to stay small (e.g. a household's residents). */
  plainListAllowlist?: Record<string, string>;
  /** Boolean fields whose name does not start with is/has/can. */
  booleanNameAllowlist?: Record<string, string>;
  /**
   * The owning subgraph (as named in `join__Graph`, e.g. `community`) of entities where the inference
   * is wrong. Inferred owner: the subgraph that resolves the entity (`resolvable` key) and resolves the
   * most of its non-key fields; a subgraph that only adds a field or two is not the owner.
   */
  owners?: Record<string, string>;
}

/** Names that say money: such fields take the `Cents` scalar, never `Int` or `Float`. */
export const MONEY_NAME = /cents$|price|amount|cost|budget|subsidy|fee/i;
export const BOOLEAN_NAME = /^(is|has|can)[A-Z0-9]/;
/** Names too generic for a field one subgraph adds to another's entity: the next subgraph will want them too. */
export const GENERIC_NAMES = new Set([
  'version',
  'status',
  'state',
  'createdAt',
  'updatedAt',
  'name',
  'kind',
  'type',
  'items',
  'data',
  'list',
]);
export const ENUM_MAY_GROW = /may grow|(new|more) values may be added/i;

/** Implementation details a description must not mention, each with what to say in the message. */
const INTERNALS: Array<{ pattern: RegExp; what: string }> = [
  { pattern: /[\w-]+\.(ts|js|mjs|cjs|json|sql)\b/, what: 'a file name' },
  // Two or more slashes, or a leading ./ ../ or /: a path. One slash alone is prose (GB/T, and/or).
  { pattern: /(^|[\s(`'"])(\.{1,2}\/|\/[a-z_])|\b[a-z][\w.-]*\/[\w.-]+\/[\w.-]+/, what: 'a file path' },
  {
    // UPPER_SNAKE alone is also how enum values look (LIVES_ALONE), so only configuration-shaped names count.
    pattern: /\b[A-Z][A-Z0-9_]*_(URL|PORT|SECRET|DAYS|MS)\b|\b(?=[A-Z0-9_]*_)[A-Z0-9_]*(DATABASE|NODE_ENV|JWT)[A-Z0-9_]*\b/,
    what: 'an environment variable',
  },
  { pattern: /gateway\s+joins?\b/i, what: '"the gateway joins"' },
  { pattern: /resolvers?\b/i, what: 'resolvers' },
  { pattern: /loaders?\b/i, what: 'loaders' },
  { pattern: /drizzle/i, what: 'drizzle' },
  { pattern: /sql\b/i, what: 'SQL' },
];

export function checkConventions(supergraphSdl: string, options: ConventionOptions = {}): Violation[] {
  const schema = buildASTSchema(parse(supergraphSdl), { assumeValidSDL: true });
  const joins = readJoins(schema, options);
  const violations: Violation[] = [];
  const report = (rule: RuleId, coordinate: string, message: string) => violations.push({ rule, coordinate, message });
  const rootNames = new Set(
    [schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()].flatMap((t) => (t ? [t.name] : [])),
  );
  const plainListAllowlist = options.plainListAllowlist ?? {};
  const booleanNameAllowlist = options.booleanNameAllowlist ?? {};
  const seenPlainLists = new Set<string>();
  const seenBooleans = new Set<string>();

  const described = (coordinate: string, what: string, description: string | null | undefined) => {
    if (!description?.trim()) {
      report('description', coordinate, `${what} has no description (English, with the 中文 term where there is one).`);
      return;
    }
    const leaks = INTERNALS.flatMap(({ pattern, what: internal }) => {
      const match = pattern.exec(description);
      return match ? [`${internal} (${match[0].trim()})`] : [];
    });
    if (leaks.length > 0) {
      report('no-internals', coordinate, `The description mentions ${leaks.join(', ')}: say what it means to a client instead.`);
    }
  };
  const moneyNotInt = (coordinate: string, name: string, type: GraphQLNamedType) => {
    if (MONEY_NAME.test(name) && (type.name === 'Int' || type.name === 'Float')) {
      report('money-int', coordinate, `${name} is money but typed ${type.name}: use the Cents scalar.`);
    }
  };
  const booleanNamed = (coordinate: string, name: string, type: GraphQLNamedType) => {
    if (type.name !== 'Boolean') return;
    seenBooleans.add(coordinate);
    if (!BOOLEAN_NAME.test(name) && !(coordinate in booleanNameAllowlist)) {
      report('boolean-name', coordinate, `Boolean ${name} should start with is, has or can (isActive, hasElevator), or be allowlisted with a reason.`);
    }
  };
  const checkArguments = (fieldCoordinate: string, args: readonly GraphQLArgument[]) => {
    for (const arg of args) {
      const coordinate = `${fieldCoordinate}(${arg.name}:)`;
      if (isInaccessible(arg.astNode?.directives)) continue;
      described(coordinate, 'Argument', arg.description);
      moneyNotInt(coordinate, arg.name, getNamedType(arg.type));
    }
  };

  for (const type of Object.values(schema.getTypeMap())) {
    if (isMachinery(type) || isInaccessible(type.astNode?.directives)) continue;
    const isRoot = rootNames.has(type.name);
    if (!isRoot) described(type.name, 'Type', type.description);

    if (type instanceof GraphQLEnumType) {
      if (type.description?.trim() && !ENUM_MAY_GROW.test(type.description)) {
        report('enum-may-grow', type.name, 'The description must say the enum may grow (e.g. "New values may be added."), so clients handle values they do not know yet.');
      }
      for (const value of type.getValues()) {
        if (isInaccessible(value.astNode?.directives)) continue;
        described(`${type.name}.${value.name}`, 'Enum value', value.description);
      }
      continue;
    }

    if (type instanceof GraphQLInputObjectType) {
      for (const field of Object.values(type.getFields())) {
        if (isInaccessible(field.astNode?.directives)) continue;
        const coordinate = `${type.name}.${field.name}`;
        described(coordinate, 'Input field', field.description);
        moneyNotInt(coordinate, field.name, getNamedType(field.type));
        booleanNamed(coordinate, field.name, getNamedType(field.type));
      }
      continue;
    }

    if (!(type instanceof GraphQLObjectType || type instanceof GraphQLInterfaceType)) continue;
    const fields = type.getFields();
    for (const field of Object.values(fields)) {
      if (isInaccessible(field.astNode?.directives)) continue;
      const coordinate = `${type.name}.${field.name}`;
      const named = getNamedType(field.type);
      described(coordinate, 'Field', field.description);
      checkArguments(coordinate, field.args);
      moneyNotInt(coordinate, field.name, named);
      booleanNamed(coordinate, field.name, named);

      if (isRoot && isNonNullType(field.type)) {
        report('nullable-root', coordinate, `Root field is non-null (${String(field.type)}): make it nullable, so one failure nulls only this field.`);
      }

      if (type instanceof GraphQLObjectType && isListType(getNullableType(field.type)) && !isLeafType(named)) {
        const bounded =
          (field.name === 'edges' && type.name.endsWith('Connection')) ||
          (field.name === 'userErrors' && type.name.endsWith('Payload'));
        if (!bounded) {
          seenPlainLists.add(coordinate);
          if (!(coordinate in plainListAllowlist)) {
            report('plain-list', coordinate, `Plain list of ${named.name}: make it a connection (${named.name}Connection, with first, after and filters), or allowlist it with the reason it stays small.`);
          }
        }
      }

      if (!isRoot) {
        const resolvers = joins.fieldGraphs(type.name, field);
        const targetOwner = joins.owner(named.name);
        if (targetOwner && resolvers.some((g) => g !== targetOwner) && isNonNullType(field.type)) {
          const others = resolvers.filter((g) => g !== targetOwner).map(joins.graphName);
          report('nullable-cross-subgraph', coordinate, `Returns ${named.name}, owned by ${joins.graphName(targetOwner)}, from ${others.join(', ')}: make it nullable (${String(getNullableType(field.type))}).`);
        }
        const owner = joins.owner(type.name);
        if (owner && !joins.keyFields(type.name).has(field.name) && !resolvers.includes(owner)) {
          const by = resolvers.map(joins.graphName).join(', ');
          if (isNonNullType(field.type) && !(targetOwner && resolvers.some((g) => g !== targetOwner))) {
            report('nullable-cross-subgraph', coordinate, `${by} adds this field to ${type.name}, owned by ${joins.graphName(owner)}: make it nullable (${String(getNullableType(field.type))}).`);
          }
          if (GENERIC_NAMES.has(field.name)) {
            report('generic-extension-name', coordinate, `${by} adds ${field.name} to ${joins.graphName(owner)}'s ${type.name}: too generic for a shared entity, name it for what it is (e.g. ${camel(by)}${capitalise(field.name)}).`);
          }
        }
      }

      if (field.name === 'status' && named instanceof GraphQLEnumType && named.name.endsWith('Status')) {
        const transitions = fields.allowedTransitions;
        const expected = `[${named.name}!]!`;
        if (!transitions) {
          report('workflow-transitions', coordinate, `${type.name} has a workflow status but no allowedTransitions: ${expected}.`);
        } else if (String(transitions.type) !== expected) {
          report('workflow-transitions', `${type.name}.allowedTransitions`, `allowedTransitions is ${String(transitions.type)}, expected ${expected}.`);
        }
      }
    }
  }

  const mutationType = schema.getMutationType();
  if (mutationType) {
    for (const mutation of Object.values(mutationType.getFields())) {
      if (isInaccessible(mutation.astNode?.directives)) continue;
      checkMutationShape(mutation, (coordinate, message) => report('mutation-shape', coordinate, message));
    }
  }

  for (const [coordinate, reason] of Object.entries(plainListAllowlist)) {
    if (!seenPlainLists.has(coordinate)) {
      report('plain-list', coordinate, `Allowlisted (${reason}) but there is no plain list of objects here: remove the entry.`);
    }
  }
  for (const [coordinate, reason] of Object.entries(booleanNameAllowlist)) {
    if (!seenBooleans.has(coordinate)) {
      report('boolean-name', coordinate, `Allowlisted (${reason}) but there is no Boolean field here: remove the entry.`);
    }
  }
  return violations;
}

/** `mutation-shape`: `name(input: NameInput!): NamePayload` with clientMutationId both ways and userErrors. */
function checkMutationShape(mutation: GraphQLField<unknown, unknown>, report: (coordinate: string, message: string) => void) {
  const coordinate = `Mutation.${mutation.name}`;
  const inputName = `${capitalise(mutation.name)}Input`;
  const payloadName = `${capitalise(mutation.name)}Payload`;

  const [input, ...extra] = mutation.args;
  if (!input || input.name !== 'input' || extra.length > 0) {
    const given = mutation.args.map((a) => `${a.name}: ${String(a.type)}`).join(', ');
    report(coordinate, `Takes (${given}); a mutation takes exactly one argument, input: ${inputName}!.`);
  } else if (!(input.type instanceof GraphQLNonNull) || getNamedType(input.type).name !== inputName || !(getNamedType(input.type) instanceof GraphQLInputObjectType)) {
    report(`${coordinate}(input:)`, `input is ${String(input.type)}; expected ${inputName}!.`);
  } else {
    const inputType = getNamedType(input.type) as GraphQLInputObjectType;
    const clientMutationId = inputType.getFields().clientMutationId;
    if (!clientMutationId || String(clientMutationId.type) !== 'String') {
      report(`${inputName}.clientMutationId`, `${inputName} needs clientMutationId: String (echoed in the payload).`);
    }
  }

  // Whether the root field is nullable is nullable-root's business; this rule checks the payload type.
  const payload = getNamedType(mutation.type);
  if (payload.name !== payloadName || !(payload instanceof GraphQLObjectType) || isListType(getNullableType(mutation.type))) {
    report(coordinate, `Returns ${String(mutation.type)}; a mutation returns ${payloadName} { <entity>, userErrors: [UserError!]!, clientMutationId: String }.`);
    return;
  }
  const fields = payload.getFields();
  if (String(fields.userErrors?.type) !== '[UserError!]!') {
    report(`${payloadName}.userErrors`, `${payloadName} needs userErrors: [UserError!]! (business outcomes the caller can act on).`);
  }
  if (String(fields.clientMutationId?.type) !== 'String') {
    report(`${payloadName}.clientMutationId`, `${payloadName} needs clientMutationId: String.`);
  }
  const others = Object.values(fields).filter((f) => f.name !== 'userErrors' && f.name !== 'clientMutationId');
  if (others.length === 0) {
    report(payloadName, `${payloadName} carries nothing but userErrors: add the changed entity (nullable).`);
  }
  for (const field of others) {
    if (isNonNullType(field.type)) {
      report(`${payloadName}.${field.name}`, `Payload fields are nullable (null when userErrors say why): ${String(field.type.ofType)}.`);
    }
  }
}

interface Joins {
  /** The join__Graph values of the subgraphs that resolve this field. */
  fieldGraphs(typeName: string, field: GraphQLField<unknown, unknown>): string[];
  /** The owning subgraph's join__Graph value, for entities; undefined for other types. */
  owner(typeName: string): string | undefined;
  keyFields(typeName: string): Set<string>;
  /** The subgraph's own name (`elderly-care`) for a join__Graph value (`ELDERLY_CARE`). */
  graphName(graph: string): string;
}

function readJoins(schema: GraphQLSchema, options: ConventionOptions): Joins {
  const names = new Map<string, string>();
  const graphEnum = schema.getType('join__Graph');
  if (graphEnum instanceof GraphQLEnumType) {
    for (const value of graphEnum.getValues()) {
      const name = argument(directives(value.astNode?.directives, 'join__graph')[0], 'name');
      names.set(value.name, typeof name === 'string' ? name : value.name);
    }
  }
  const graphByName = new Map([...names].map(([graph, name]) => [name, graph]));
  const graphName = (graph: string) => names.get(graph) ?? graph;

  const typeGraphs = (typeName: string): ConstDirectiveNode[] => {
    const type = schema.getType(typeName);
    return type ? [type.astNode, ...(type.extensionASTNodes ?? [])].flatMap((node) => directives(node?.directives, 'join__type')) : [];
  };
  const keyCache = new Map<string, Set<string>>();
  const keyFields = (typeName: string) => {
    let keys = keyCache.get(typeName);
    if (!keys) {
      keys = new Set<string>();
      for (const join of typeGraphs(typeName)) {
        const key = argument(join, 'key');
        if (typeof key !== 'string') continue;
        const selection = parse(`{${key}}`).definitions[0];
        if (selection.kind !== Kind.OPERATION_DEFINITION) continue;
        for (const s of selection.selectionSet.selections) if (s.kind === Kind.FIELD) keys.add(s.name.value);
      }
      keyCache.set(typeName, keys);
    }
    return keys;
  };

  const fieldGraphs = (typeName: string, field: GraphQLField<unknown, unknown>): string[] => {
    const all = typeGraphs(typeName).flatMap((join) => {
      const graph = argument(join, 'graph');
      return typeof graph === 'string' ? [graph] : [];
    });
    const fieldJoins = directives(field.astNode?.directives, 'join__field');
    // No @join__field: every subgraph that defines the type resolves the field.
    if (fieldJoins.length === 0 || fieldJoins.some((j) => argument(j, 'graph') === undefined)) return unique(all);
    return unique(
      fieldJoins.flatMap((join) => {
        const graph = argument(join, 'graph');
        const skip = argument(join, 'external') === true || argument(join, 'usedOverridden') === true;
        return typeof graph === 'string' && !skip ? [graph] : [];
      }),
    );
  };

  const ownerCache = new Map<string, string | undefined>();
  const owner = (typeName: string) => {
    if (ownerCache.has(typeName)) return ownerCache.get(typeName);
    let result: string | undefined;
    const pinned = options.owners?.[typeName];
    const type = schema.getType(typeName);
    const resolving = typeGraphs(typeName)
      .filter((join) => typeof argument(join, 'key') === 'string' && argument(join, 'resolvable') !== false)
      .map((join) => argument(join, 'graph'))
      .filter((graph): graph is string => typeof graph === 'string');
    if (pinned) {
      result = graphByName.get(pinned) ?? pinned;
    } else if (resolving.length > 0 && (type instanceof GraphQLObjectType || type instanceof GraphQLInterfaceType)) {
      const keys = keyFields(typeName);
      const count = (graph: string) =>
        Object.values(type.getFields()).filter((f) => !keys.has(f.name) && fieldGraphs(typeName, f).includes(graph)).length;
      // Ties go to the first subgraph in join__Graph order: deterministic; pin with `owners` if it is wrong.
      result = unique(resolving).reduce((best, graph) => (count(graph) > count(best) ? graph : best));
    }
    ownerCache.set(typeName, result);
    return result;
  };

  return { fieldGraphs, owner, keyFields, graphName };
}

/** Groups violations by rule, with counts, for a test failure message or a console. */
export function formatViolations(violations: Violation[]): string {
  return RULES.flatMap((rule) => {
    const ofRule = violations.filter((v) => v.rule === rule);
    return ofRule.length === 0 ? [] : [`${rule} (${ofRule.length})`, ...ofRule.map((v) => `  ${v.coordinate}: ${v.message}`)];
  }).join('\n');
}

function isMachinery(type: GraphQLNamedType): boolean {
  return type.name.startsWith('__') || /^(join|link)__/.test(type.name) || isSpecifiedScalarType(type);
}

function isInaccessible(nodes: readonly ConstDirectiveNode[] | undefined): boolean {
  return (nodes ?? []).some((d) => d.name.value === 'inaccessible');
}

function directives(nodes: readonly ConstDirectiveNode[] | undefined, name: string): ConstDirectiveNode[] {
  return (nodes ?? []).filter((d) => d.name.value === name);
}

/** A directive argument's literal value (strings, enum values as their name, booleans). */
function argument(directive: ConstDirectiveNode | undefined, name: string): string | boolean | undefined {
  const value = directive?.arguments?.find((a) => a.name.value === name)?.value;
  if (!value) return undefined;
  if (value.kind === Kind.STRING || value.kind === Kind.ENUM) return value.value;
  if (value.kind === Kind.BOOLEAN) return value.value;
  return undefined;
}

function unique<T>(items: T[]): T[] {
  return [...new Set(items)];
}

function capitalise(name: string): string {
  return name.charAt(0).toUpperCase() + name.slice(1);
}

/** `elderly-care` → `elderlyCare`, to suggest a specific name. */
function camel(subgraphName: string): string {
  return subgraphName.replace(/[-_](\w)/g, (_, c: string) => c.toUpperCase()).replace(/^\w/, (c) => c.toLowerCase());
}
