import { Directive, Field, ID, ObjectType } from 'type-graphql';

/**
 * The community subgraph's entities, as elderly-care knows them: by key only. The gateway joins their other
 * fields from community.
 */

/** Extended with `elderlyCare`. */
@Directive('@key(fields: "id")')
@ObjectType('Resident')
export class ResidentReference {
  @Field(() => ID)
  id!: string;
}

/** Extended with `mealPoints`. */
@Directive('@key(fields: "id")')
@ObjectType('Community')
export class CommunityReference {
  @Field(() => ID)
  id!: string;
}

/** The visitor of a care visit. */
@Directive('@key(fields: "id", resolvable: false)')
@ObjectType('GridWorker')
export class GridWorkerReference {
  @Field(() => ID)
  id!: string;
}

/** The dwelling a home modification changes. */
@Directive('@key(fields: "id", resolvable: false)')
@ObjectType('Household')
export class HouseholdReference {
  @Field(() => ID)
  id!: string;
}

export const reference = (id: string) => ({ id });
