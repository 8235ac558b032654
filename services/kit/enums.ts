import { registerEnumType } from 'type-graphql';

/**
 * Registers a GraphQL enum from an `as const` array (shared with the drizzle enum), each value described, and
 * returns the `{ VALUE: 'VALUE' }` object type-graphql fields refer to.
 */
export function graphqlEnum<const T extends readonly string[]>(
  name: string,
  description: string,
  values: T,
  descriptions: { [K in T[number]]: string },
): { [K in T[number]]: K } {
  const enumObject = Object.fromEntries(values.map((v) => [v, v])) as { [K in T[number]]: K };
  const valuesConfig = Object.fromEntries(values.map((v) => [v, { description: descriptions[v as T[number]] }]));
  registerEnumType(enumObject, { name, description, valuesConfig: valuesConfig as Partial<Record<T[number], { description: string }>> });
  return enumObject;
}

/** Whether `value` is one of `values`: a type guard without `as readonly string[]` casts at every call. */
export const isOneOf = <const T extends readonly string[]>(values: T, value: unknown): value is T[number] =>
  typeof value === 'string' && (values as readonly string[]).includes(value);
