import DataLoader from 'dataloader';
import { IsOptional, Length } from 'class-validator';
import { type ClassType, Directive, Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import { OneGridError } from './errors';
import { graphqlEnum } from './enums';

/**
 * The mutation convention (docs/schema-conventions.md): one `input`, a payload with the entity and `userErrors`.
 * Business outcomes the caller can act on come back as userErrors; authentication, authorization and system
 * failures stay top-level GraphQL errors.
 */

export const USER_ERROR_CODES = ['BAD_USER_INPUT', 'CONFLICT', 'NOT_FOUND'] as const;
export type UserErrorCode = (typeof USER_ERROR_CODES)[number];

export const UserErrorCode = graphqlEnum(
  'UserErrorCode',
  'Why a mutation did not happen (操作未完成的原因). New values may be added: treat an unknown one like BAD_USER_INPUT.',
  USER_ERROR_CODES,
  {
    BAD_USER_INPUT: 'The input is invalid, or the change is not allowed in the current state (the message names it and the allowed moves).',
    CONFLICT: 'Someone else changed the record first (see currentVersion), or a limit such as a daily capacity is reached.',
    NOT_FOUND: 'A record the input names does not exist.',
  },
);

/** Shareable: every subgraph with mutations defines the same UserError. */
@Directive('@shareable')
@ObjectType({ description: 'A business reason a mutation did not happen (操作错误), for the caller to act on.' })
export class UserError {
  @Field(() => UserErrorCode, { description: 'What kind of problem it is.' })
  code!: UserErrorCode;

  @Field({ description: 'What went wrong and what to do, in words for a person.' })
  message!: string;

  @Field(() => [String], { nullable: true, description: 'The path of the input field at fault, e.g. ["input", "items", "0", "costCents"].' })
  field!: string[] | null;

  @Field(() => Int, { nullable: true, description: 'On a version CONFLICT: the record\'s current version, to reload and retry with.' })
  currentVersion!: number | null;
}

/** What every mutation input carries. */
@InputType({ description: 'Not used alone: the base of mutation inputs.' })
export abstract class MutationInput {
  @Field(() => String, { nullable: true, description: 'Any string of yours (up to 64 characters), echoed back in the payload.' })
  @IsOptional()
  @Length(1, 64)
  clientMutationId?: string;
}

/** The input of a create mutation. */
@InputType({ description: 'Not used alone: the base of mutation inputs.' })
export abstract class CreateInput extends MutationInput {
  @Field(() => String, {
    nullable: true,
    description: 'A unique key you choose for this create (e.g. a UUID, up to 64 characters), to send again with a retry.',
  })
  @IsOptional()
  @Length(1, 64)
  idempotencyKey?: string;
}

/** The input of a change to a versioned record: which record, and the version the caller read. */
@InputType({ description: 'Not used alone: the base of mutation inputs.' })
export abstract class VersionedInput extends MutationInput {
  @Field(() => ID, { description: 'The record to change.' })
  id!: string;

  @Field(() => Int, { description: 'The version you read; a CONFLICT user error (with currentVersion) if it changed since.' })
  expectedVersion!: number;
}

export interface PayloadValue {
  userErrors: UserError[];
  clientMutationId: string | null;
}

/**
 * `<Name>Payload { <field>: <Entity>, userErrors, clientMutationId }`: the entity is null when userErrors says why.
 */
export function Payload<T extends object>(name: string, field: string, Entity: ClassType<T>, description: string) {
  @ObjectType(name, { description })
  class PayloadType implements PayloadValue {
    @Field(() => [UserError], { description: 'Why the mutation did not happen; empty when it did.' })
    userErrors!: UserError[];

    @Field(() => String, { nullable: true, description: 'The clientMutationId of the input, as sent.' })
    clientMutationId!: string | null;
  }
  Field(() => Entity, { nullable: true, description: `The ${field} as it now stands; null when userErrors is not empty.` })(
    PayloadType.prototype,
    field,
  );
  return PayloadType;
}

const BUSINESS_CODES = new Set<string>(USER_ERROR_CODES);

/** `items[0].costCents` → `["input", "items", "0", "costCents"]`. */
export const inputPath = (field: string): string[] => ['input', ...field.split(/[.[\]]+/).filter(Boolean)];

/** Turns a business error (BAD_USER_INPUT, CONFLICT, NOT_FOUND) into a userError; anything else is not one. */
export function userErrorOf(error: unknown): UserError | undefined {
  if (!(error instanceof OneGridError)) return undefined;
  const code = String(error.extensions.code);
  if (!BUSINESS_CODES.has(code)) return undefined;
  const { field, currentVersion } = error.extensions as { field?: unknown; currentVersion?: unknown };
  return {
    code: code as UserErrorCode,
    message: error.message,
    field: typeof field === 'string' ? inputPath(field) : null,
    currentVersion: typeof currentVersion === 'number' ? currentVersion : null,
  };
}

/** Forgets everything a request's loaders cached, so reads after a write see it. */
export function clearLoaders(loaders: object): void {
  for (const loader of Object.values(loaders)) if (loader instanceof DataLoader) loader.clearAll();
}

/**
 * Runs a mutation's work and answers its payload: `{ [field]: result }` on success, `{ [field]: null, userErrors }`
 * when the work threw a business error (its transaction, if any, rolled back). Other errors propagate as top-level
 * errors. Either way the request's loaders are cleared, so later fields read what is now stored.
 */
export async function mutate<K extends string, T>(
  ctx: { loaders: object },
  input: MutationInput,
  field: K,
  work: () => Promise<T>,
): Promise<PayloadValue & { [key in K]: T | null }> {
  const clientMutationId = input.clientMutationId ?? null;
  try {
    const result = await work();
    return { [field]: result, userErrors: [], clientMutationId } as PayloadValue & { [key in K]: T | null };
  } catch (error) {
    const userError = userErrorOf(error);
    if (!userError) throw error;
    return { [field]: null, userErrors: [userError], clientMutationId } as PayloadValue & { [key in K]: T | null };
  } finally {
    clearLoaders(ctx.loaders);
  }
}
