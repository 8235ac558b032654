import { and, arrayContains, asc, count, desc, eq, getTableColumns, inArray, isNull, max, sql, type SQL } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import { policyOf } from '../kit/access';
import type { Viewer } from '../kit/auth';
import type { Database, Transaction } from '../kit/db';
import { badInput, notFound } from '../kit/errors';
import { createOnce, requestOf } from '../kit/idempotency';
import type { CreateInput } from '../kit/mutations';
import { byForeignKeyLoader, byKeyLoader, columnsOf, countLoader, isAnyOf, linkedRowsLoader, preparedByKeys, rowsByForeignKey, rowsById } from '../kit/loaders';
import { dayOf } from '../kit/dates';
import { pageOf, paginate, type ConnectionValue, type PageArgs } from '../kit/pagination';
import type { SubgraphContext } from '../kit/subgraph';
import { actorOf } from '../domain/people';
import { audited } from '../kit/audit';
import { elderRule, type ElderKeys } from './access';
import { CARE_TAGS, type CapabilityLevel, type CareNeed, type LivingArrangement } from './rules/enums';
import type { VisitSchedule } from './rules/visit-schedule';
import type { ElderlyCareSettings } from './settings';
import {
  careTag,
  capabilityAssessments,
  careVisits,
  elderlyProfiles,
  homeModifications,
  idempotencyKeys,
  homeModificationTransitions,
  mealOrders,
  mealPlans,
  mealPointCommunities,
  mealPoints,
  subsidyRules,
  type CareVisitRow,
  type ElderlyProfileRow,
  type MealPlanRow,
  type MealPointRow,
} from './tables';

/** An elder as loaded: the record with the id and level of its latest assessment (null before the first one). */
export type ElderRecord = ElderlyProfileRow & { latestAssessmentId: string | null; capabilityLevel: CapabilityLevel | null };

/** A meal plan with its meal point, which every reader of a plan asks for. */
export type MealPlanRecord = MealPlanRow & { point: MealPointRow };

/** The latest assessment of the elder in the outer query. */
export const latestAssessment = (db: Database) =>
  db
    .select({ id: capabilityAssessments.id, level: capabilityAssessments.level })
    .from(capabilityAssessments)
    .where(eq(capabilityAssessments.profileId, elderlyProfiles.id))
    .orderBy(desc(capabilityAssessments.assessedAt), desc(capabilityAssessments.id))
    .limit(1)
    .as('latest_assessment');

/** The columns of an ElderRecord, given the latest-assessment subquery joined beside the elder. */
export const elderRecordColumns = (latest: ReturnType<typeof latestAssessment>) => ({
  ...getTableColumns(elderlyProfiles),
  latestAssessmentId: latest.id,
  capabilityLevel: latest.level,
});

/** Elders with their latest assessment's id and level, in one statement. */
export const selectElderRecords = (db: Database, latest = latestAssessment(db)) =>
  db.select(elderRecordColumns(latest)).from(elderlyProfiles).leftJoinLateral(latest, sql`true`);

type ElderOwnedTable = PgTable & { id: PgColumn; profileId: PgColumn };

/**
 * Rows that belong to an elder (assessments, orders, visits, modifications), by id, with the elder's keys joined in
 * one statement so the elder rule applies where the rows are read.
 */
function elderOwnedById<T extends ElderOwnedTable>(db: Database, viewer: Viewer, table: T) {
  type Row = T['$inferSelect'] & { id: string; elder: ElderKeys };
  const policy = policyOf(elderRule, viewer);
  return byKeyLoader<Row>(
    async (ids) =>
      (await db
        .select({ ...getTableColumns(table as PgTable), elder: { residentId: elderlyProfiles.residentId, gridId: elderlyProfiles.gridId } })
        .from(table as PgTable)
        .innerJoin(elderlyProfiles, eq(elderlyProfiles.id, table.profileId))
        .where(inArray(table.id, ids))) as Row[],
    (row) => row.id,
    (row) => policy(row.elder),
  );
}

/** An elder's rows of a table (the elder already passed the elder rule), in the given order: one statement per batch of elders. */
function elderRows<T extends ElderOwnedTable>(db: Database, table: T, orderBy: SQL[]) {
  type Row = T['$inferSelect'] & { id: string; profileId: string };
  return byForeignKeyLoader<Row>(
    async (profileIds) =>
      (await db
        .select()
        .from(table as PgTable)
        .where(inArray(table.profileId, profileIds))
        .orderBy(...orderBy)) as Row[],
    (row) => row.profileId,
  );
}

