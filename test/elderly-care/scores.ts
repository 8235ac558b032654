import { DIMENSION_MAXIMA } from '../../services/elderly-care/rules/capability';

/** The four dimension scores of a capability assessment adding up to `total`, filling the dimensions in order. */
export function scoresWithTotal(total: number) {
  let left = total;
  const take = (max: number) => {
    const score = Math.min(left, max);
    left -= score;
    return score;
  };
  return {
    selfCare: take(DIMENSION_MAXIMA.selfCare),
    mobility: take(DIMENSION_MAXIMA.mobility),
    mentalState: take(DIMENSION_MAXIMA.mentalState),
    perceptionSocial: take(DIMENSION_MAXIMA.perceptionSocial),
  };
}

/** Each level's lowest and highest totals (GB/T 42195-2022): the boundaries the rules must get right. */
export const LEVEL_BOUNDARIES = [
  [0, 'COMPLETE'],
  [29, 'COMPLETE'],
  [30, 'SEVERE'],
  [45, 'SEVERE'],
  [46, 'MODERATE'],
  [65, 'MODERATE'],
  [66, 'MILD'],
  [89, 'MILD'],
  [90, 'INTACT'],
] as const;

/** Scores just outside their dimension's range, with the range the error message must name. */
export const OUT_OF_RANGE_SCORES = [
  ['selfCare', 33, '0 to 32'],
  ['selfCare', -1, '0 to 32'],
  ['mobility', 16, '0 to 15'],
  ['mentalState', 29, '0 to 28'],
  ['perceptionSocial', 16, '0 to 15'],
] as const;
