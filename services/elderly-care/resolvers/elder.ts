import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { ageOn, dayOf } from '../../kit/dates';
import { sqlStateOf, UNIQUE_VIOLATION } from '../../kit/db';
import { isOneOf } from '../../kit/enums';
import { badInput, conflict, notFound } from '../../kit/errors';
import { mutate } from '../../kit/mutations';
import { PageArgs } from '../../kit/pagination';
import { reference } from '../../kit/references';
import { DateTimeScalar } from '../../kit/scalars';
import { updateVersioned } from '../../kit/versioned';
import type { Capability } from '../../domain/capabilities';
import { ELDERLY_AGE, isAdmin, worksInGrid } from '../../domain/people';
import { refusal } from '../../kit/access';
import { assertCaresFor } from '../access';
import {
  auditedAssessments,
  createOnceFor,
  listElders,
  listOverdue,
  pageOfLoaded,
  type ElderlyCareContext,
  type ElderRecord,
} from '../loaders';
import { checkEmergencyContacts } from '../rules/emergency-contacts';
import { CARE_TAGS, type CareTag } from '../rules/enums';
import { isVisitOverdue, visitDueAt, visitIntervalDays } from '../rules/visit-schedule';
import { elderlyProfiles } from '../tables';
import { CapabilityAssessment, CapabilityAssessmentConnection } from '../types/assessment';
import {
  Elder,
  ElderConnection,
  ElderFilter,
  EnrollElderInput,
  EnrollElderPayload,
  HistoryArgs,
  HomeModificationArgs,
  UpdateElderInput,
  UpdateElderPayload,
} from '../types/elder';
import { CapabilityLevel } from '../types/enums';
import { HomeModificationConnection } from '../types/home-modification';
import { MealOrderConnection, MealPlan } from '../types/meals';
import { ResidentReference } from '../types/references';
import { CareVisit, CareVisitConnection } from '../types/visits';

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
  if (!resident) throw notFound('Resident', residentId, 'residentId');
  return resident;
}

/** The elder's visit interval under the configured visit schedule. */
const intervalOf = (ctx: ElderlyCareContext, elder: ElderRecord) => visitIntervalDays(ctx.settings.visitSchedule, elder.careTags);

/** Whether a day lies in the history range asked for. */
const inRange = (day: string, { from, to }: HistoryArgs) => (!from || day >= from) && (!to || day <= to);

const contactsOf = (contacts: readonly { name: string; relation: string; phone: string }[]) =>
  contacts.map(({ name, relation, phone }) => ({ name, relation, phone }));

@Resolver(() => Elder)
export class ElderResolver {
  @Authorized()
  @Query(() => ElderConnection, {
    nullable: true,
    description:
      'Elders (老年人) the viewer may see (themselves; the elders of their grids for grid and care workers; all for admins), filtered, in pages by resident id. UNAUTHENTICATED when not signed in.',
  })
  async elders(
    @Arg('filter', () => ElderFilter, { nullable: true, description: 'Which elders; all the viewer may see if omitted.' }) filter: ElderFilter | undefined,
    @Args(() => PageArgs) page: PageArgs,
    @Ctx() ctx: ElderlyCareContext,
  ) {
    return listElders(ctx, filter ?? {}, page);
  }

  @Authorized<Capability>('elder:care')
  @Query(() => ElderConnection, {
    nullable: true,
    description:
      "Elders of a grid due a care visit (逾期未探访): their last visit is older than the visit interval of their tags (local rule), or they were never visited. Longest overdue first. The grid's workers and admins only (else FORBIDDEN).",
  })
  async overdueVisits(
    @Arg('gridId', () => ID, { description: 'The comprehensive grid (综合网格).' }) gridId: string,
    @Args(() => PageArgs) page: PageArgs,
    @Ctx() ctx: ElderlyCareContext,
  ) {
    if (!isAdmin(ctx.viewer) && !worksInGrid(ctx.viewer, gridId)) throw refusal(ctx.viewer, `Only admins and the workers of grid ${gridId} may list its overdue visits.`);
    return listOverdue(ctx, gridId, page);
  }

