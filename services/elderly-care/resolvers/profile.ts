import { and, arrayContains, count, eq, gt, sql } from 'drizzle-orm';
import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { ageOn } from '../../kit/dates';
import { ELDERLY_AGE } from '../../domain/people';
import { sqlStateOf, UNIQUE_VIOLATION } from '../../kit/db';
import { badInput, conflict, notFound } from '../../kit/errors';
import { PageArgs, paginate, type ConnectionValue } from '../../kit/pagination';
import { assertCaresFor, elderScope } from '../access';
import { latestAssessment, selectProfileRecords, type ElderlyCareContext, type ProfileRecord } from '../loaders';
import { checkEmergencyContacts } from '../rules/emergency-contacts';
import { isVisitOverdue, visitDueAt, visitIntervalDays } from '../rules/visit-schedule';
import { elderlyProfiles } from '../tables';
import { CapabilityAssessment } from '../types/assessment';
import { CapabilityLevel } from '../types/enums';
import { HomeModification } from '../types/home-modification';
import { MealOrder, MealPlan } from '../types/meals';
import { ElderFilter, ElderlyProfile, ElderlyProfileConnection, EnrollElderInput, UpdateElderlyProfileInput } from '../types/profile';
import { CARE_TAGS, type CareTag } from '../rules/enums';
import { ResidentReference, reference } from '../types/references';
import { CareVisit } from '../types/visits';
import { auditedAssessments } from './assessment';
import { forgetElder, requireProfile } from './elder';
import type { Capability } from '../../domain/capabilities';

/** Elders the viewer may see that match the filter, one keyset page (by resident id) at a time. */
function listElders(ctx: ElderlyCareContext, filter: ElderFilter, page: PageArgs): Promise<ConnectionValue<ProfileRecord>> {
  const latest = latestAssessment(ctx.db);
  const where = and(
    elderScope(ctx.viewer),
    filter.gridId ? eq(elderlyProfiles.gridId, filter.gridId) : undefined,
    filter.livingArrangement ? eq(elderlyProfiles.livingArrangement, filter.livingArrangement) : undefined,
    filter.capabilityLevel ? eq(latest.level, filter.capabilityLevel) : undefined,
    filter.needs?.length ? arrayContains(elderlyProfiles.needs, filter.needs) : undefined,
  );
  return paginate<ProfileRecord>(page, {
    keyOf: (profile) => profile.residentId,
    fetch: async (afterResidentId, limit) =>
      await selectProfileRecords(ctx.db, latest)
        .where(and(where, afterResidentId ? gt(elderlyProfiles.residentId, afterResidentId) : undefined))
        .orderBy(elderlyProfiles.residentId)
        .limit(limit),
    count: async () => {
      const [row] = await ctx.db.select({ n: count() }).from(elderlyProfiles).leftJoinLateral(latest, sql`true`).where(where);
      return row?.n ?? 0;
    },
  });
}

/** What elderly care copies from community's Resident when it enrols an elder. */
interface ResidentReferenceData {
  birthDate: string;
  tags: string[];
  household: { id: string };
  grid: { id: string; community: { id: string } };
}

/**
 * Reads the resident from community with the caller's own token, so community's access rules decide, and copies
 * what elderly care keeps of it (household, grid, community, birth date, care tags).
 */
async function residentFromCommunity(ctx: ElderlyCareContext, residentId: string): Promise<ResidentReferenceData> {
  const [resident] = await ctx.peer('community').entities<ResidentReferenceData>(
    'Resident',
    [residentId],
    'birthDate tags household { id } grid { id community { id } }',
  );
  if (resident instanceof Error) throw resident;
  if (!resident) throw notFound('Resident', residentId);
  return resident;
}

/** The elder's visit interval under the configured schedule (CARE_VISIT_INTERVAL_DAYS). */
const intervalOf = (ctx: ElderlyCareContext, profile: ProfileRecord) => visitIntervalDays(ctx.settings.visitSchedule, profile.careTags);

