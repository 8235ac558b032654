import { and, inArray, isNotNull, isNull, lt, notInArray, or, sql, type SQL } from 'drizzle-orm';
import { FINAL_CASE_STATUSES } from '../../kit/cases';
import { pageOf, type PageArgs } from '../../kit/pagination';
import { alarmRule, deviceRule, hazardRule, selectAlarms, selectDevices, selectHazards, type AlarmRecord, type DeviceRecord, type HazardRecord } from '../access';
import type { SafetyContext } from '../loaders';
import { OPEN_ALARM_STATUSES } from '../rules/alarms';
import { alarms, devices, fireDrills, hazards, sites } from '../tables';

/**
 * The paged lists several fields share (a root query and the field safety adds to a community entity): each the
 * access rule's condition and the list's own, in ONE where for the page and its count.
 */

export const alarmPage = (ctx: SafetyContext, args: PageArgs, condition: SQL | undefined) =>
  pageOf<AlarmRecord>(ctx.db, args, {
    where: and(alarmRule.where(ctx.viewer), condition),
    select: (c) => selectAlarms(ctx.db, ctx.viewer).where(c),
    key: alarms.id,
    keyOf: (row) => row.id,
  });

export const devicePage = (ctx: SafetyContext, args: PageArgs, condition: SQL | undefined) =>
  pageOf<DeviceRecord>(ctx.db, args, {
    where: and(deviceRule.where(ctx.viewer), condition),
    select: (c) => selectDevices(ctx.db, ctx.viewer).where(c),
    key: devices.id,
    keyOf: (row) => row.id,
  });

export const hazardPage = (ctx: SafetyContext, args: PageArgs, condition: SQL | undefined) =>
  pageOf<HazardRecord>(ctx.db, args, {
    where: and(hazardRule.where(ctx.viewer), condition),
    select: (c) => selectHazards(ctx.db, ctx.viewer).where(c),
    key: hazards.id,
    keyOf: (row) => row.id,
  });

export const isOpenAlarm = () => inArray(alarms.status, [...OPEN_ALARM_STATUSES]);
export const isOpenHazard = () => notInArray(hazards.status, [...FINAL_CASE_STATUSES]);
/** Open and past a deadline it has: never NULL (a case without a deadline is not overdue), so `not` is its complement. */
export const isOverdueHazard = (now: Date) => and(isOpenHazard(), isNotNull(hazards.deadline), lt(hazards.deadline, now));

/** Silent past the configured interval, or never heard from. */
export const isOffline = (ctx: SafetyContext, now: Date = new Date()) =>
  or(isNull(devices.lastHeartbeatAt), lt(devices.lastHeartbeatAt, new Date(now.getTime() - ctx.settings.offlineAfterMs)));

/** The site's last drill held is older than its interval (6 months for key units, 12 for others), or it never drilled. */
export const isDrillOverdue = (ctx: SafetyContext) =>
  sql`coalesce((select max(${fireDrills.heldAt}) from ${fireDrills} where ${fireDrills.siteId} = ${sites.id} and ${fireDrills.heldAt} <= now()), '-infinity'::timestamptz)
    < now() - make_interval(months => case when ${sites.isKeyUnit} then ${ctx.settings.keyUnitDrillMonths}::int else ${ctx.settings.otherDrillMonths}::int end)`;