  @Authorized<Capability>('elder:care')
  @Mutation(() => EnrollElderPayload, {
    nullable: true,
    description:
      "Enrols a resident of 60 or older in elderly care (建立养老服务档案), copying their household, grid, birth date and care tags from community. By a worker of the resident's grid or an admin (else FORBIDDEN, to a caller who sees the resident). userErrors: NOT_FOUND (no such resident, or one the caller may not see), BAD_USER_INPUT (under 60, bad emergency contacts), CONFLICT (already enrolled).",
  })
  async enrollElder(@Arg('input', () => EnrollElderInput, { description: 'The resident and their care details.' }) input: EnrollElderInput, @Ctx() ctx: ElderlyCareContext) {
    return mutate(ctx, input, 'elder', async () => {
      const emergencyContacts = contactsOf(input.emergencyContacts ?? []);
      checkEmergencyContacts(emergencyContacts);
      const resident = await residentFromCommunity(ctx, input.residentId);
      assertCaresFor(ctx.viewer, { residentId: input.residentId, gridId: resident.grid.id });
      if (ageOn(resident.birthDate) < ELDERLY_AGE) {
        throw badInput(`Resident ${input.residentId} is under ${ELDERLY_AGE}: elderly care enrols older residents only.`, { field: 'residentId' });
      }
      try {
        const created = await createOnceFor(ctx, 'enrollElder', input, async (tx) => {
          const [row] = await tx
            .insert(elderlyProfiles)
            .values({
              residentId: input.residentId,
              householdId: resident.household.id,
              gridId: resident.grid.id,
              communityId: resident.grid.community.id,
              birthDate: resident.birthDate,
              careTags: resident.tags.filter((tag): tag is CareTag => isOneOf(CARE_TAGS, tag)),
              livingArrangement: input.livingArrangement,
              needs: input.needs ?? [],
              emergencyContacts,
            })
            .returning({ id: elderlyProfiles.id });
          return row!;
        });
        return ctx.loaders.elderById.load(created.id);
      } catch (error) {
        if (sqlStateOf(error) === UNIQUE_VIOLATION) throw conflict(`Resident ${input.residentId} is already enrolled in elderly care.`, { field: 'residentId' });
        throw error;
      }
    });
  }

  @Authorized()
  @Mutation(() => UpdateElderPayload, {
    nullable: true,
    description:
      "Changes an elder's record (修改老年人档案). Whoever may see the elder. userErrors: NOT_FOUND (no such elder, or one the caller may not see), CONFLICT (with currentVersion) on a stale expectedVersion, BAD_USER_INPUT on bad emergency contacts.",
  })
  async updateElder(@Arg('input', () => UpdateElderInput, { description: 'The elder, the version you read and the changes.' }) input: UpdateElderInput, @Ctx() ctx: ElderlyCareContext) {
    return mutate(ctx, input, 'elder', async () => {
      const elder = await ctx.loaders.elderById.load(input.id);
      if (!elder) throw notFound('Elder', input.id, 'id');
      const emergencyContacts = input.emergencyContacts && contactsOf(input.emergencyContacts);
      if (emergencyContacts) checkEmergencyContacts(emergencyContacts);
      const updated = await updateVersioned(
        ctx.db,
        elderlyProfiles,
        { what: 'Elder', id: elder.id, expectedVersion: input.expectedVersion },
        { livingArrangement: input.livingArrangement, needs: input.needs, emergencyContacts },
      );
      // The latest assessment is as loaded: the update does not touch assessments.
      return { ...elder, ...updated };
    });
  }

  @FieldResolver(() => Boolean, { description: 'Whether the record is open (档案有效): false once the resident left the register (see closedAt).' })
  isActive(@Root() elder: ElderRecord) {
    return elder.closedAt === null;
  }

  @FieldResolver(() => ResidentReference, { nullable: true, description: 'The resident (居民) this record is about; null when community cannot answer.' })
  resident(@Root() elder: ElderRecord) {
    return reference(elder.residentId);
  }

  @FieldResolver(() => CapabilityLevel, {
    nullable: true,
    description: 'The level of the latest capability assessment (能力等级); null before the first. Health data: every read is audited.',
  })
  async capabilityLevel(@Root() elder: ElderRecord, @Ctx() ctx: ElderlyCareContext) {
    if (!elder.latestAssessmentId) return null;
    await ctx.audit.read('Elder.capabilityLevel', elder.residentId, elder.latestAssessmentId);
    return elder.capabilityLevel;
  }

