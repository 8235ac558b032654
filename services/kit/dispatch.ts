import type { GraphQLFieldResolver, GraphQLSchema } from 'graphql';
import { AuthenticationError, AuthorizationError, getMetadataStorage, type ResolverData, type ResolversMap } from 'type-graphql';
import { hasConstraints } from './validation';

/** What type-graphql's metadata of a query, mutation or field resolver says about the call (its typings do not export the type). */
type HandlerMetadata = Pick<ReturnType<typeof getMetadataStorage>['fieldResolvers'][number], 'target' | 'methodName' | 'params' | 'roles' | 'middlewares'>;
type ParamMetadata = NonNullable<HandlerMetadata['params']>[number];
/** A synchronous `@Authorized` check, as createAuthChecker makes it: true, false, or throws. */
type AuthCheck<Context extends object> = (data: ResolverData<Context>, roles: string[]) => boolean;

/** A parameter's value for this call, or NEEDS_TYPE_GRAPHQL when type-graphql must convert it. */
type ParamValue = (root: Record<string, unknown>, args: Record<string, unknown>, context: Record<string, unknown>, info: unknown) => unknown;
const NEEDS_TYPE_GRAPHQL = Symbol('type-graphql converts this argument');

/** type-graphql converts (to input class instances) and validates objects only: other values it passes on as they are. */
const asPassed = (value: unknown) => value === null || typeof value !== 'object';

/** An `@ArgsType` class's fields, its ancestors' included, as type-graphql reads them. */
function argsFieldsOf(type: Function): string[] {
  const storage = getMetadataStorage();
  const names: string[] = [];
  for (let target = type; target.prototype !== undefined; target = Object.getPrototypeOf(target) as Function) {
    for (const field of storage.argumentTypes.find((args) => args.target === target)?.fields ?? []) names.push(field.name);
  }
  return names;
}

/**
 * `@Args() page: PageArgs` as type-graphql makes it (convertArgsToInstance): an instance of the class, its unset
 * optional fields deleted, the given ones assigned. Only for classes without validation constraints, and only when
 * every value given is a scalar: anything else is type-graphql's to convert.
 */
function argsInstance(type: new () => object): ParamValue | undefined {
  if (hasConstraints(type)) return undefined;
  const fields = argsFieldsOf(type);
  return (_, args) => {
    const given: Record<string, unknown> = {};
    for (const name of fields) {
      const value = args[name];
      if (value === undefined) continue;
      if (!asPassed(value)) return NEEDS_TYPE_GRAPHQL;
      given[name] = value;
    }
    const instance = new type() as Record<string, unknown>;
    for (const key of Object.keys(instance)) if (instance[key] === undefined && !(key in given)) delete instance[key];
    return Object.assign(instance, given);
  };
}

/** How a parameter's value is read; undefined where type-graphql must always do it. */
function paramValue(param: ParamMetadata): ParamValue | undefined {
  switch (param.kind) {
    case 'root':
      // A @Root() of a class type is converted to an instance of it: left to type-graphql. Of a row type (an interface
      // or type alias, reflected as Object) it is passed as it is, as type-graphql does.
      if (param.getType && param.getType() !== Object) return undefined;
      return param.propertyName ? (root) => root[param.propertyName!] : (root) => root;
    case 'context':
      return param.propertyName ? (_, __, context) => context[param.propertyName!] : (_, __, context) => context;
    case 'info':
      return (_, __, ___, info) => info;
    case 'arg':
      // An argument with its own validation (`validateFn`, `validate`) is type-graphql's, whatever its value.
      if (param.validateFn || param.validateSettings !== undefined) return undefined;
      return (_, args) => (asPassed(args[param.name]) ? args[param.name] : NEEDS_TYPE_GRAPHQL);
    case 'args':
      if (param.validateFn || param.validateSettings !== undefined) return undefined;
      return argsInstance(param.getType() as new () => object);
    default:
      // Custom decorators, pub/sub: left to type-graphql.
      return undefined;
  }
}

/**
 * The same call type-graphql makes (one resolver instance per class, the parameters in order, `@Authorized` checked
 * first, with type-graphql's errors), without what it adds per call on every row of a list: a resolver-data object,
 * a sort of the parameters, a promise per argument for validation that has nothing to validate, and an async
 * middleware chain that turns every authorized field into promises. A call with an argument to convert goes to
 * type-graphql's own resolver (`original`); so does every call of a resolver with middlewares or custom parameters.
 */
