// GB 11643 ID numbers are shared domain vocabulary: the demo district makes them, community validates them.
export { idNumberCheckCharacter, isValidIdNumber } from '../domain/id-number';