@Resolver(() => ElderlyProfile)
export class ElderlyProfileResolver {
  @Authorized()
  @Query(() => ElderlyProfileConnection, { description: 'Elders (老年人) the viewer may see, filtered, in pages by resident id (Relay).' })
  async elders(
    @Arg('filter', () => ElderFilter, { nullable: true }) filter: ElderFilter | undefined,
    @Args(() => PageArgs) page: PageArgs,
    @Ctx() ctx: ElderlyCareContext,
  ) {
    return listElders(ctx, filter ?? {}, page);
  }

  @Authorized()
  @Mutation(() => ElderlyProfile, { description: 'Changes a care profile; fails with CONFLICT if `version` is not the current one.' })
  async updateElderlyProfile(
    @Arg('residentId', () => ID) residentId: string,
    @Arg('version', () => Int) version: number,
    @Arg('input', () => UpdateElderlyProfileInput) input: UpdateElderlyProfileInput,
    @Ctx() ctx: ElderlyCareContext,
  ) {
    const profile = await requireProfile(ctx, residentId);
    const emergencyContacts = input.emergencyContacts?.map(({ name, relation, phone }) => ({ name, relation, phone }));
    if (emergencyContacts) checkEmergencyContacts(emergencyContacts);
    const updated = await ctx.db
      .update(elderlyProfiles)
      .set({ livingArrangement: input.livingArrangement, needs: input.needs, emergencyContacts, version: version + 1, updatedAt: new Date() })
      .where(and(eq(elderlyProfiles.id, profile.id), eq(elderlyProfiles.version, version)))
      .returning({ id: elderlyProfiles.id });
    if (updated.length === 0) {
      throw conflict(`The profile of resident ${residentId} was changed by someone else (you sent version ${version}); reload and retry.`, {
        currentVersion: profile.version,
      });
    }
    forgetElder(ctx, { profileId: profile.id, residentId });
    return ctx.loaders.profileById.load(profile.id);
  }

  @Authorized<Capability>('elder:care')
  @Mutation(() => ElderlyProfile, {
    description:
      "Enrolls a resident of 60 or older in elderly care (建立养老服务档案), by a worker of the resident's grid or an admin. CONFLICT if already enrolled.",
  })
  async enrollElder(@Arg('input', () => EnrollElderInput) input: EnrollElderInput, @Ctx() ctx: ElderlyCareContext) {
    const emergencyContacts = (input.emergencyContacts ?? []).map(({ name, relation, phone }) => ({ name, relation, phone }));
    checkEmergencyContacts(emergencyContacts);
    const resident = await residentFromCommunity(ctx, input.residentId);
    assertCaresFor(ctx.viewer, { residentId: input.residentId, gridId: resident.grid.id });
    if (ageOn(resident.birthDate) < ELDERLY_AGE) {
      throw badInput(`Resident ${input.residentId} is under ${ELDERLY_AGE}: elderly care enrols older residents only.`, { field: 'residentId' });
    }
    try {
      const [created] = await ctx.db
        .insert(elderlyProfiles)
        .values({
          residentId: input.residentId,
          householdId: resident.household.id,
          gridId: resident.grid.id,
          communityId: resident.grid.community.id,
          birthDate: resident.birthDate,
          careTags: resident.tags.filter((tag): tag is CareTag => (CARE_TAGS as readonly string[]).includes(tag)),
          livingArrangement: input.livingArrangement,
          needs: input.needs ?? [],
          emergencyContacts,
        })
        .returning({ id: elderlyProfiles.id });
      return ctx.loaders.profileById.load(created!.id);
    } catch (error) {
      if (sqlStateOf(error) === UNIQUE_VIOLATION) throw conflict(`Resident ${input.residentId} is already enrolled in elderly care.`);
      throw error;
    }
  }

  @FieldResolver(() => ResidentReference, { description: 'The resident (居民); the gateway joins name, household and grid from community.' })
  resident(@Root() profile: ProfileRecord) {
    return reference(profile.residentId);
  }

  @FieldResolver(() => CapabilityLevel, {
    nullable: true,
    description: 'The level of the latest capability assessment (能力等级); null before the first. Audited as an assessment read.',
  })
  async capabilityLevel(@Root() profile: ProfileRecord, @Ctx() ctx: ElderlyCareContext) {
    if (!profile.latestAssessmentId) return null;
    await auditedAssessments(ctx, profile.residentId, [{ id: profile.latestAssessmentId }]);
    return profile.capabilityLevel;
  }