function leanHandler<Context extends object>(
  metadata: HandlerMetadata,
  original: GraphQLFieldResolver<unknown, unknown>,
  instances: Map<Function, object>,
  authCheck: AuthCheck<Context>,
): GraphQLFieldResolver<unknown, unknown> | undefined {
  if (metadata.middlewares?.length) return undefined;
  const params = [...(metadata.params ?? [])].sort((a, b) => a.index - b.index);
  const values = params.map(paramValue);
  if (!values.every((value): value is ParamValue => value !== undefined)) return undefined;
  let instance = instances.get(metadata.target);
  if (!instance) instances.set(metadata.target, (instance = new (metadata.target as new () => object)()));
  const method = (instance as Record<string, (...args: unknown[]) => unknown>)[metadata.methodName]!;
  const roles = metadata.roles as string[] | undefined;
  return (root, args, context, info) => {
    if (roles && !authCheck({ root, args: args as Record<string, unknown>, context: context as Context, info: info as ResolverData<Context>['info'] }, roles)) {
      throw roles.length === 0 ? new AuthenticationError() : new AuthorizationError();
    }
    const given = values.map((value) => value(root as Record<string, unknown>, args as Record<string, unknown>, context as Record<string, unknown>, info));
    if (given.includes(NEEDS_TYPE_GRAPHQL)) return original(root, args, context, info);
    return method.apply(instance, given);
  };
}

/**
 * Replaces type-graphql's per-call wrappers in a resolver map (from createResolversMap) where they add nothing:
 * - a query, mutation or field resolver calls the method directly (leanHandler);
 * - a plain `@Field` (no resolver, no `@Authorized`, no middleware, not renamed) is left to graphql's default
 *   resolver, which reads the same property, instead of a wrapper per field per row.
 * Why: an allocation profile of a 100-resident list had these wrappers at a fifth of what a request allocated. The
 * CPU it saves is small beside the rest (README, Benchmark: 6% on that list, side by side).
 */
export function leanResolvers<Context extends object>(
  schema: GraphQLSchema,
  map: ResolversMap,
  resolverClasses: readonly Function[],
  authCheck: AuthCheck<Context>,
): ResolversMap {
  const storage = getMetadataStorage();
  const typeNameOf = (target: Function) =>
    (storage.objectTypes.find((type) => type.target === target) ?? storage.interfaceTypes.find((type) => type.target === target))?.name;
  // An object or interface type's field resolvers (the other entries are scalars and enums).
  const fieldsOf = (typeName: string | undefined) => (typeName ? (map[typeName] as Record<string, unknown> | undefined) : undefined);
  const instances = new Map<Function, object>();
  const replace = (typeName: string | undefined, fieldName: string, metadata: HandlerMetadata) => {
    const fields = fieldsOf(typeName);
    const original = fields?.[fieldName];
    if (!fields || typeof original !== 'function') return;
    const lean = leanHandler(metadata, original as GraphQLFieldResolver<unknown, unknown>, instances, authCheck);
    if (lean) fields[fieldName] = lean;
  };
  const ours = (metadata: { target: Function }) => resolverClasses.includes(metadata.target);
  for (const query of storage.queries.filter(ours)) replace(schema.getQueryType()?.name, query.schemaName, query);
  for (const mutation of storage.mutations.filter(ours)) replace(schema.getMutationType()?.name, mutation.schemaName, mutation);
  const resolved = new Set<string>();
  for (const field of storage.fieldResolvers) {
    const typeName = field.getObjectType ? typeNameOf(field.getObjectType()) : undefined;
    // Any class's field resolver keeps its field from the plain-field rule below, whoever's schema it is.
    resolved.add(`${typeName}.${field.schemaName}`);
    if (field.kind === 'external' && ours(field)) replace(typeName, field.schemaName, field);
  }
  // Several classes may carry one type name (an entity's stub in each subgraph): a field is plain only if it is plain
  // in every one of them.
  const notPlain = new Set<string>();
  for (const type of [...storage.objectTypes, ...storage.interfaceTypes]) {
    for (const field of type.fields ?? []) {
      const plain = !field.roles && !field.middlewares?.length && field.name === field.schemaName;
      if (!plain || resolved.has(`${type.name}.${field.schemaName}`)) notPlain.add(`${type.name}.${field.schemaName}`);
    }
  }
  for (const type of [...storage.objectTypes, ...storage.interfaceTypes]) {
    for (const field of type.fields ?? []) {
      const key = `${type.name}.${field.schemaName}`;
      const fields = fieldsOf(type.name);
      if (!notPlain.has(key) && fields?.[field.schemaName]) delete fields[field.schemaName];
    }
  }
  return map;
}
