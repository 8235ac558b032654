import { and, asc, eq, ne, or, sql } from 'drizzle-orm';
import { Arg, Authorized, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { badInput, conflict, notFound } from '../../kit/errors';
import type { ElderlyCareContext, MealPlanRecord } from '../loaders';
import { moveMealOrder } from '../rules/home-modification';
import { checkServiceDay, dayOf, priceMeal, subsidyGroupsOf } from '../rules/meal-pricing';
import { mealOrders, mealPlans, mealPoints, subsidyRules, type MealOrderRow, type MealPointRow } from '../tables';
import { MealOrderMode } from '../types/enums';
import { EnrollMealPlanInput, MealOrder, MealPlan, MealPoint, PlaceMealOrderInput, SubsidyRule } from '../types/meals';
import { ElderlyProfile } from '../types/profile';
import { CommunityReference, reference } from '../types/references';
import { forgetElder, lockProfile, requireProfile } from './elder';

function assertDelivers(point: MealPointRow, mode: MealOrderMode): void {
  if (mode === MealOrderMode.DELIVERY && !point.offersDelivery) {
    throw badInput(`${point.name} does not deliver: choose DINE_IN or PICKUP.`, { field: 'mode' });
  }
}

@Resolver(() => MealPoint)
export class MealPointResolver {
  @Query(() => [MealPoint], { description: 'Meal points (助餐点), of one community if given: a public directory, no sign-in needed.' })
  async mealPoints(@Arg('communityId', () => ID, { nullable: true }) communityId: string | undefined, @Ctx() ctx: ElderlyCareContext) {
    if (communityId) return ctx.loaders.mealPointsByCommunity.load(communityId);
    return await ctx.db.select().from(mealPoints).orderBy(asc(mealPoints.id));
  }

  @Query(() => MealPoint, { nullable: true, description: 'A meal point (public).' })
  async mealPoint(@Arg('id', () => ID) id: string, @Ctx() ctx: ElderlyCareContext) {
    return ctx.loaders.mealPointById.load(id);
  }

  @Query(() => [SubsidyRule], { description: 'The meal subsidy rules in force (助餐补贴标准, public).' })
  async subsidyRules(@Ctx() ctx: ElderlyCareContext) {
    return await ctx.db.select().from(subsidyRules).where(eq(subsidyRules.active, true)).orderBy(asc(subsidyRules.id));
  }

  @FieldResolver(() => Int, { description: 'Elders (60+) living in the communities it serves (服务覆盖老人数).' })
  async eldersServed(@Root() point: MealPointRow, @Ctx() ctx: ElderlyCareContext) {
    return (await ctx.loaders.eldersServedByMealPoint.load(point.id))?.n ?? 0;
  }

  @FieldResolver(() => [CommunityReference], { description: 'The communities (社区) it serves.' })
  async communities(@Root() point: MealPointRow, @Ctx() ctx: ElderlyCareContext) {
    return (await ctx.loaders.communitiesByMealPoint.load(point.id)).map((served) => reference(served.communityId));
  }
}

@Resolver(() => CommunityReference)
export class CommunityMealPointsResolver {
  @FieldResolver(() => [MealPoint], { nullable: true, description: 'Meal points (助餐点) serving the community (public).' })
  async mealPoints(@Root() community: CommunityReference, @Ctx() ctx: ElderlyCareContext) {
    return ctx.loaders.mealPointsByCommunity.load(community.id);
  }
}

@Resolver(() => MealPlan)
export class MealPlanResolver {
  @Authorized()
  @Mutation(() => MealPlan, {
    description: "Enrols an elder at a meal point serving their community (助餐登记), replacing an earlier enrolment. The elder, their grid's workers or an admin.",
  })
  async enrollMealPlan(@Arg('input', () => EnrollMealPlanInput) input: EnrollMealPlanInput, @Ctx() ctx: ElderlyCareContext): Promise<MealPlanRecord> {
    const profile = await requireProfile(ctx, input.residentId);
    const point = await ctx.loaders.mealPointById.load(input.mealPointId);
    if (!point) throw notFound('MealPoint', input.mealPointId);
    const served = await ctx.loaders.communitiesByMealPoint.load(point.id);
    if (!served.some((c) => c.communityId === profile.communityId)) {
      throw badInput(`${point.name} does not serve community ${profile.communityId}, where the elder lives: choose one of its mealPoints.`, {
        field: 'mealPointId',
      });
    }
    assertDelivers(point, input.mode);
    const enrolment = { mealPointId: point.id, mode: input.mode, enrolledAt: new Date() };
    const [plan] = await ctx.db
      .insert(mealPlans)
      .values({ profileId: profile.id, ...enrolment })
      .onConflictDoUpdate({ target: mealPlans.profileId, set: enrolment })
      .returning();
    forgetElder(ctx, { profileId: profile.id, residentId: profile.residentId });
    return { ...plan, point };
  }

  @FieldResolver(() => MealPoint)
  point(@Root() plan: MealPlanRecord) {
    return plan.point;
  }
}

@Resolver(() => MealOrder)
export class MealOrderResolver {
  @Authorized()
  @Mutation(() => MealOrder, {
    description:
      "Orders a meal at the elder's meal point, priced by the subsidy rules that apply to the elder that day. CONFLICT when the point is full that day.",
  })
  async placeMealOrder(@Arg('input', () => PlaceMealOrderInput) input: PlaceMealOrderInput, @Ctx() ctx: ElderlyCareContext) {
    const profile = await requireProfile(ctx, input.residentId);
    checkServiceDay(input.servedOn, dayOf(new Date()));
    const plan = await ctx.loaders.mealPlanByProfile.load(profile.id);
    if (!plan) throw badInput(`Resident ${input.residentId} is not enrolled at a meal point: enrollMealPlan first.`, { field: 'residentId' });
    const mode = input.mode ?? plan.mode;
    assertDelivers(plan.point, mode);
    const order = await ctx.db.transaction(async (tx) => {
      // Locks: the elder's profile serialises their orders (the daily subsidy cap); the point's, all its orders (capacity).
      const elder = await lockProfile(tx, profile.id);
      const [point] = await tx.select().from(mealPoints).where(eq(mealPoints.id, plan.mealPointId)).for('update');
      // count(*) without GROUP BY: always one row.
      const [day] = await tx
        .select({
          atPoint: sql<number>`count(*) filter (where ${mealOrders.mealPointId} = ${point.id})`.mapWith(Number),
          subsidisedForElder: sql<number>`count(*) filter (where ${mealOrders.profileId} = ${elder.id} and ${mealOrders.subsidyRuleId} is not null)`.mapWith(Number),
        })
        .from(mealOrders)
        .where(
          and(
            eq(mealOrders.servedOn, input.servedOn),
            ne(mealOrders.status, 'CANCELLED'),
            or(eq(mealOrders.mealPointId, point.id), eq(mealOrders.profileId, elder.id)),
          ),
        );
      if (day.atPoint >= point.dailyCapacity) {
        throw conflict(`${point.name} is full on ${input.servedOn}: all ${point.dailyCapacity} meals are ordered.`, { dailyCapacity: point.dailyCapacity });
      }
      const split = priceMeal({
        listPriceCents: point.mealPriceCents,
        elderGroups: subsidyGroupsOf(elder.careTags, elder.birthDate, input.servedOn),
        subsidisedMealsToday: day.subsidisedForElder,
        rules: await tx.select().from(subsidyRules).where(eq(subsidyRules.active, true)),
      });
      const [inserted] = await tx.insert(mealOrders).values({ profileId: elder.id, mealPointId: point.id, servedOn: input.servedOn, mode, ...split }).returning();
      return inserted;
    });
    forgetElder(ctx, { profileId: profile.id, residentId: profile.residentId });
    return order;
  }

  @Authorized()
  @Mutation(() => MealOrder, { description: 'Cancels an ORDERED meal (a served one cannot be). The elder, their grid\'s workers or an admin.' })
  async cancelMealOrder(@Arg('id', () => ID) id: string, @Ctx() ctx: ElderlyCareContext) {
    const order = await ctx.loaders.mealOrderById.load(id);
    if (!order) throw notFound('MealOrder', id);
    const status = moveMealOrder(order.status, 'CANCELLED');
    const [cancelled] = await ctx.db
      .update(mealOrders)
      .set({ status })
      .where(and(eq(mealOrders.id, id), eq(mealOrders.status, order.status)))
      .returning();
    if (!cancelled) throw conflict(`Meal order ${id} was changed by someone else meanwhile; reload and retry.`);
    forgetElder(ctx, { profileId: order.profileId, residentId: order.elder.residentId });
    ctx.loaders.mealOrderById.clear(id);
    return cancelled;
  }

  @FieldResolver(() => ElderlyProfile)
  async elder(@Root() order: MealOrderRow, @Ctx() ctx: ElderlyCareContext) {
    return ctx.loaders.profileById.load(order.profileId);
  }

  @FieldResolver(() => MealPoint)
  async point(@Root() order: MealOrderRow, @Ctx() ctx: ElderlyCareContext) {
    return ctx.loaders.mealPointById.load(order.mealPointId);
  }

  @FieldResolver(() => SubsidyRule, { nullable: true, description: 'The rule that priced it; null when the elder paid the list price.' })
  async subsidyRule(@Root() order: MealOrderRow, @Ctx() ctx: ElderlyCareContext) {
    return order.subsidyRuleId ? ctx.loaders.subsidyRuleById.load(order.subsidyRuleId) : null;
  }
}
