/**
 * The elderly-care enums, one `as const` array each: the single source for the database enums (tables.ts)
 * and the GraphQL enums, so the two cannot drift apart.
 */

/** Capability levels of GB/T 42195-2022, from best to worst: "one level worse" is the next entry. */
export const CAPABILITY_LEVELS = ['INTACT', 'MILD', 'MODERATE', 'SEVERE', 'COMPLETE'] as const;
export type CapabilityLevel = (typeof CAPABILITY_LEVELS)[number];

/** The conditions that move a level away from the one its total score gives. */
export const CAPABILITY_ADJUSTMENTS = ['COMA', 'DEMENTIA_OR_MENTAL_DISORDER', 'RISK_EVENTS'] as const;
export type CapabilityAdjustment = (typeof CAPABILITY_ADJUSTMENTS)[number];

export const LIVING_ARRANGEMENTS = ['ALONE', 'SPOUSE', 'CHILDREN', 'OTHER_RELATIVES', 'INSTITUTION'] as const;
export type LivingArrangement = (typeof LIVING_ARRANGEMENTS)[number];

/**
 * The community subgraph's resident tags that care rules use (subsidy groups, visit intervals), copied onto the
 * profile at enrolment; VETERAN plays no part in elderly care and ELDERLY is what having a profile means.
 */
export const CARE_TAGS = ['LIVES_ALONE', 'EMPTY_NEST', 'NO_KIN', 'DISABLED', 'LOW_INCOME'] as const;
export type CareTag = (typeof CARE_TAGS)[number];

export const CARE_NEEDS = [
  'MEAL',
  'BATH',
  'CLEANING',
  'MEDICAL_ESCORT',
  'HOME_MODIFICATION',
  'COMPANIONSHIP',
  'EMERGENCY_DEVICE',
] as const;
export type CareNeed = (typeof CARE_NEEDS)[number];

export const MEAL_POINT_KINDS = ['CANTEEN', 'MEAL_TABLE', 'MEAL_POINT'] as const;
export type MealPointKind = (typeof MEAL_POINT_KINDS)[number];

export const MEAL_ORDER_MODES = ['DINE_IN', 'PICKUP', 'DELIVERY'] as const;
export type MealOrderMode = (typeof MEAL_ORDER_MODES)[number];

export const MEAL_ORDER_STATUSES = ['ORDERED', 'SERVED', 'SETTLED', 'CANCELLED'] as const;
export type MealOrderStatus = (typeof MEAL_ORDER_STATUSES)[number];

export const SUBSIDY_TARGET_GROUPS = [
  'LOW_INCOME',
  'AGE_80_PLUS',
  'AGE_60_PLUS',
  'DISABLED',
  'LIVES_ALONE',
  'NO_KIN',
] as const;
export type SubsidyTargetGroup = (typeof SUBSIDY_TARGET_GROUPS)[number];

export const VISIT_KINDS = ['ROUTINE', 'FOLLOW_UP', 'HOLIDAY', 'ALARM_FOLLOW_UP'] as const;
export type VisitKind = (typeof VISIT_KINDS)[number];

/** In workflow order: a modification moves one step forward at a time. */
export const HOME_MODIFICATION_STATUSES = ['APPLIED', 'ASSESSED', 'DESIGNED', 'INSTALLING', 'ACCEPTED'] as const;
export type HomeModificationStatus = (typeof HOME_MODIFICATION_STATUSES)[number];

export const HOME_MODIFICATION_CATEGORIES = [
  'FLOOR',
  'DOOR',
  'BEDROOM',
  'TOILET_BATH',
  'KITCHEN',
  'PHYSICAL_ENVIRONMENT',
  'AGING_AIDS',
] as const;
export type HomeModificationCategory = (typeof HOME_MODIFICATION_CATEGORIES)[number];

export const HOME_MODIFICATION_TIERS = ['BASIC', 'OPTIONAL'] as const;
export type HomeModificationTier = (typeof HOME_MODIFICATION_TIERS)[number];
