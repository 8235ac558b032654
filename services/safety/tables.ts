import { sql } from 'drizzle-orm';
import { boolean, date, index, integer, numeric, pgSchema, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { caseColumns, caseEnums, caseHistoryTable } from '../kit/cases';
import { feedCursorTable } from '../kit/feed';
import { idempotencyKeysTable } from '../kit/idempotency';
import { auditLogTable } from '../kit/audit';
import {
  ALARM_KINDS,
  ALARM_STATUSES,
  DEVICE_KINDS,
  EMERGENCY_SERVICES,
  HAZARD_REMEDIES,
  HAZARD_SEVERITIES,
  HAZARD_TYPES,
  SITE_KINDS,
} from './rules/enums';

export const safety = pgSchema('safety');

export const deviceKind = safety.enum('device_kind', DEVICE_KINDS);
export const alarmKind = safety.enum('alarm_kind', ALARM_KINDS);
export const alarmStatus = safety.enum('alarm_status', ALARM_STATUSES);
export const emergencyService = safety.enum('emergency_service', EMERGENCY_SERVICES);
export const siteKind = safety.enum('site_kind', SITE_KINDS);
export const hazardType = safety.enum('hazard_type', HAZARD_TYPES);
export const hazardSeverity = safety.enum('hazard_severity', HAZARD_SEVERITIES);
export const hazardRemedy = safety.enum('hazard_remedy', HAZARD_REMEDIES);
const caseTypes = caseEnums(safety);
export const { status: hazardStatus, tier: hazardTier, source: hazardSource } = caseTypes;

/**
 * Community's facts safety copies (kept true by community's change feed): the grid and community of each household,
 * and each resident's household. Devices and alarms follow their household; residents find theirs here.
 */
export const householdCopies = safety.table(
  'households',
  {
    id: text('id').primaryKey(),
    buildingId: text('building_id').notNull(),
    gridId: text('grid_id').notNull(),
    communityId: text('community_id').notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('households_grid_idx').on(t.gridId), index('households_building_idx').on(t.buildingId)],
);

export const residentCopies = safety.table(
  'residents',
  {
    id: text('id').primaryKey(),
    householdId: text('household_id').notNull(),
  },
  (t) => [index('residents_household_idx').on(t.householdId)],
);

export const devices = safety.table(
  'devices',
  {
    id: text('id').primaryKey().default(sql`gen_random_uuid()::text`),
    householdId: text('household_id').notNull(),
    kind: deviceKind('kind').notNull(),
    installedAt: timestamp('installed_at', { withTimezone: true }).notNull().defaultNow(),
    batteryPercent: integer('battery_percent'),
    hasFault: boolean('has_fault').notNull().default(false),
    lastHeartbeatAt: timestamp('last_heartbeat_at', { withTimezone: true }),
  },
  (t) => [index('devices_household_idx').on(t.householdId), index('devices_heartbeat_idx').on(t.lastHeartbeatAt)],
);
export type DeviceRow = typeof devices.$inferSelect;

export const alarms = safety.table(
  'alarms',
  {
    id: text('id').primaryKey().default(sql`gen_random_uuid()::text`),
    deviceId: text('device_id')
      .notNull()
      .references(() => devices.id),
    /** The device's household when raised: devices stay in their household. */
    householdId: text('household_id').notNull(),
    kind: alarmKind('kind').notNull(),
    status: alarmStatus('status').notNull().default('RAISED'),
    /** The device's (or caller's) key for this alarm: a retry with it is the same alarm. */
    idempotencyKey: text('idempotency_key').notNull(),
    raisedAt: timestamp('raised_at', { withTimezone: true }).notNull().defaultNow(),
    acknowledgedAt: timestamp('acknowledged_at', { withTimezone: true }),
    /** A GridWorker of the household's grid. */
    responderId: text('responder_id'),
    dispatchedAt: timestamp('dispatched_at', { withTimezone: true }),
    escalatedTo: emergencyService('escalated_to'),
    closedAt: timestamp('closed_at', { withTimezone: true }),
    version: integer('version').notNull().default(1),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    // The constraint that makes an alarm exist once per key, whatever the retries and the replicas.
    uniqueIndex('alarms_device_key_uq').on(t.deviceId, t.idempotencyKey),
    index('alarms_status_raised_idx').on(t.status, t.raisedAt),
    index('alarms_household_idx').on(t.householdId),
  ],
);
export type AlarmRow = typeof alarms.$inferSelect;

export const alarmTransitions = safety.table(
  'alarm_transitions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    alarmId: text('alarm_id')
      .notNull()
      .references(() => alarms.id),
    from: alarmStatus('from_status').notNull(),
    to: alarmStatus('to_status').notNull(),
    /** Token subject, or `sweep` for an automatic escalation. */
    actorSub: text('actor_sub').notNull(),
    note: text('note'),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('alarm_transitions_alarm_idx').on(t.alarmId)],
);
export type AlarmTransitionRow = typeof alarmTransitions.$inferSelect;

