import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  check,
  foreignKey,
  index,
  integer,
  jsonb,
  pgSchema,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { feedCursorTable } from '../kit/feed';
import { idempotencyKeysTable } from '../kit/idempotency';
import { auditLogTable } from '../kit/audit';
import {
  CONSENT_STATUSES,
  RENOVATION_PHASES,
  RETROFIT_PHASES,
  VOTE_CHOICES,
  VOTE_METHODS,
  type FundingSource,
  type RenovationCategory,
} from './rules/enums';

/**
 * The housing subgraph owns the PostgreSQL schema `housing`; no other service reads it. Compounds, buildings and
 * households belong to community: they are held here as text keys without foreign keys across the service boundary.
 * Money is integer cents (bigint), floor areas integer hundredths of a m², so tallies and shares are exact.
 */
export const housingSchema = pgSchema('housing');

const id = () => text('id').primaryKey().default(sql`gen_random_uuid()::text`);
const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();
const updatedAt = () => timestamp('updated_at', { withTimezone: true }).notNull().defaultNow();
const cents = (name: string) => bigint(name, { mode: 'number' });

export const renovationPhase = housingSchema.enum('renovation_phase', RENOVATION_PHASES);
export const retrofitPhase = housingSchema.enum('retrofit_phase', RETROFIT_PHASES);
export const consentStatus = housingSchema.enum('consent_status', CONSENT_STATUSES);
export const voteChoice = housingSchema.enum('vote_choice', VOTE_CHOICES);
export const voteMethod = housingSchema.enum('vote_method', VOTE_METHODS);

/** One line of a renovation project's plan. */
export interface RenovationItem {
  category: RenovationCategory;
  /** What is done, e.g. "replace rainwater and sewage pipes". */
  scope: string;
  /** How much, as an exact decimal string, in `unit`. */
  quantity: string;
  unit: string;
  costCents: number;
  fundingSource: FundingSource;
}

export const renovationProjects = housingSchema.table(
  'renovation_projects',
  {
    id: id(),
    /** Community's Compound, by key. */
    compoundId: text('compound_id').notNull(),
    title: text('title').notNull(),
    items: jsonb('items').$type<RenovationItem[]>().notNull(),
    /** The phase (the kit's workflow calls a row's state `status`). */
    status: renovationPhase('phase').notNull().default('SURVEY'),
    progressPercent: integer('progress_percent').notNull().default(0),
    version: integer('version').notNull().default(1),
    createdBy: text('created_by').notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('renovation_projects_compound_idx').on(t.compoundId, t.id),
    check('renovation_progress_range', sql`${t.progressPercent} between 0 and 100`),
  ],
);

export const renovationPhaseTransitions = housingSchema.table(
  'renovation_phase_transitions',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    projectId: text('project_id')
      .notNull()
      .references(() => renovationProjects.id),
    from: renovationPhase('from_phase').notNull(),
    to: renovationPhase('to_phase').notNull(),
    actorSub: text('actor_sub').notNull(),
    note: text('note'),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('renovation_transitions_project_idx').on(t.projectId, t.at)],
);

/** A member of a retrofit's preparation group (加装电梯筹备组), usually owners of the building. */
export interface PreparationGroupMember {
  name: string;
  /** The member's household, when an owner of the building. */
  householdId: string | null;
  role: string;
}

export const elevatorRetrofits = housingSchema.table(
  'elevator_retrofits',
  {
    id: id(),
    /** Community's Building, by key, and the compound it stands in. */
    buildingId: text('building_id').notNull(),
    compoundId: text('compound_id').notNull(),
    /** The stairwell unit (单元) the lift serves; 0 for the whole building. */
    stairwellUnit: integer('stairwell_unit').notNull().default(0),
    /**
     * The building's comprehensive grid, copied from community for grid workers' access and kept true by
     * community's change feed (BUILDING_REASSIGNED).
     */
    gridId: text('grid_id').notNull(),
    preparationGroup: jsonb('preparation_group').$type<PreparationGroupMember[]>().notNull().default(sql`'[]'::jsonb`),
    /** The phase (the kit's workflow calls a row's state `status`). */
    status: retrofitPhase('phase').notNull().default('PROPOSED'),
    /** The estimated total cost and the government subsidy (data per retrofit): residents share the difference. */
    totalCostCents: cents('total_cost_cents').notNull(),
    subsidyCents: cents('subsidy_cents').notNull().default(0),
    version: integer('version').notNull().default(1),
    createdBy: text('created_by').notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('elevator_retrofits_building_idx').on(t.buildingId, t.createdAt),
    index('elevator_retrofits_grid_idx').on(t.gridId),
    // One retrofit under way per building or stairwell unit; finished and rejected ones stay as history.
    uniqueIndex('elevator_retrofits_one_active')
      .on(t.buildingId, t.stairwellUnit)
      .where(sql`${t.status} not in ('IN_SERVICE', 'REJECTED')`),
    check('retrofit_costs', sql`${t.totalCostCents} >= 0 and ${t.subsidyCents} >= 0`),
  ],
);

