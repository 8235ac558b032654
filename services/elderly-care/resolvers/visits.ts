import { and, count, eq, max, sql, type SQL } from 'drizzle-orm';
import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { isAdmin, worksInGrid } from '../../domain/people';
import { badInput, forbidden } from '../../kit/errors';
import { PageArgs, paginate } from '../../kit/pagination';
import { assertCaresFor } from '../access';
import { latestAssessment, profileRecordColumns, type ElderlyCareContext, type ProfileRecord } from '../loaders';
import { CARE_TAGS } from '../rules/enums';
import type { VisitSchedule } from '../rules/visit-schedule';
import { careTag, careVisits, elderlyProfiles, type CareVisitRow } from '../tables';
import { ElderlyProfile, ElderlyProfileConnection } from '../types/profile';
import { GridWorkerReference, reference } from '../types/references';
import { CareVisit, RecordCareVisitInput } from '../types/visits';
import { forgetElder, happenedAt, lockProfile, requireProfile } from './elder';
import type { Capability } from '../../domain/capabilities';

/** rules/visit-schedule.ts's visitIntervalDays in SQL over the profile's care tags: the shortest interval that applies. */
export function visitIntervalSql(schedule: VisitSchedule): SQL<number> {
  const byTag = CARE_TAGS.flatMap((tag) => {
    const days = schedule[tag];
    return days === undefined ? [] : [sql`case when ${tag}::${careTag} = any(${elderlyProfiles.careTags}) then ${days}::int end`];
  });
  // least() skips the nulls of tags the elder does not have.
  return sql<number>`least(${sql.join([sql`${schedule.ELDERLY}::int`, ...byTag], sql`, `)})`;
}

/** The key of the overdue list: the due moment as PostgreSQL prints it (so it compares exactly), then the resident. */
const overdueKey = (dueAt: string, residentId: string) => `${dueAt}|${residentId}`;
const OVERDUE_KEY = /^(-infinity|\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(\.\d+)?[+-]\d\d(:\d\d)?)\|(.+)$/;
function parseOverdueKey(key: string) {
  const match = OVERDUE_KEY.exec(key);
  if (!match) throw badInput('after is not a cursor of overdueVisits: pass a previous page\'s endCursor.', { field: 'after' });
  return { dueAt: match[1]!, residentId: match[4]! };
}

/** Elders of a grid whose last visit is older than their interval, or who were never visited: longest overdue first. */
function listOverdue(ctx: ElderlyCareContext, gridId: string, page: PageArgs) {
  const latest = latestAssessment(ctx.db);
  const lastVisit = ctx.db
    .select({ at: max(careVisits.visitedAt).as('last_visited_at') })
    .from(careVisits)
    .where(eq(careVisits.profileId, elderlyProfiles.id))
    .as('last_visit');
  // Never visited: due since forever, so first in the list.
  const dueAt = sql<string>`coalesce(${lastVisit.at} + ${visitIntervalSql(ctx.settings.visitSchedule)} * interval '1 day', '-infinity'::timestamptz)`;
  const where = and(eq(elderlyProfiles.gridId, gridId), sql`${dueAt} < ${new Date().toISOString()}::timestamptz`);
  return paginate<ProfileRecord & { dueAt: string }>(page, {
    keyOf: (row) => overdueKey(row.dueAt, row.residentId),
    fetch: async (afterKey, limit) => {
      const after = afterKey ? parseOverdueKey(afterKey) : undefined;
      return await ctx.db
        .select({ ...profileRecordColumns(latest), dueAt: sql<string>`(${dueAt})::text` })
        .from(elderlyProfiles)
        .leftJoinLateral(latest, sql`true`)
        .leftJoinLateral(lastVisit, sql`true`)
        .where(and(where, after ? sql`(${dueAt}, ${elderlyProfiles.residentId}) > (${after.dueAt}::timestamptz, ${after.residentId})` : undefined))
        .orderBy(dueAt, elderlyProfiles.residentId)
        .limit(limit);
    },
    count: async () => {
      const [row] = await ctx.db.select({ n: count() }).from(elderlyProfiles).leftJoinLateral(lastVisit, sql`true`).where(where);
      return row?.n ?? 0;
    },
  });
}

@Resolver(() => CareVisit)
export class CareVisitResolver {
  @Authorized<Capability>('elder:care')
  @Query(() => ElderlyProfileConnection, {
    description:
      'Elders of a grid due a care visit (逾期未探访): their last visit is older than their interval (CARE_VISIT_INTERVAL_DAYS), or they were never visited. Longest overdue first.',
  })
  async overdueVisits(@Arg('gridId', () => ID) gridId: string, @Args(() => PageArgs) page: PageArgs, @Ctx() ctx: ElderlyCareContext) {
    if (!isAdmin(ctx.viewer) && !worksInGrid(ctx.viewer, gridId)) throw forbidden(`Only admins and the workers of grid ${gridId} may list its overdue visits.`);
    return listOverdue(ctx, gridId, page);
  }

  @Authorized<Capability>('elder:care')
  @Mutation(() => CareVisit, { description: "Records a visit to an elder by a worker of the elder's grid; new needs are added to the profile." })
  async recordCareVisit(@Arg('input', () => RecordCareVisitInput) input: RecordCareVisitInput, @Ctx() ctx: ElderlyCareContext) {
    const profile = await requireProfile(ctx, input.residentId);
    assertCaresFor(ctx.viewer, profile);
    const visitedAt = happenedAt('visitedAt', input.visitedAt);
    const newNeeds = input.newNeeds ?? [];
    const visit = await ctx.db.transaction(async (tx) => {
      const current = await lockProfile(tx, profile.id);
      const [inserted] = await tx
        .insert(careVisits)
        .values({ profileId: profile.id, visitorId: input.visitorId, kind: input.kind, visitedAt, findings: input.findings, newNeeds })
        .returning();
      const added = newNeeds.filter((need) => !current.needs.includes(need));
      if (added.length) {
        await tx
          .update(elderlyProfiles)
          .set({ needs: [...current.needs, ...added], version: current.version + 1, updatedAt: new Date() })
          .where(eq(elderlyProfiles.id, profile.id));
      }
      return inserted;
    });
    forgetElder(ctx, { profileId: profile.id, residentId: profile.residentId });
    return visit;
  }

  @FieldResolver(() => ElderlyProfile)
  async elder(@Root() visit: CareVisitRow, @Ctx() ctx: ElderlyCareContext) {
    return ctx.loaders.profileById.load(visit.profileId);
  }

  @FieldResolver(() => GridWorkerReference, { description: 'The grid worker (网格员) who visited; the gateway joins name and phone.' })
  visitor(@Root() visit: CareVisitRow) {
    return reference(visit.visitorId);
  }
}