  @FieldResolver(() => CapabilityAssessment, { nullable: true, description: 'The latest capability assessment (最近一次评估); null before the first. Audited.' })
  async latestAssessment(@Root() elder: ElderRecord, @Ctx() ctx: ElderlyCareContext) {
    const [latest] = await ctx.loaders.assessmentsByElder.load(elder.id);
    return latest ? (await auditedAssessments(ctx, elder.residentId, [latest]))[0] : null;
  }

  @FieldResolver(() => CapabilityAssessmentConnection, {
    description: 'Capability assessments (能力评估), latest first. Health data: the reads of the assessments on the page returned are audited.',
  })
  async assessments(@Root() elder: ElderRecord, @Args(() => HistoryArgs) args: HistoryArgs, @Ctx() ctx: ElderlyCareContext) {
    const all = await ctx.loaders.assessmentsByElder.load(elder.id);
    const page = await pageOfLoaded(all.filter((a) => inRange(dayOf(a.assessedAt), args)), args);
    await auditedAssessments(ctx, elder.residentId, page.edges.map((edge) => edge.node));
    return page;
  }

  @FieldResolver(() => CareVisit, { nullable: true, description: 'The latest care visit (最近一次探访); null if never visited.' })
  async lastVisit(@Root() elder: ElderRecord, @Ctx() ctx: ElderlyCareContext) {
    return ctx.loaders.lastVisitByElder.load(elder.id);
  }

  @FieldResolver(() => CareVisitConnection, { description: 'Care visits (探访记录), latest first.' })
  async visits(@Root() elder: ElderRecord, @Args(() => HistoryArgs) args: HistoryArgs, @Ctx() ctx: ElderlyCareContext) {
    const all = await ctx.loaders.visitsByElder.load(elder.id);
    return pageOfLoaded(all.filter((visit) => inRange(dayOf(visit.visitedAt), args)), args);
  }

  @FieldResolver(() => Int, { description: "Days between visits (探访周期): the shortest interval among the elder's tags (local rule)." })
  visitIntervalDays(@Root() elder: ElderRecord, @Ctx() ctx: ElderlyCareContext) {
    return intervalOf(ctx, elder);
  }

  @FieldResolver(() => DateTimeScalar, { nullable: true, description: 'When the next visit is due (下次探访时间); null if never visited (due at once).' })
  async nextVisitDueAt(@Root() elder: ElderRecord, @Ctx() ctx: ElderlyCareContext) {
    const last = await ctx.loaders.lastVisitByElder.load(elder.id);
    return visitDueAt(last?.visitedAt ?? null, intervalOf(ctx, elder));
  }

  @FieldResolver(() => Boolean, { description: 'Whether a visit is overdue (逾期未探访): the last is older than the interval, or there was none.' })
  async isVisitOverdue(@Root() elder: ElderRecord, @Ctx() ctx: ElderlyCareContext) {
    const last = await ctx.loaders.lastVisitByElder.load(elder.id);
    return isVisitOverdue(last?.visitedAt ?? null, intervalOf(ctx, elder), new Date());
  }

  @FieldResolver(() => MealPlan, { nullable: true, description: 'The meal point the elder is enrolled at (助餐登记); null if none.' })
  async mealPlan(@Root() elder: ElderRecord, @Ctx() ctx: ElderlyCareContext) {
    return ctx.loaders.mealPlanByElder.load(elder.id);
  }

  @FieldResolver(() => MealOrderConnection, { description: 'Meal orders (订餐记录) by day of the meal, latest first, within the range of days asked for.' })
  async mealOrders(@Root() elder: ElderRecord, @Args(() => HistoryArgs) args: HistoryArgs, @Ctx() ctx: ElderlyCareContext) {
    const all = await ctx.loaders.mealOrdersByElder.load(elder.id);
    return pageOfLoaded(all.filter((order) => inRange(order.servedOn, args)), args);
  }

  @FieldResolver(() => HomeModificationConnection, { description: 'Home modifications (适老化改造), latest application first.' })
  async homeModifications(@Root() elder: ElderRecord, @Args(() => HomeModificationArgs) args: HomeModificationArgs, @Ctx() ctx: ElderlyCareContext) {
    const all = await ctx.loaders.homeModificationsByElder.load(elder.id);
    return pageOfLoaded(args.status ? all.filter((m) => m.status === args.status) : all, args);
  }
}