export const retrofitPhaseTransitions = housingSchema.table(
  'retrofit_phase_transitions',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    retrofitId: text('retrofit_id')
      .notNull()
      .references(() => elevatorRetrofits.id),
    from: retrofitPhase('from_phase').notNull(),
    to: retrofitPhase('to_phase').notNull(),
    actorSub: text('actor_sub').notNull(),
    note: text('note'),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('retrofit_transitions_retrofit_idx').on(t.retrofitId, t.at)],
);

/** A retrofit's consent (征求意见): at most one per retrofit. */
export const consents = housingSchema.table('consents', {
  id: id(),
  retrofitId: text('retrofit_id')
    .notNull()
    .unique()
    .references(() => elevatorRetrofits.id),
  status: consentStatus('status').notNull().default('OPEN'),
  openedAt: timestamp('opened_at', { withTimezone: true }).notNull().defaultNow(),
  openedBy: text('opened_by').notNull(),
  closedAt: timestamp('closed_at', { withTimezone: true }),
  closedBy: text('closed_by'),
});

/**
 * The eligible roll (表决名册), fixed when the consent opens: the households of the building (or unit) with their floor
 * and floor area as community held them at that moment. Later moves do not change it.
 */
export const rollEntries = housingSchema.table(
  'roll_entries',
  {
    consentId: text('consent_id')
      .notNull()
      .references(() => consents.id),
    householdId: text('household_id').notNull(),
    unit: integer('unit').notNull(),
    floor: integer('floor').notNull(),
    /** Hundredths of a m². */
    areaHundredths: integer('area_hundredths').notNull(),
  },
  (t) => [primaryKey({ columns: [t.consentId, t.householdId] }), check('roll_area_positive', sql`${t.areaHundredths} > 0`)],
);

/**
 * The current vote of each household: ONE per household and consent, by the primary key; a re-vote replaces it. The
 * foreign key to the roll means only a household on the roll can have a vote.
 */
export const consentVotes = housingSchema.table(
  'consent_votes',
  {
    consentId: text('consent_id').notNull(),
    householdId: text('household_id').notNull(),
    choice: voteChoice('choice').notNull(),
    method: voteMethod('method').notNull(),
    /** 1 for the first vote, +1 for each replacement. */
    revision: integer('revision').notNull().default(1),
    castBy: text('cast_by').notNull(),
    castAt: timestamp('cast_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.consentId, t.householdId] }),
    foreignKey({ columns: [t.consentId, t.householdId], foreignColumns: [rollEntries.consentId, rollEntries.householdId] }),
  ],
);

/** Every vote ever cast, replaced ones included: the record of how the tally came about. */
export const consentVoteHistory = housingSchema.table(
  'consent_vote_history',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    consentId: text('consent_id').notNull(),
    householdId: text('household_id').notNull(),
    choice: voteChoice('choice').notNull(),
    method: voteMethod('method').notNull(),
    revision: integer('revision').notNull(),
    castBy: text('cast_by').notNull(),
    castAt: timestamp('cast_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('consent_vote_history_revision').on(t.consentId, t.householdId, t.revision),
    foreignKey({ columns: [t.consentId, t.householdId], foreignColumns: [rollEntries.consentId, rollEntries.householdId] }),
  ],
);

export const idempotencyKeys = idempotencyKeysTable(housingSchema);

/** Who read whose sensitive data, and every refused attempt (kit/audit). */
export const auditLog = auditLogTable(housingSchema);
export const feedCursors = feedCursorTable(housingSchema);

export type RenovationProjectRow = typeof renovationProjects.$inferSelect;
export type ElevatorRetrofitRow = typeof elevatorRetrofits.$inferSelect;
export type ConsentRow = typeof consents.$inferSelect;
export type ConsentVoteRow = typeof consentVotes.$inferSelect;
export type RollEntryRow = typeof rollEntries.$inferSelect;
