import DataLoader from 'dataloader';
import { and, asc, count, desc, eq, getTableColumns, gte, inArray, sql, type SQL } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import type { Viewer } from '../kit/auth';
import type { Database } from '../kit/db';
import { byForeignKeyLoader, byKeyLoader, rowsByForeignKey, rowsById } from '../kit/loaders';
import type { SubgraphContext } from '../kit/subgraph';
import { elderPolicy } from './access';
import type { ElderlyCareSettings } from './settings';
import { actorOf } from '../domain/people';
import {
  assessmentReads,
  capabilityAssessments,
  careVisits,
  elderlyProfiles,
  homeModifications,
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
import type { CapabilityLevel } from './rules/enums';
import { addDays, dayOf } from './rules/meal-pricing';

/** A profile as loaded: with the id and level of its latest assessment (null before the first one). */
export type ProfileRecord = ElderlyProfileRow & { latestAssessmentId: string | null; capabilityLevel: CapabilityLevel | null };

/** A meal plan with its meal point, which every reader of a plan asks for. */
export type MealPlanRecord = MealPlanRow & { point: MealPointRow };

/** The latest assessment of the profile in the outer query. */
export const latestAssessment = (db: Database) =>
  db
    .select({ id: capabilityAssessments.id, level: capabilityAssessments.level })
    .from(capabilityAssessments)
    .where(eq(capabilityAssessments.profileId, elderlyProfiles.id))
    .orderBy(desc(capabilityAssessments.assessedAt), desc(capabilityAssessments.id))
    .limit(1)
    .as('latest_assessment');

/** The columns of a ProfileRecord, given the latest-assessment subquery joined beside the profile. */
export const profileRecordColumns = (latest: ReturnType<typeof latestAssessment>) => ({
  ...getTableColumns(elderlyProfiles),
  latestAssessmentId: latest.id,
  capabilityLevel: latest.level,
});

/** Profiles with their latest assessment's id and level, in one statement. */
export const selectProfileRecords = (db: Database, latest = latestAssessment(db)) =>
  db.select(profileRecordColumns(latest)).from(elderlyProfiles).leftJoinLateral(latest, sql`true`);

type ElderOwnedTable = PgTable & { id: PgColumn; profileId: PgColumn };

/**
 * Rows that belong to an elder (assessments, visits, orders, modifications), by id, with the elder's keys joined in
 * one statement so the access rules apply where the rows are read.
 */
function elderOwnedById<T extends ElderOwnedTable>(db: Database, viewer: Viewer, table: T) {
  type Row = T['$inferSelect'] & { id: string; elder: { residentId: string; gridId: string } };
  const policy = elderPolicy(viewer);
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

/**
 * An elder's rows of a table (their profile already passed the access rules), in the given order: one statement per
 * batch of profiles.
 */
function elderRows<T extends ElderOwnedTable>(db: Database, table: T, orderBy: SQL[], where?: SQL) {
  type Row = T['$inferSelect'] & { profileId: string };
  return byForeignKeyLoader<Row>(
    async (profileIds) =>
      (await db
        .select()
        .from(table as PgTable)
        .where(and(inArray(table.profileId, profileIds), where))
        .orderBy(...orderBy)) as Row[],
    (row) => row.profileId,
  );
}

interface AssessmentRead {
  assessmentId: string;
  residentId: string;
}

/** Days of meal orders a profile shows. */
const RECENT_ORDER_DAYS = 30;

/** One set of loaders per request: every relation costs one statement per batch, not one per row. */
export function createElderlyCareLoaders(db: Database, viewer: Viewer) {
  const policy = elderPolicy(viewer);
  const mealPointById = rowsById(db, mealPoints);
  const recentOrdersFrom = addDays(dayOf(new Date()), -RECENT_ORDER_DAYS);
  return {
    profileById: byKeyLoader<ProfileRecord>(
      async (ids) => await selectProfileRecords(db).where(inArray(elderlyProfiles.id, ids)),
      (r) => r.id,
      policy,
    ),
    profileByResident: byKeyLoader<ProfileRecord>(
      async (residentIds) => await selectProfileRecords(db).where(inArray(elderlyProfiles.residentId, residentIds)),
      (r) => r.residentId,
      policy,
    ),
    assessmentById: elderOwnedById(db, viewer, capabilityAssessments),
    assessmentsByProfile: elderRows(db, capabilityAssessments, [desc(capabilityAssessments.assessedAt), desc(capabilityAssessments.id)]),
    /**
     * The audit log of assessment reads (health data): who read whose assessment, written in one insert per batch.
     * Resolvers await it before answering, so nothing is read unless its reading is recorded.
     */
    assessmentReadLog: new DataLoader<AssessmentRead, true, string>(
      async (reads) => {
        await db.insert(assessmentReads).values(
          reads.map(({ assessmentId, residentId }) => ({
            viewerSub: actorOf(viewer),
            viewerRoles: viewer.roles,
            residentId,
            assessmentId,
          })),
        );
        return reads.map(() => true as const);
      },
      { cacheKeyFn: (read) => read.assessmentId, maxBatchSize: 1000 },
    ),
    visitById: elderOwnedById(db, viewer, careVisits),
    visitsByProfile: elderRows(db, careVisits, [desc(careVisits.visitedAt), desc(careVisits.id)]),
    lastVisitByProfile: byKeyLoader<CareVisitRow>(
      async (profileIds) =>
        await db
          .selectDistinctOn([careVisits.profileId])
          .from(careVisits)
          .where(inArray(careVisits.profileId, profileIds))
          .orderBy(careVisits.profileId, desc(careVisits.visitedAt), desc(careVisits.id)),
      (r) => r.profileId,
    ),
    mealPointById,
    mealPlanByProfile: byKeyLoader<MealPlanRecord>(
      async (profileIds) => {
        const rows = await db
          .select({ plan: mealPlans, point: mealPoints })
          .from(mealPlans)
          .innerJoin(mealPoints, eq(mealPoints.id, mealPlans.mealPointId))
          .where(inArray(mealPlans.profileId, profileIds));
        return rows.map(({ plan, point }) => {
          mealPointById.prime(point.id, point);
          return { ...plan, point };
        });
      },
      (r) => r.profileId,
    ),
    mealPointsByCommunity: byForeignKeyLoader<MealPointRow & { communityId: string }>(
      async (communityIds) =>
        await db
          .select({ ...getTableColumns(mealPoints), communityId: mealPointCommunities.communityId })
          .from(mealPointCommunities)
          .innerJoin(mealPoints, eq(mealPoints.id, mealPointCommunities.mealPointId))
          .where(inArray(mealPointCommunities.communityId, communityIds))
          .orderBy(asc(mealPoints.id)),
      (r) => r.communityId,
    ),
    /** Elders living in the communities each point serves: its catchment (服务覆盖老人数). */
    eldersServedByMealPoint: byKeyLoader(
      async (mealPointIds) =>
        await db
          .select({ mealPointId: mealPointCommunities.mealPointId, n: count(elderlyProfiles.id) })
          .from(mealPointCommunities)
          .innerJoin(elderlyProfiles, eq(elderlyProfiles.communityId, mealPointCommunities.communityId))
          .where(inArray(mealPointCommunities.mealPointId, mealPointIds))
          .groupBy(mealPointCommunities.mealPointId),
      (r) => r.mealPointId,
    ),
    communitiesByMealPoint: rowsByForeignKey(db, mealPointCommunities, mealPointCommunities.mealPointId, (r) => r.mealPointId),
    subsidyRuleById: rowsById(db, subsidyRules),
    mealOrderById: elderOwnedById(db, viewer, mealOrders),
    recentMealOrdersByProfile: elderRows(db, mealOrders, [desc(mealOrders.servedOn), desc(mealOrders.createdAt)], gte(mealOrders.servedOn, recentOrdersFrom)),
    homeModificationById: elderOwnedById(db, viewer, homeModifications),
    homeModificationsByProfile: elderRows(db, homeModifications, [desc(homeModifications.createdAt), desc(homeModifications.id)]),
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
}

export type ElderlyCareLoaders = ReturnType<typeof createElderlyCareLoaders>;
export type ElderlyCareContext = SubgraphContext<ElderlyCareLoaders, ElderlyCareSettings>;
