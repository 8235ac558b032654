import { boolean, check, date, index, integer, numeric, pgSchema, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import { outboxTable } from '../kit/feed';
import { DEREGISTRATION_REASONS } from '../domain/community-events';
import { idempotencyKeysTable } from '../kit/idempotency';
import { auditLogTable } from '../kit/audit';

/** The community subgraph owns the PostgreSQL schema `community`; no other service reads it. */
export const communitySchema = pgSchema('community');

const id = () => text('id').primaryKey().default(sql`gen_random_uuid()::text`);

export const gridKind = communitySchema.enum('grid_kind', ['COMPREHENSIVE', 'DEDICATED', 'MICRO']);
export const gridWorkerRole = communitySchema.enum('grid_worker_role', [
  'GRID_CHIEF',
  'FULL_TIME',
  'PART_TIME',
  'MICRO_GRID_LIAISON',
  'BUILDING_LEADER',
  'VOLUNTEER',
]);
export const propertyManagement = communitySchema.enum('property_management', ['COMPANY', 'SELF_GOVERNED', 'NONE']);
export const gender = communitySchema.enum('gender', ['FEMALE', 'MALE']);
/** ELDERLY is not stored: it is derived from the birth date. */
export const residentTag = communitySchema.enum('resident_tag', [
  'LIVES_ALONE',
  'EMPTY_NEST',
  'NO_KIN',
  'DISABLED',
  'LOW_INCOME',
  'VETERAN',
]);

/** Why a resident left the register (注销原因). */
export const deregistrationReason = communitySchema.enum('deregistration_reason', DEREGISTRATION_REASONS);

export const subdistricts = communitySchema.table('subdistricts', {
  id: id(),
  name: text('name').notNull(),
  regionCode: text('region_code').notNull().unique(),
});

export const communities = communitySchema.table(
  'communities',
  {
    id: id(),
    subdistrictId: text('subdistrict_id').notNull().references(() => subdistricts.id),
    name: text('name').notNull(),
  },
  (t) => [index('communities_subdistrict_idx').on(t.subdistrictId)],
);

export const grids = communitySchema.table(
  'grids',
  {
    id: id(),
    communityId: text('community_id').notNull().references(() => communities.id),
    parentId: text('parent_id'),
    code: text('code').notNull().unique(),
    name: text('name').notNull(),
    kind: gridKind('kind').notNull(),
    level: integer('level').notNull(),
  },
  (t) => [index('grids_community_idx').on(t.communityId), index('grids_parent_idx').on(t.parentId)],
);

export const gridWorkers = communitySchema.table('grid_workers', {
  id: id(),
  name: text('name').notNull(),
  phone: text('phone').notNull(),
  role: gridWorkerRole('role').notNull(),
});

export const gridAssignments = communitySchema.table(
  'grid_assignments',
  {
    gridId: text('grid_id').notNull().references(() => grids.id),
    gridWorkerId: text('grid_worker_id').notNull().references(() => gridWorkers.id),
    assignedAt: timestamp('assigned_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.gridId, t.gridWorkerId] }), index('grid_assignments_worker_idx').on(t.gridWorkerId)],
);

export const compounds = communitySchema.table(
  'compounds',
  {
    id: id(),
    communityId: text('community_id').notNull().references(() => communities.id),
    name: text('name').notNull(),
    builtYear: integer('built_year'),
    propertyManagement: propertyManagement('property_management').notNull(),
  },
  (t) => [index('compounds_community_idx').on(t.communityId)],
);

export const buildings = communitySchema.table(
  'buildings',
  {
    id: id(),
    compoundId: text('compound_id').notNull().references(() => compounds.id),
    /** The comprehensive grid the building belongs to. */
    gridId: text('grid_id').notNull().references(() => grids.id),
    /** The micro-grid (微网格) the building forms with its neighbours, if any. */
    microGridId: text('micro_grid_id').references(() => grids.id),
    number: text('number').notNull(),
    floors: integer('floors').notNull(),
    hasElevator: boolean('has_elevator').notNull(),
  },
  (t) => [
    index('buildings_compound_idx').on(t.compoundId),
    index('buildings_grid_idx').on(t.gridId),
    index('buildings_micro_grid_idx').on(t.microGridId),
  ],
);

export const households = communitySchema.table(
  'households',
  {
    id: id(),
    buildingId: text('building_id').notNull().references(() => buildings.id),
    unit: integer('unit').notNull(),
    floor: integer('floor').notNull(),
    room: text('room').notNull(),
    areaM2: numeric('area_m2', { precision: 7, scale: 2, mode: 'number' }).notNull(),
  },
  (t) => [index('households_building_idx').on(t.buildingId)],
);

export const residents = communitySchema.table(
  'residents',
  {
    id: id(),
    householdId: text('household_id').notNull().references(() => households.id),
    name: text('name').notNull(),
    gender: gender('gender').notNull(),
    birthDate: date('birth_date', { mode: 'string' }).notNull(),
    phone: text('phone'),
    idNumber: text('id_number').notNull().unique(),
    tags: residentTag('tags').array().notNull().default(sql`'{}'`),
    /** Optimistic concurrency: an update names the version it read. */
    version: integer('version').notNull().default(1),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    /** Set when the resident left the register: lists skip them, their record and history stay. */
    deregisteredAt: timestamp('deregistered_at', { withTimezone: true }),
    deregistrationReason: deregistrationReason('deregistration_reason'),
  },
  (t) => [
    index('residents_household_idx').on(t.householdId),
    index('residents_birth_date_idx').on(t.birthDate),
    check('residents_deregistration_has_reason', sql`(${t.deregisteredAt} is null) = (${t.deregistrationReason} is null)`),
  ],
);

/** Community's change feed: the events of changes other subgraphs copy, written with the change (kit/feed). */
export const changeEvents = outboxTable(communitySchema);

/** Idempotency keys of community's creates (kit/idempotency). */
export const idempotencyKeys = idempotencyKeysTable(communitySchema);

/** Who read whose sensitive data, and every refused attempt (kit/audit). */
export const auditLog = auditLogTable(communitySchema);

export type SubdistrictRow = typeof subdistricts.$inferSelect;
export type CommunityRow = typeof communities.$inferSelect;
export type GridRow = typeof grids.$inferSelect;
export type GridWorkerRow = typeof gridWorkers.$inferSelect;
export type CompoundRow = typeof compounds.$inferSelect;
export type BuildingRow = typeof buildings.$inferSelect;
export type HouseholdRow = typeof households.$inferSelect;
export type ResidentRow = typeof residents.$inferSelect;