/** Places inspected and drilled: markets, residential buildings, shops, kindergartens. */
export const sites = safety.table(
  'sites',
  {
    id: text('id').primaryKey().default(sql`gen_random_uuid()::text`),
    name: text('name').notNull(),
    kind: siteKind('kind').notNull(),
    /** 消防安全重点单位: drills every 6 months instead of yearly. */
    isKeyUnit: boolean('is_key_unit').notNull().default(false),
    communityId: text('community_id').notNull(),
    gridId: text('grid_id').notNull(),
    /** The community building the site is (residential buildings). */
    buildingId: text('building_id'),
    address: text('address').notNull(),
    builtYear: integer('built_year'),
    areaM2: numeric('area_m2', { precision: 12, scale: 2 }),
  },
  (t) => [index('sites_community_idx').on(t.communityId), index('sites_building_idx').on(t.buildingId)],
);
export type SiteRow = typeof sites.$inferSelect;

export const inspections = safety.table(
  'inspections',
  {
    id: text('id').primaryKey().default(sql`gen_random_uuid()::text`),
    siteId: text('site_id')
      .notNull()
      .references(() => sites.id),
    inspectedOn: date('inspected_on', { mode: 'string' }).notNull(),
    inspectorSub: text('inspector_sub').notNull(),
    findings: text('findings'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('inspections_site_idx').on(t.siteId)],
);
export type InspectionRow = typeof inspections.$inferSelect;

/** Hazards are cases of the shared case workflow (kit/cases) with the inspection's dates beside them. */
export const hazards = safety.table(
  'hazards',
  {
    ...caseColumns(caseTypes),
    inspectionId: text('inspection_id')
      .notNull()
      .references(() => inspections.id),
    siteId: text('site_id')
      .notNull()
      .references(() => sites.id),
    /** The site's building, when it is one: Building.hazards reads it. */
    buildingId: text('building_id'),
    type: hazardType('type').notNull(),
    severity: hazardSeverity('severity').notNull(),
    remedy: hazardRemedy('remedy').notNull(),
    description: text('description').notNull(),
    noticeDueOn: date('notice_due_on', { mode: 'string' }),
    rectifyBy: date('rectify_by', { mode: 'string' }).notNull(),
    reinspectionDueOn: date('reinspection_due_on', { mode: 'string' }).notNull(),
  },
  (t) => [
    index('hazards_site_idx').on(t.siteId),
    index('hazards_building_idx').on(t.buildingId),
    index('hazards_inspection_idx').on(t.inspectionId),
    index('hazards_status_deadline_idx').on(t.status, t.deadline),
  ],
);
export type HazardRow = typeof hazards.$inferSelect;
export const hazardHistory = caseHistoryTable(safety, 'hazard_history', caseTypes);
export type HazardHistoryRow = typeof hazardHistory.$inferSelect;

export const fireDrills = safety.table(
  'fire_drills',
  {
    id: text('id').primaryKey().default(sql`gen_random_uuid()::text`),
    siteId: text('site_id')
      .notNull()
      .references(() => sites.id),
    heldAt: timestamp('held_at', { withTimezone: true }).notNull(),
    organizer: text('organizer').notNull(),
    participants: integer('participants').notNull(),
    scenario: text('scenario').notNull(),
    evacuationSeconds: integer('evacuation_seconds'),
    hazardsFound: integer('hazards_found').notNull().default(0),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('fire_drills_site_held_idx').on(t.siteId, t.heldAt)],
);
export type FireDrillRow = typeof fireDrills.$inferSelect;

export const idempotencyKeys = idempotencyKeysTable(safety);

/** Who read whose sensitive data, and every refused attempt (kit/audit). */
export const auditLog = auditLogTable(safety);
export const feedCursors = feedCursorTable(safety);
