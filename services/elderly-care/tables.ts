import { sql } from 'drizzle-orm';
import { boolean, check, date, index, integer, jsonb, pgSchema, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';
import {
  CAPABILITY_ADJUSTMENTS,
  CAPABILITY_LEVELS,
  CARE_NEEDS,
  CARE_TAGS,
  HOME_MODIFICATION_STATUSES,
  LIVING_ARRANGEMENTS,
  MEAL_ORDER_MODES,
  MEAL_ORDER_STATUSES,
  MEAL_POINT_KINDS,
  SUBSIDY_TARGET_GROUPS,
  VISIT_KINDS,
  type HomeModificationCategory,
  type HomeModificationTier,
} from './rules/enums';
import { feedCursorTable } from '../kit/feed';
import { idempotencyKeysTable } from '../kit/idempotency';
import { auditLogTable } from '../kit/audit';

/**
 * The elderly-care subgraph owns the PostgreSQL schema `elderly_care`; no other service reads it. Residents,
 * households, grids, communities and grid workers belong to the community subgraph: they are held here as
 * text keys without foreign keys, since a foreign key cannot cross the service boundary.
 * Amounts are integer cents everywhere.
 */
export const elderlyCareSchema = pgSchema('elderly_care');

const id = () => text('id').primaryKey().default(sql`gen_random_uuid()::text`);
const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();
const updatedAt = () => timestamp('updated_at', { withTimezone: true }).notNull().defaultNow();

export const capabilityLevel = elderlyCareSchema.enum('capability_level', CAPABILITY_LEVELS);
export const capabilityAdjustment = elderlyCareSchema.enum('capability_adjustment', CAPABILITY_ADJUSTMENTS);
export const careTag = elderlyCareSchema.enum('care_tag', CARE_TAGS);
export const livingArrangement = elderlyCareSchema.enum('living_arrangement', LIVING_ARRANGEMENTS);
export const careNeed = elderlyCareSchema.enum('care_need', CARE_NEEDS);
export const mealPointKind = elderlyCareSchema.enum('meal_point_kind', MEAL_POINT_KINDS);
export const mealOrderMode = elderlyCareSchema.enum('meal_order_mode', MEAL_ORDER_MODES);
export const mealOrderStatus = elderlyCareSchema.enum('meal_order_status', MEAL_ORDER_STATUSES);
export const subsidyTargetGroup = elderlyCareSchema.enum('subsidy_target_group', SUBSIDY_TARGET_GROUPS);
export const visitKind = elderlyCareSchema.enum('visit_kind', VISIT_KINDS);
export const homeModificationStatus = elderlyCareSchema.enum('home_modification_status', HOME_MODIFICATION_STATUSES);

export interface EmergencyContact {
  name: string;
  relation: string;
  phone: string;
}

export interface HomeModificationItem {
  category: HomeModificationCategory;
  tier: HomeModificationTier;
  description: string;
  costCents: number;
  subsidyCents: number;
}

export const elderlyProfiles = elderlyCareSchema.table(
  'elderly_profiles',
  {
    id: id(),
    /** The community subgraph's Resident, by key: one profile per resident. */
    residentId: text('resident_id').notNull().unique(),
    householdId: text('household_id').notNull(),
    /** The resident's comprehensive grid, copied at enrolment so grid-scoped lists need no cross-service call. */
    gridId: text('grid_id').notNull(),
    /** The community the household lies in, copied at enrolment: which meal points may serve the elder. */
    communityId: text('community_id').notNull(),
    /** Copied at enrolment: age groups of the meal subsidy rules are counted on the day of the meal. */
    birthDate: date('birth_date', { mode: 'string' }).notNull(),
    /** The resident's care-relevant tags, copied at enrolment: subsidy groups and visit intervals depend on them. */
    careTags: careTag('care_tags').array().notNull().default(sql`'{}'`),
    livingArrangement: livingArrangement('living_arrangement').notNull(),
    needs: careNeed('needs').array().notNull().default(sql`'{}'`),
    emergencyContacts: jsonb('emergency_contacts').$type<EmergencyContact[]>().notNull().default(sql`'[]'::jsonb`),
    /** Optimistic concurrency: an update names the version it read. */
    version: integer('version').notNull().default(1),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    /** When community deregistered the resident (moved away, deceased): lists skip the profile, its history stays. */
    closedAt: timestamp('closed_at', { withTimezone: true }),
  },
  // Grid lists are paged by resident id.
  (t) => [
    index('elderly_profiles_household_idx').on(t.householdId),
    index('elderly_profiles_grid_resident_idx').on(t.gridId, t.residentId),
    // Meal points' catchments.
    index('elderly_profiles_community_idx').on(t.communityId),
  ],
);

export const capabilityAssessments = elderlyCareSchema.table(
  'capability_assessments',
  {
    id: id(),
    profileId: text('profile_id').notNull().references(() => elderlyProfiles.id),
    assessedAt: timestamp('assessed_at', { withTimezone: true }).notNull(),
    assessor: text('assessor').notNull(),
    selfCare: integer('self_care').notNull(),
    mobility: integer('mobility').notNull(),
    mentalState: integer('mental_state').notNull(),
    perceptionSocial: integer('perception_social').notNull(),
    coma: boolean('coma').notNull(),
    dementiaOrMentalDisorder: boolean('dementia_or_mental_disorder').notNull(),
    riskEventsLast30Days: integer('risk_events_last_30_days').notNull(),
    /** Stored as computed by rules/capability.ts at the time, so a later rule change does not rewrite history. */
    total: integer('total').notNull(),
    baseLevel: capabilityLevel('base_level').notNull(),
    level: capabilityLevel('level').notNull(),
    adjustments: capabilityAdjustment('adjustments').array().notNull().default(sql`'{}'`),
  },
  (t) => [
    // The profile's latest assessment gives its capabilityLevel.
    index('capability_assessments_profile_assessed_idx').on(t.profileId, t.assessedAt),
    // The ranges of GB/T 42195-2022, enforced again here so no write path can store an impossible score.
    check('capability_assessments_self_care_range', sql`${t.selfCare} between 0 and 32`),
    check('capability_assessments_mobility_range', sql`${t.mobility} between 0 and 15`),
    check('capability_assessments_mental_state_range', sql`${t.mentalState} between 0 and 28`),
    check('capability_assessments_perception_social_range', sql`${t.perceptionSocial} between 0 and 15`),
    check('capability_assessments_risk_events_range', sql`${t.riskEventsLast30Days} >= 0`),
    check(
      'capability_assessments_total_sum',
      sql`${t.total} = ${t.selfCare} + ${t.mobility} + ${t.mentalState} + ${t.perceptionSocial}`,
    ),
  ],
);

export const mealPoints = elderlyCareSchema.table(
  'meal_points',
  {
    id: id(),
    name: text('name').notNull(),
    kind: mealPointKind('kind').notNull(),
    operator: text('operator').notNull(),
    address: text('address').notNull(),
    serviceRadiusM: integer('service_radius_m').notNull().default(500),
    dailyCapacity: integer('daily_capacity').notNull(),
    offersDelivery: boolean('offers_delivery').notNull().default(false),
    /** The price of one meal before subsidies (the list price that orders split). */
    mealPriceCents: integer('meal_price_cents').notNull(),
  },
  (t) => [
    check('meal_points_meal_price_nonnegative', sql`${t.mealPriceCents} >= 0`),
    check('meal_points_service_radius_positive', sql`${t.serviceRadiusM} > 0`),
    check('meal_points_daily_capacity_nonnegative', sql`${t.dailyCapacity} >= 0`),
  ],
);

/** The communities a meal point serves; a community is the community subgraph's, by key. */
export const mealPointCommunities = elderlyCareSchema.table(
  'meal_point_communities',
  {
    mealPointId: text('meal_point_id').notNull().references(() => mealPoints.id),
    communityId: text('community_id').notNull(),
  },
  // The primary key serves lookups by meal point; the index, lookups by community.
  (t) => [
    primaryKey({ columns: [t.mealPointId, t.communityId] }),
    index('meal_point_communities_community_idx').on(t.communityId),
  ],
);

/** Local meal subsidy rules (see rules/meal-pricing.ts); inactive rules stay for the orders that used them. */
export const subsidyRules = elderlyCareSchema.table(
  'subsidy_rules',
  {
    id: id(),
    targetGroup: subsidyTargetGroup('target_group').notNull(),
    governmentCents: integer('government_cents').notNull(),
    operatorDiscountCents: integer('operator_discount_cents').notNull(),
    /** Subsidised meals per elder per day. */
    dailyCap: integer('daily_cap').notNull(),
    active: boolean('active').notNull().default(true),
  },
  (t) => [
    check('subsidy_rules_government_nonnegative', sql`${t.governmentCents} >= 0`),
    check('subsidy_rules_operator_discount_nonnegative', sql`${t.operatorDiscountCents} >= 0`),
    check('subsidy_rules_daily_cap_nonnegative', sql`${t.dailyCap} >= 0`),
  ],
);

/** An elder's enrolment at a meal point: at most one plan per profile. */
export const mealPlans = elderlyCareSchema.table(
  'meal_plans',
  {
    id: id(),
    profileId: text('profile_id')
      .notNull()
      .unique()
      .references(() => elderlyProfiles.id),
    mealPointId: text('meal_point_id')
      .notNull()
      .references(() => mealPoints.id),
    mode: mealOrderMode('mode').notNull(),
    enrolledAt: timestamp('enrolled_at', { withTimezone: true }).notNull().defaultNow(),
    /** Set when the elder's profile closed: no more meals are ordered on the plan. */
    pausedAt: timestamp('paused_at', { withTimezone: true }),
  },
  (t) => [index('meal_plans_meal_point_idx').on(t.mealPointId)],
);

export const mealOrders = elderlyCareSchema.table(
  'meal_orders',
  {
    id: id(),
    profileId: text('profile_id')
      .notNull()
      .references(() => elderlyProfiles.id),
    mealPointId: text('meal_point_id')
      .notNull()
      .references(() => mealPoints.id),
    servedOn: date('served_on', { mode: 'string' }).notNull(),
    mode: mealOrderMode('mode').notNull(),
    status: mealOrderStatus('status').notNull().default('ORDERED'),
    listPriceCents: integer('list_price_cents').notNull(),
    governmentSubsidyCents: integer('government_subsidy_cents').notNull(),
    operatorDiscountCents: integer('operator_discount_cents').notNull(),
    elderPaysCents: integer('elder_pays_cents').notNull(),
    /** The rule that priced the order, null when the elder paid the list price. */
    subsidyRuleId: text('subsidy_rule_id').references(() => subsidyRules.id),
    createdAt: createdAt(),
  },
  (t) => [
    // A meal point's day (capacity, settlement); an elder's day (subsidised meals so far).
    index('meal_orders_meal_point_served_idx').on(t.mealPointId, t.servedOn),
    index('meal_orders_profile_served_idx').on(t.profileId, t.servedOn),
    index('meal_orders_subsidy_rule_idx').on(t.subsidyRuleId),
    // "The government adds a little, the operator gives a little, the elder pays a little": never more or less.
    check(
      'meal_orders_split_sums_to_list_price',
      sql`${t.governmentSubsidyCents} + ${t.operatorDiscountCents} + ${t.elderPaysCents} = ${t.listPriceCents}`,
    ),
    check(
      'meal_orders_amounts_nonnegative',
      sql`${t.listPriceCents} >= 0 and ${t.governmentSubsidyCents} >= 0 and ${t.operatorDiscountCents} >= 0 and ${t.elderPaysCents} >= 0`,
    ),
  ],
);

export const careVisits = elderlyCareSchema.table(
  'care_visits',
  {
    id: id(),
    profileId: text('profile_id')
      .notNull()
      .references(() => elderlyProfiles.id),
    /** The community subgraph's GridWorker, by key. */
    visitorId: text('visitor_id').notNull(),
    kind: visitKind('kind').notNull(),
    visitedAt: timestamp('visited_at', { withTimezone: true }).notNull(),
    findings: text('findings'),
    newNeeds: careNeed('new_needs').array().notNull().default(sql`'{}'`),
  },
  // Latest visit first: a profile's visits, and its last visit for the overdue list.
  (t) => [index('care_visits_profile_visited_idx').on(t.profileId, t.visitedAt.desc())],
);

export const homeModifications = elderlyCareSchema.table(
  'home_modifications',
  {
    id: id(),
    profileId: text('profile_id')
      .notNull()
      .references(() => elderlyProfiles.id),
    householdId: text('household_id').notNull(),
    status: homeModificationStatus('status').notNull().default('APPLIED'),
    items: jsonb('items').$type<HomeModificationItem[]>().notNull().default(sql`'[]'::jsonb`),
    /** The sums over the items, kept as columns for reports. */
    costCents: integer('cost_cents').notNull().default(0),
    subsidyCents: integer('subsidy_cents').notNull().default(0),
    /** Optimistic concurrency: an update names the version it read. */
    version: integer('version').notNull().default(1),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('home_modifications_profile_idx').on(t.profileId),
    index('home_modifications_household_idx').on(t.householdId),
    check('home_modifications_subsidy_within_cost', sql`${t.subsidyCents} between 0 and ${t.costCents}`),
  ],
);

/** Every status change of a home modification: who moved it, when, and why. */
export const homeModificationTransitions = elderlyCareSchema.table(
  'home_modification_transitions',
  {
    id: id(),
    modificationId: text('modification_id')
      .notNull()
      .references(() => homeModifications.id),
    // FROM and TO are reserved words in SQL: the columns carry a suffix so hand-written SQL needs no quoting.
    from: homeModificationStatus('from_status').notNull(),
    to: homeModificationStatus('to_status').notNull(),
    actorSub: text('actor_sub').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
    note: text('note'),
  },
  (t) => [index('home_modification_transitions_modification_at_idx').on(t.modificationId, t.at)],
);

/** How far elderly care has applied the change feeds it copies facts from (community's: moves, tags, deregistrations). */
export const feedCursors = feedCursorTable(elderlyCareSchema);

/** Idempotency keys of elderly care's creates (kit/idempotency). */
export const idempotencyKeys = idempotencyKeysTable(elderlyCareSchema);

/** Who read whose sensitive data, and every refused attempt (kit/audit). */
export const auditLog = auditLogTable(elderlyCareSchema);

export type ElderlyProfileRow = typeof elderlyProfiles.$inferSelect;
export type CapabilityAssessmentRow = typeof capabilityAssessments.$inferSelect;
export type MealPointRow = typeof mealPoints.$inferSelect;
export type MealPointCommunityRow = typeof mealPointCommunities.$inferSelect;
export type SubsidyRuleRow = typeof subsidyRules.$inferSelect;
export type MealPlanRow = typeof mealPlans.$inferSelect;
export type MealOrderRow = typeof mealOrders.$inferSelect;
export type CareVisitRow = typeof careVisits.$inferSelect;
export type HomeModificationRow = typeof homeModifications.$inferSelect;
export type HomeModificationTransitionRow = typeof homeModificationTransitions.$inferSelect;
