import { sql } from 'drizzle-orm';
import { index, numeric, doublePrecision, pgSchema, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';
import { caseColumns, caseEnums, caseHistoryTable } from '../kit/cases';
import { idempotencyKeysTable } from '../kit/idempotency';
import { auditLogTable } from '../kit/audit';
import { ISSUE_CATEGORIES, RIVER_CHIEF_LEVELS, WATER_QUALITY_CLASSES } from './rules/enums';

/**
 * The environment subgraph owns the PostgreSQL schema `environment`; no other service reads it. Communities, grids,
 * residents and grid workers belong to the community subgraph: they are held here as text keys without foreign keys,
 * since a foreign key cannot cross the service boundary.
 */
export const environmentSchema = pgSchema('environment');

const id = () => text('id').primaryKey().default(sql`gen_random_uuid()::text`);

export const issueCategory = environmentSchema.enum('issue_category', ISSUE_CATEGORIES);
export const riverChiefLevel = environmentSchema.enum('river_chief_level', RIVER_CHIEF_LEVELS);
export const waterQualityClass = environmentSchema.enum('water_quality_class', WATER_QUALITY_CLASSES);
export const caseEnum = caseEnums(environmentSchema);
export const { status: caseStatus, tier: caseTier, source: caseSource } = caseEnum;

export const rivers = environmentSchema.table('rivers', {
  id: id(),
  name: text('name').notNull(),
  lengthKm: numeric('length_km', { precision: 8, scale: 2 }).notNull(),
  waterQualityTarget: waterQualityClass('water_quality_target').notNull(),
});

/** The communities a river runs through (Community.rivers). */
export const riverCommunities = environmentSchema.table(
  'river_communities',
  { riverId: text('river_id').notNull().references(() => rivers.id), communityId: text('community_id').notNull() },
  (t) => [primaryKey({ columns: [t.riverId, t.communityId] }), index('river_communities_community').on(t.communityId)],
);

export const riverSegments = environmentSchema.table(
  'river_segments',
  {
    id: id(),
    riverId: text('river_id').notNull().references(() => rivers.id),
    name: text('name').notNull(),
    lengthKm: numeric('length_km', { precision: 8, scale: 2 }).notNull(),
    waterQualityTarget: waterQualityClass('water_quality_target').notNull(),
    communityId: text('community_id').notNull(),
    /** The comprehensive grid along the segment: its issues are that grid's. */
    gridId: text('grid_id').notNull(),
  },
  (t) => [index('river_segments_river').on(t.riverId)],
);

export const riverChiefs = environmentSchema.table('river_chiefs', {
  id: id(),
  name: text('name').notNull(),
  level: riverChiefLevel('level').notNull(),
  /** The office that makes them chief (职务), e.g. 区长, 街道党工委书记, 村党支部书记; the team for civilian chiefs. */
  position: text('position').notNull(),
  /** A civilian chief team (民间河长队), for CIVILIAN chiefs. */
  team: text('team'),
  /** The chief's record as a grid worker or as a resident, when they are one (community's keys). */
  gridWorkerId: text('grid_worker_id'),
  residentId: text('resident_id'),
});

export const riverChiefSegments = environmentSchema.table(
  'river_chief_segments',
  {
    chiefId: text('chief_id').notNull().references(() => riverChiefs.id),
    segmentId: text('segment_id').notNull().references(() => riverSegments.id),
  },
  (t) => [primaryKey({ columns: [t.chiefId, t.segmentId] }), index('river_chief_segments_segment').on(t.segmentId)],
);

export const riverPatrols = environmentSchema.table(
  'river_patrols',
  {
    id: id(),
    segmentId: text('segment_id').notNull().references(() => riverSegments.id),
    /** The chief who patrolled, or the grid worker (a micro-grid liaison) who did, or both together. */
    chiefId: text('chief_id').references(() => riverChiefs.id),
    patrollerWorkerId: text('patroller_worker_id'),
    startedAt: timestamp('started_at', { withTimezone: true }).notNull(),
    endedAt: timestamp('ended_at', { withTimezone: true }).notNull(),
    /** The patrol record as written (巡河情况), e.g. "水面漂浮物轻微，岸边有少量垃圾堆放，未发现排污口". */
    summary: text('summary').notNull(),
    recordedBy: text('recorded_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('river_patrols_segment').on(t.segmentId, t.id)],
);

export const environmentIssues = environmentSchema.table(
  'environment_issues',
  {
    ...caseColumns(caseEnum),
    category: issueCategory('category').notNull(),
    description: text('description').notNull(),
    /** Where, in words (位置), e.g. an address or a landmark. */
    address: text('address').notNull(),
    latitude: doublePrecision('latitude'),
    longitude: doublePrecision('longitude'),
    gridId: text('grid_id').notNull(),
    photoUrls: text('photo_urls').array().notNull().default(sql`'{}'::text[]`),
    /** Who reported it: a resident, a grid worker, or neither (a hotline, a camera, a superior); and the token subject. */
    reporterResidentId: text('reporter_resident_id'),
    reporterWorkerId: text('reporter_worker_id'),
    reportedBy: text('reported_by').notNull(),
    /** The grid worker dispatched to handle it (处置人). */
    handlerWorkerId: text('handler_worker_id'),
    /** For a patrol's findings: the patrol and its segment. */
    patrolId: text('patrol_id').references(() => riverPatrols.id),
    segmentId: text('segment_id').references(() => riverSegments.id),
  },
  (t) => [
    index('environment_issues_grid').on(t.gridId, t.id),
    index('environment_issues_reporter').on(t.reporterResidentId, t.id),
    index('environment_issues_patrol').on(t.patrolId),
    index('environment_issues_open_deadline').on(t.deadline).where(sql`status not in ('CLOSED', 'VOIDED')`),
  ],
);

export const environmentIssueHistory = caseHistoryTable(environmentSchema, 'environment_issue_history', caseEnum);

export const greenSpaces = environmentSchema.table('green_spaces', {
  id: id(),
  name: text('name').notNull(),
  areaM2: numeric('area_m2', { precision: 10, scale: 1 }).notNull(),
  gridId: text('grid_id').notNull(),
  communityId: text('community_id').notNull(),
  /** Who looks after it (养护单位), e.g. a property company or the community. */
  maintainer: text('maintainer').notNull(),
});

export const idempotencyKeys = idempotencyKeysTable(environmentSchema);

/** Who read whose sensitive data, and every refused attempt (kit/audit). */
export const auditLog = auditLogTable(environmentSchema);

export type RiverRow = typeof rivers.$inferSelect;
export type RiverSegmentRow = typeof riverSegments.$inferSelect;
export type RiverChiefRow = typeof riverChiefs.$inferSelect;
export type RiverPatrolRow = typeof riverPatrols.$inferSelect;
export type EnvironmentIssueRow = typeof environmentIssues.$inferSelect;
export type IssueHistoryRow = typeof environmentIssueHistory.$inferSelect;
export type GreenSpaceRow = typeof greenSpaces.$inferSelect;
