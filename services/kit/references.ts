import { Directive, Field, ID, ObjectType } from 'type-graphql';

/**
 * Another subgraph's entity, as this subgraph knows it: by key only. `resolvable: false` when this subgraph only
 * points at it; resolvable (the default) when it adds fields to it (e.g. elderly care's `Resident.elderlyCare`).
 */
export function EntityReference(typename: string, description: string, options: { resolvable?: boolean } = {}) {
  @Directive(options.resolvable === false ? '@key(fields: "id", resolvable: false)' : '@key(fields: "id")')
  @ObjectType(typename, { description })
  class Reference {
    @Field(() => ID, { description: `The ${typename}'s id.` })
    id!: string;
  }
  return Reference;
}

/** The value of a reference field: the key the gateway resolves in the owning subgraph. */
export const reference = (id: string) => ({ id });