/**
 * One page of an elder's history already loaded in its order (a batch of elders costs one statement, however many
 * pages are asked for): keyed by row id, so a page continues after the row the cursor names.
 */
export function pageOfLoaded<Row extends { id: string }>(rows: Row[], args: PageArgs): Promise<ConnectionValue<Row>> {
  return paginate<Row>(args, {
    keyOf: (row) => row.id,
    fetch: async (afterId, limit) => {
      const start = afterId === undefined ? 0 : rows.findIndex((row) => row.id === afterId) + 1;
      return rows.slice(start, start + limit);
    },
    count: async () => rows.length,
  });
}

/** One set of loaders per request: every relation costs one statement per batch, not one per row. */
export function createElderlyCareLoaders(db: Database, viewer: Viewer) {
  const policy = policyOf(elderRule, viewer);
  const mealPointById = rowsById(db, mealPoints);
  const plansWithPoints = preparedByKeys<{ plan: MealPlanRow; point: MealPointRow }>(db, 'elderly-care.plansWithPoints', (profileIds) =>
    db.select({ plan: mealPlans, point: mealPoints }).from(mealPlans).innerJoin(mealPoints, eq(mealPoints.id, mealPlans.mealPointId)).where(isAnyOf(mealPlans.profileId, profileIds)),
  );
  const eldersWithCare = preparedByKeys<{ elder: ElderRecord; plan: MealPlanRow | null; point: MealPointRow | null; lastVisit: CareVisitRow | null }>(
    db,
    'elderly-care.elderWithCareByResident',
    (residentIds) => {
      const latest = latestAssessment(db);
      // Lateral, one index probe per elder: joined on an id from a subquery instead, PostgreSQL hashed every visit.
      const lastVisit = db
        .select()
        .from(careVisits)
        .where(eq(careVisits.profileId, elderlyProfiles.id))
        .orderBy(desc(careVisits.visitedAt), desc(careVisits.id))
        .limit(1)
        .as('last_visit');
      return db
        .select({ elder: elderRecordColumns(latest), plan: getTableColumns(mealPlans), point: getTableColumns(mealPoints), lastVisit: columnsOf(lastVisit, careVisits) })
        .from(elderlyProfiles)
        .leftJoinLateral(latest, sql`true`)
        .leftJoin(mealPlans, eq(mealPlans.profileId, elderlyProfiles.id))
        .leftJoin(mealPoints, eq(mealPoints.id, mealPlans.mealPointId))
        .leftJoinLateral(lastVisit, sql`true`)
        .where(isAnyOf(elderlyProfiles.residentId, residentIds));
    },
  );
  const loaders = {
    elderById: byKeyLoader<ElderRecord>(
      preparedByKeys(db, 'elderly-care.elderById', (ids) => selectElderRecords(db).where(isAnyOf(elderlyProfiles.id, ids))),
      (r) => r.id,
      policy,
    ),
    elderByResident: byKeyLoader<ElderRecord>(
      preparedByKeys(db, 'elderly-care.elderByResident', (residentIds) => selectElderRecords(db).where(isAnyOf(elderlyProfiles.residentId, residentIds))),
      (r) => r.residentId,
      policy,
    ),
    assessmentById: elderOwnedById(db, viewer, capabilityAssessments),
    assessmentsByElder: elderRows(db, capabilityAssessments, [desc(capabilityAssessments.assessedAt), desc(capabilityAssessments.id)]),
    visitById: elderOwnedById(db, viewer, careVisits),
    visitsByElder: elderRows(db, careVisits, [desc(careVisits.visitedAt), desc(careVisits.id)]),
    lastVisitByElder: byKeyLoader<CareVisitRow>(
      preparedByKeys(db, 'elderly-care.lastVisitByElder', (profileIds) =>
        db
          .selectDistinctOn([careVisits.profileId])
          .from(careVisits)
          .where(isAnyOf(careVisits.profileId, profileIds))
          .orderBy(careVisits.profileId, desc(careVisits.visitedAt), desc(careVisits.id)),
      ),
      (r) => r.profileId,
    ),
    mealPointById,
    mealPlanByElder: byKeyLoader<MealPlanRecord>(
      async (profileIds) => {
        const rows = await plansWithPoints(profileIds);
        return rows.map(({ plan, point }) => {
          mealPointById.prime(point.id, point);
          return { ...plan, point };
        });
      },
      (r) => r.profileId,
    ),
    mealPointsByCommunity: linkedRowsLoader(db, {
      from: mealPointCommunities.communityId,
      to: mealPointCommunities.mealPointId,
      target: mealPoints,
      targetKey: mealPoints.id,
      orderBy: [asc(mealPoints.id)],
    }),
    /** Elders living in the communities each point serves, closed profiles aside: its catchment (服务覆盖老人数). */
    eldersServedByMealPoint: countLoader(
      async (mealPointIds) =>
        await db
          .select({ key: mealPointCommunities.mealPointId, n: count(elderlyProfiles.id) })
          .from(mealPointCommunities)
          .innerJoin(elderlyProfiles, and(eq(elderlyProfiles.communityId, mealPointCommunities.communityId), isNull(elderlyProfiles.closedAt)))
          .where(inArray(mealPointCommunities.mealPointId, mealPointIds))
          .groupBy(mealPointCommunities.mealPointId),
    ),
    communitiesByMealPoint: rowsByForeignKey(db, mealPointCommunities, mealPointCommunities.mealPointId, (r) => r.mealPointId),
    subsidyRuleById: rowsById(db, subsidyRules),
    mealOrderById: elderOwnedById(db, viewer, mealOrders),
    mealOrdersByElder: elderRows(db, mealOrders, [desc(mealOrders.servedOn), desc(mealOrders.createdAt), desc(mealOrders.id)]),
    homeModificationById: elderOwnedById(db, viewer, homeModifications),
    homeModificationsByElder: elderRows(db, homeModifications, [desc(homeModifications.createdAt), desc(homeModifications.id)]),
    transitionsByModification: byForeignKeyLoader(
      async (modificationIds) =>
        await db
          .select()
          .from(homeModificationTransitions)
          .where(inArray(homeModificationTransitions.modificationId, modificationIds))
          .orderBy(asc(homeModificationTransitions.at), asc(homeModificationTransitions.id)),
      (r) => r.modificationId,
    ),
  };
  return {
    ...loaders,
    /**
     * elderByResident for a query that asks for the elder's meal plan or last visit next: it reads them in the same
     * statement and hands them to their loaders, for the elders the viewer may see (the others load as missing).
     */
    elderWithCareByResident: byKeyLoader<ElderRecord>(
      async (residentIds) =>
        (await eldersWithCare(residentIds)).map(({ elder, plan, point, lastVisit }) => {
          if (elderRule.allows(viewer, elder)) {
            loaders.elderById.prime(elder.id, elder);
            loaders.elderByResident.prime(elder.residentId, elder);
            if (point) mealPointById.prime(point.id, point);
            loaders.mealPlanByElder.prime(elder.id, plan && point ? { ...plan, point } : null);
            loaders.lastVisitByElder.prime(elder.id, lastVisit);
          }
          return elder;
        }),
      (r) => r.residentId,
      policy,
    ),
  };
}

