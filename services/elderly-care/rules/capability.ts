import { badInput } from '../../kit/errors';
import { CAPABILITY_LEVELS, type CapabilityAdjustment, type CapabilityLevel } from './enums';

export { CAPABILITY_LEVELS, type CapabilityLevel, type CapabilityAdjustment };

/** One capability assessment (老年人能力评估) as scored by the assessor, GB/T 42195-2022. */
export interface CapabilityScores {
  selfCare: number;
  mobility: number;
  mentalState: number;
  perceptionSocial: number;
  coma: boolean;
  dementiaOrMentalDisorder: boolean;
  /** Falls, wandering, choking, self-harm in the 30 days before the assessment. */
  riskEventsLast30Days: number;
}

export interface CapabilityResult {
  total: number;
  /** The level the total alone gives. */
  baseLevel: CapabilityLevel;
  /** The level after the adjustments. */
  level: CapabilityLevel;
  /** Every adjustment whose condition holds, even where the level cannot get any worse. */
  adjustments: CapabilityAdjustment[];
}

/** The maximum of each dimension; their sum is the top total, 90. */
export const DIMENSION_MAXIMA = { selfCare: 32, mobility: 15, mentalState: 28, perceptionSocial: 15 } as const;

/** Lowest total of each level but the last, best level first: 90 INTACT, 66–89 MILD, 46–65 MODERATE, 30–45 SEVERE. */
const LEVEL_FLOORS: readonly [number, CapabilityLevel][] = [
  [90, 'INTACT'],
  [66, 'MILD'],
  [46, 'MODERATE'],
  [30, 'SEVERE'],
];

/** Two or more risk events in 30 days make the level one worse. */
const RISK_EVENT_THRESHOLD = 2;

/** 0–29 is COMPLETE. */
const levelForTotal = (total: number): CapabilityLevel => LEVEL_FLOORS.find(([min]) => total >= min)?.[1] ?? 'COMPLETE';

export function assessCapability(scores: CapabilityScores): CapabilityResult {
  for (const [field, max] of Object.entries(DIMENSION_MAXIMA) as [keyof typeof DIMENSION_MAXIMA, number][]) {
    const score = scores[field];
    if (!Number.isInteger(score) || score < 0 || score > max) {
      throw badInput(`${field} must be a whole number from 0 to ${max}; got ${score}.`, { field, min: 0, max });
    }
  }
  const risks = scores.riskEventsLast30Days;
  if (!Number.isInteger(risks) || risks < 0) {
    throw badInput(`riskEventsLast30Days must be a whole number of 0 or more; got ${risks}.`, {
      field: 'riskEventsLast30Days',
      min: 0,
    });
  }

  const total = scores.selfCare + scores.mobility + scores.mentalState + scores.perceptionSocial;
  const baseLevel = levelForTotal(total);
  const adjustments: CapabilityAdjustment[] = [];
  if (scores.coma) adjustments.push('COMA');
  if (scores.dementiaOrMentalDisorder) adjustments.push('DEMENTIA_OR_MENTAL_DISORDER');
  if (risks >= RISK_EVENT_THRESHOLD) adjustments.push('RISK_EVENTS');

  const worst = CAPABILITY_LEVELS.length - 1;
  // Coma overrides everything; the two one-level adjustments stack, capped at the worst level.
  const steps = adjustments.filter((a) => a !== 'COMA').length;
  const index = scores.coma ? worst : Math.min(CAPABILITY_LEVELS.indexOf(baseLevel) + steps, worst);
  return { total, baseLevel, level: CAPABILITY_LEVELS[index], adjustments };
}
