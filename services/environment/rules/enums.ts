/**
 * The environment enums, one `as const` array each: the single source for the database enums (tables.ts) and the
 * GraphQL enums (types/enums.ts), so the two cannot drift apart. The case workflow's own values (status, tier,
 * source) are the kit's.
 */

/** What an environment issue is about (docs/domain-rules.md, environment). */
export const ISSUE_CATEGORIES = [
  'FLOATING_DEBRIS',
  'GARBAGE_PILE',
  'SEWAGE_OUTFALL',
  'BLACK_ODOROUS_WATER',
  'ILLEGAL_DUMPING',
  'ILLEGAL_CONSTRUCTION',
  'NOISE',
  'OTHER',
] as const;
export type IssueCategory = (typeof ISSUE_CATEGORIES)[number];

/** River chief levels (河长制): officials from city to village, and civilian volunteers (民间河长). */
export const RIVER_CHIEF_LEVELS = ['CITY', 'COUNTY', 'TOWNSHIP', 'VILLAGE', 'CIVILIAN'] as const;
export type RiverChiefLevel = (typeof RIVER_CHIEF_LEVELS)[number];

/** Surface water quality classes (GB 3838-2002), best first. */
export const WATER_QUALITY_CLASSES = ['CLASS_I', 'CLASS_II', 'CLASS_III', 'CLASS_IV', 'CLASS_V'] as const;
export type WaterQualityClass = (typeof WATER_QUALITY_CLASSES)[number];