export type ElderlyCareLoaders = ReturnType<typeof createElderlyCareLoaders>;
export type ElderlyCareContext = SubgraphContext<ElderlyCareLoaders, ElderlyCareSettings>;

/** The elder record of the resident a mutation names (NOT_FOUND on `field` if none); the loader refuses elders the viewer may not see. */
export async function requireElder(ctx: ElderlyCareContext, residentId: string, field = 'residentId'): Promise<ElderRecord> {
  const elder = await ctx.loaders.elderByResident.load(residentId);
  if (!elder) throw notFound('The elder record of resident', residentId, field);
  return elder;
}

/** New care (meals, modifications) only for open profiles: a closed one belongs to a resident community deregistered. */
export function assertOpen(elder: Pick<ElderRecord, 'residentId' | 'closedAt'>, field = 'residentId'): void {
  if (elder.closedAt) {
    throw badInput(`The elder record of resident ${elder.residentId} was closed on ${dayOf(elder.closedAt)} (the resident left the register): it takes no new orders or applications.`, { field });
  }
}

/**
 * A create mutation run once per idempotency key and caller (kit/idempotency): a retry with the same input gets the
 * id of what the first request created, another input with the same key is a CONFLICT on idempotencyKey.
 */
export function createOnceFor(ctx: ElderlyCareContext, operation: string, input: CreateInput, create: (tx: Transaction) => Promise<{ id: string }>) {
  return createOnce(ctx.db, { table: idempotencyKeys, scope: `${operation}:${actorOf(ctx.viewer)}`, key: input.idempotencyKey, input: requestOf(input) }, create);
}

/**
 * Locks the elder's row until the transaction ends and returns it as it now stands: writes that read before they
 * write (the daily subsidy cap, merged needs) take it first, so two of them for one elder do not interleave.
 */
