// The rule lives in rules/id-number.ts; this path stays only for the demo seed, which is being moved to demo.ts.
export { idNumberCheckCharacter, isValidIdNumber } from './rules/id-number';
