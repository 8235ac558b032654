import { getMetadataStorage, validateOrReject, type ValidationError, type ValidatorOptions } from 'class-validator';
import { ArgumentValidationError } from 'type-graphql';

/** The options type-graphql's own `validate: true` gives class-validator: missing properties skipped, unknown values allowed. */
const VALIDATOR_OPTIONS: ValidatorOptions = { skipMissingProperties: true, forbidUnknownValues: false };

const constrained = new Map<unknown, boolean>();
/** Whether an argument class declares any class-validator constraint (its own or inherited): read once per class. */
export function hasConstraints(type: unknown): boolean {
  let known = constrained.get(type);
  if (known === undefined) {
    known = typeof type === 'function' && getMetadataStorage().getTargetValidationMetadatas(type, '', false, false).length > 0;
    constrained.set(type, known);
  }
  return known;
}

const isObject = (value: unknown): value is object => value !== null && typeof value === 'object';

/**
 * type-graphql's `validateFn`: validates arguments as its `validate: true` does (class-validator with the same
 * options, a list item by item, failures as ArgumentValidationError), but skips classes that declare no constraint,
 * where class-validator only cost time: PageArgs, on every row of a list that pages a field.
 */
export async function validateArgs(value: unknown, type: unknown): Promise<void> {
  if (!isObject(value) || !hasConstraints(type)) return;
  try {
    if (Array.isArray(value)) await Promise.all(value.filter(isObject).map((item) => validateOrReject(item, VALIDATOR_OPTIONS)));
    else await validateOrReject(value, VALIDATOR_OPTIONS);
  } catch (errors) {
    throw new ArgumentValidationError(errors as ValidationError[]);
  }
}