export async function lockElder(tx: Transaction, elderId: string): Promise<ElderlyProfileRow> {
  const [row] = await tx.select().from(elderlyProfiles).where(eq(elderlyProfiles.id, elderId)).for('update');
  return row!;
}

/** Writes each assessment's read to the audit log (one insert per request batch) before handing them out. */
export function auditedAssessments<A extends { id: string }>(ctx: ElderlyCareContext, residentId: string, assessments: A[]): Promise<A[]> {
  return audited(ctx.audit, 'CapabilityAssessment', assessments, (a) => ({ subjectId: residentId, recordId: a.id }));
}

/** An assessment by id (`_entities`): the loader applies the elder rule, and the read is audited. */
export async function readAssessment(ctx: ElderlyCareContext, id: string) {
  const assessment = await ctx.loaders.assessmentById.load(id);
  return assessment && (await auditedAssessments(ctx, assessment.elder.residentId, [assessment]))[0];
}

/** What `elders` filters on; every filter given must match. */
export interface ElderCriteria {
  gridId?: string;
  livingArrangement?: LivingArrangement;
  capabilityLevel?: CapabilityLevel;
  needs?: CareNeed[];
}

/** Elders the viewer may see that match the filter, one keyset page (by resident id) at a time. */
export async function listElders(ctx: ElderlyCareContext, filter: ElderCriteria, page: PageArgs): Promise<ConnectionValue<ElderRecord>> {
  const latest = latestAssessment(ctx.db);
  const found = await pageOf<ElderRecord>(ctx.db, page, {
    where: and(
      elderRule.where(ctx.viewer),
      // Closed profiles (the resident was deregistered) leave the lists; they stay readable by id.
      isNull(elderlyProfiles.closedAt),
      filter.gridId ? eq(elderlyProfiles.gridId, filter.gridId) : undefined,
      filter.livingArrangement ? eq(elderlyProfiles.livingArrangement, filter.livingArrangement) : undefined,
      filter.capabilityLevel ? eq(latest.level, filter.capabilityLevel) : undefined,
      filter.needs?.length ? arrayContains(elderlyProfiles.needs, filter.needs) : undefined,
    ),
    select: (condition) => selectElderRecords(ctx.db, latest).where(condition),
    key: elderlyProfiles.residentId,
    keyOf: (elder) => elder.residentId,
  });
  // A filter on health data or on who lives alone reveals it of every elder listed: each is an audited read.
  const elders = found.edges.map((edge) => edge.node);
  const revealed = [
    filter.capabilityLevel ? 'elders.filter.capabilityLevel' : undefined,
    filter.livingArrangement ? 'elders.filter.livingArrangement' : undefined,
  ].filter((field): field is string => field !== undefined);
  await Promise.all(revealed.map((field) => audited(ctx.audit, field, elders, (elder) => ({ subjectId: elder.residentId }))));
  return found;
}

/** The visit schedule's interval (rules/visit-schedule) in SQL over the elder's care tags: the shortest that applies. */
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
  if (!match) throw badInput("after is not a cursor of overdueVisits: pass a previous page's endCursor.", { field: 'after' });
  return { dueAt: match[1]!, residentId: match[4]! };
}

/** Elders of a grid whose last visit is older than their interval, or who were never visited: longest overdue first. */
export function listOverdue(ctx: ElderlyCareContext, gridId: string, page: PageArgs): Promise<ConnectionValue<ElderRecord>> {
  const latest = latestAssessment(ctx.db);
  const lastVisit = ctx.db
    .select({ at: max(careVisits.visitedAt).as('last_visited_at') })
    .from(careVisits)
    .where(eq(careVisits.profileId, elderlyProfiles.id))
    .as('last_visit');
  // Never visited: due since forever, so first in the list.
  const dueAt = sql<string>`coalesce(${lastVisit.at} + ${visitIntervalSql(ctx.settings.visitSchedule)} * interval '1 day', '-infinity'::timestamptz)`;
  const where = and(eq(elderlyProfiles.gridId, gridId), isNull(elderlyProfiles.closedAt), sql`${dueAt} < ${new Date().toISOString()}::timestamptz`);
  return paginate<ElderRecord & { dueAt: string }>(page, {
    keyOf: (row) => overdueKey(row.dueAt, row.residentId),
    fetch: async (afterKey, limit) => {
      const after = afterKey ? parseOverdueKey(afterKey) : undefined;
      return await ctx.db
        .select({ ...elderRecordColumns(latest), dueAt: sql<string>`(${dueAt})::text` })
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
