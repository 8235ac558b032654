/**
 * The housing enums, one `as const` array each: the single source for the database enums (tables.ts) and the
 * GraphQL enums (types/enums.ts), so the two cannot drift apart.
 */

/** Renovation item categories of the old-compound renovation programme (老旧小区改造内容分类). */
export const RENOVATION_CATEGORIES = ['BASIC', 'IMPROVEMENT', 'UPGRADE'] as const;
export type RenovationCategory = (typeof RENOVATION_CATEGORIES)[number];

export const FUNDING_SOURCES = ['GOVERNMENT', 'RESIDENTS', 'UTILITY', 'SOCIAL'] as const;
export type FundingSource = (typeof FUNDING_SOURCES)[number];

/** A renovation project's phases, in the only order they may be taken. */
export const RENOVATION_PHASES = [
  'SURVEY',
  'CONSULTATION',
  'PLAN',
  'APPROVAL',
  'TENDER',
  'CONSTRUCTION',
  'ACCEPTANCE',
  'LONG_TERM_MANAGEMENT',
] as const;
export type RenovationPhase = (typeof RENOVATION_PHASES)[number];

/** An elevator retrofit's phases; REJECTED ends a retrofit whose consent was not given. */
export const RETROFIT_PHASES = [
  'PROPOSED',
  'CONSENT_COLLECTING',
  'PUBLICIZED',
  'DESIGN',
  'APPROVAL',
  'CONSTRUCTION',
  'ACCEPTANCE',
  'IN_SERVICE',
  'REJECTED',
] as const;
export type RetrofitPhase = (typeof RETROFIT_PHASES)[number];

export const CONSENT_STATUSES = ['OPEN', 'CLOSED'] as const;
export type ConsentStatus = (typeof CONSENT_STATUSES)[number];

export const VOTE_CHOICES = ['AGREE', 'DISAGREE', 'ABSTAIN'] as const;
export type VoteChoice = (typeof VOTE_CHOICES)[number];

export const VOTE_METHODS = ['WRITTEN', 'ONLINE', 'MEETING'] as const;
export type VoteMethod = (typeof VOTE_METHODS)[number];