  @FieldResolver(() => CapabilityAssessment, { nullable: true, description: 'The latest capability assessment. Audited.' })
  async latestAssessment(@Root() profile: ProfileRecord, @Ctx() ctx: ElderlyCareContext) {
    const [latest] = await ctx.loaders.assessmentsByProfile.load(profile.id);
    return latest ? (await auditedAssessments(ctx, profile.residentId, [latest]))[0] : null;
  }

  @FieldResolver(() => [CapabilityAssessment], { description: 'Every capability assessment, latest first. Audited.' })
  async assessments(@Root() profile: ProfileRecord, @Ctx() ctx: ElderlyCareContext) {
    return auditedAssessments(ctx, profile.residentId, await ctx.loaders.assessmentsByProfile.load(profile.id));
  }

  @FieldResolver(() => CareVisit, { nullable: true, description: 'The latest care visit (最近一次探访).' })
  async lastVisit(@Root() profile: ProfileRecord, @Ctx() ctx: ElderlyCareContext) {
    return ctx.loaders.lastVisitByProfile.load(profile.id);
  }

  @FieldResolver(() => [CareVisit], { description: 'Care visits, latest first.' })
  async visits(@Root() profile: ProfileRecord, @Ctx() ctx: ElderlyCareContext) {
    return ctx.loaders.visitsByProfile.load(profile.id);
  }

  @FieldResolver(() => Int, { description: "Days between visits (探访周期): the shortest interval among the elder's tags." })
  visitIntervalDays(@Root() profile: ProfileRecord, @Ctx() ctx: ElderlyCareContext) {
    return intervalOf(ctx, profile);
  }

  @FieldResolver(() => Date, { nullable: true, description: 'When the next visit is due; null if never visited (due at once).' })
  async nextVisitDueAt(@Root() profile: ProfileRecord, @Ctx() ctx: ElderlyCareContext) {
    const last = await ctx.loaders.lastVisitByProfile.load(profile.id);
    return visitDueAt(last?.visitedAt ?? null, intervalOf(ctx, profile));
  }

  @FieldResolver(() => Boolean, { description: 'Whether the last visit is older than the interval, or there was none.' })
  async visitOverdue(@Root() profile: ProfileRecord, @Ctx() ctx: ElderlyCareContext) {
    const last = await ctx.loaders.lastVisitByProfile.load(profile.id);
    return isVisitOverdue(last?.visitedAt ?? null, intervalOf(ctx, profile), new Date());
  }

  @FieldResolver(() => MealPlan, { nullable: true, description: 'The meal point the elder is enrolled at (助餐登记).' })
  async mealPlan(@Root() profile: ProfileRecord, @Ctx() ctx: ElderlyCareContext) {
    return ctx.loaders.mealPlanByProfile.load(profile.id);
  }

  @FieldResolver(() => [MealOrder], { description: 'Meal orders of the last 30 days and ahead, latest first.' })
  async mealOrders(@Root() profile: ProfileRecord, @Ctx() ctx: ElderlyCareContext) {
    return ctx.loaders.recentMealOrdersByProfile.load(profile.id);
  }

  @FieldResolver(() => [HomeModification], { description: 'Home modifications (适老化改造), latest first.' })
  async homeModifications(@Root() profile: ProfileRecord, @Ctx() ctx: ElderlyCareContext) {
    return ctx.loaders.homeModificationsByProfile.load(profile.id);
  }
}

@Resolver(() => ResidentReference)
export class ResidentElderlyCareResolver {
  @Authorized()
  @FieldResolver(() => ElderlyProfile, {
    nullable: true,
    description: "The resident's elderly-care profile (养老服务档案); null under 60. Seen by the elder, their grid's workers and admins.",
  })
  async elderlyCare(@Root() resident: ResidentReference, @Ctx() ctx: ElderlyCareContext) {
    return ctx.loaders.profileByResident.load(resident.id);
  }
}
