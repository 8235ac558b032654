import { and, eq, ne, or, sql } from 'drizzle-orm';
import { Arg, Authorized, Ctx, FieldResolver, Mutation, Resolver, Root } from 'type-graphql';
import { dayOf } from '../../kit/dates';
import { badInput, conflict, notFound } from '../../kit/errors';
import { mutate } from '../../kit/mutations';
import { advance } from '../../kit/workflow';
import { actorOf } from '../../domain/people';
import { assertOpen, createOnceFor, lockElder, requireElder, type ElderlyCareContext } from '../loaders';
import { assertCancellable, mealOrderWorkflow } from '../rules/meal-order';
import { assertDelivers, checkServiceDay, priceMeal, subsidyGroupsOf } from '../rules/meal-pricing';
import { mealOrders, mealPoints, subsidyRules, type MealOrderRow } from '../tables';
import { Elder } from '../types/elder';
import { MealOrderStatus } from '../types/enums';
import { CancelMealOrderInput, CancelMealOrderPayload, MealOrder, MealPoint, PlaceMealOrderInput, PlaceMealOrderPayload, SubsidyRule } from '../types/meals';

@Resolver(() => MealOrder)
export class MealOrderResolver {
  @Authorized()
  @Mutation(() => PlaceMealOrderPayload, {
    nullable: true,
    description:
      "Orders a meal at the elder's meal point (订餐), priced by the subsidy rules that apply to the elder that day. The elder, their grid's workers or an admin (else FORBIDDEN to a caller who may see the elder). userErrors: CONFLICT (the point is full that day, or the elder already has the most meals one elder may order for a day: MEAL_ORDERS_PER_ELDER_PER_DAY, default 3), BAD_USER_INPUT (a day outside today to 14 days ahead, not enrolled at a meal point, DELIVERY where the point does not deliver), NOT_FOUND (not enrolled, or an elder the caller may not see in elderly care).",
  })
  async placeMealOrder(@Arg('input', () => PlaceMealOrderInput, { description: 'The elder and the day of the meal.' }) input: PlaceMealOrderInput, @Ctx() ctx: ElderlyCareContext) {
    return mutate(ctx, input, 'mealOrder', async () => {
      const elder = await requireElder(ctx, input.residentId);
      assertOpen(elder);
      checkServiceDay(input.servedOn, dayOf(new Date()));
      const plan = await ctx.loaders.mealPlanByElder.load(elder.id);
      if (!plan) throw badInput(`Resident ${input.residentId} is not enrolled at a meal point: enrollMealPlan first.`, { field: 'residentId' });
      if (plan.pausedAt) throw badInput(`The meal plan of resident ${input.residentId} is paused: enrollMealPlan again to order.`, { field: 'residentId' });
      const mode = input.mode ?? plan.mode;
      assertDelivers(plan.point, mode);
      // Once per idempotency key: a retry gets the first order back, and is neither ordered nor billed again.
      const { id } = await createOnceFor(ctx, 'placeMealOrder', input, async (tx) => {
        // Locks: the elder's row serialises their orders (the daily subsidy cap); the point's, all its orders (capacity).
        const locked = await lockElder(tx, elder.id);
        const [point] = await tx.select().from(mealPoints).where(eq(mealPoints.id, plan.mealPointId)).for('update');
        // count(*) without GROUP BY: always one row.
        const [day] = await tx
          .select({
            atPoint: sql<number>`count(*) filter (where ${mealOrders.mealPointId} = ${point!.id})`.mapWith(Number),
            subsidisedForElder: sql<number>`count(*) filter (where ${mealOrders.profileId} = ${locked.id} and ${mealOrders.subsidyRuleId} is not null)`.mapWith(Number),
            forElder: sql<number>`count(*) filter (where ${mealOrders.profileId} = ${locked.id})`.mapWith(Number),
          })
          .from(mealOrders)
          .where(and(eq(mealOrders.servedOn, input.servedOn), ne(mealOrders.status, 'CANCELLED'), or(eq(mealOrders.mealPointId, point!.id), eq(mealOrders.profileId, locked.id))));
        // Per elder first: one elder must not book out a shared point's day (the elder's row lock serialises this count).
        const limit = ctx.settings.mealOrdersPerElderPerDay;
        if (day!.forElder >= limit) {
          throw conflict(`Resident ${input.residentId} already has ${day!.forElder} meals ordered for ${input.servedOn}, the most one elder may order for a day (${limit}).`, { field: 'servedOn' });
        }
        if (day!.atPoint >= point!.dailyCapacity) {
          throw conflict(`${point!.name} is full on ${input.servedOn}: all ${point!.dailyCapacity} meals are ordered.`, { field: 'servedOn' });
        }
        const split = priceMeal({
          listPriceCents: point!.mealPriceCents,
          elderGroups: subsidyGroupsOf(locked.careTags, locked.birthDate, input.servedOn),
          subsidisedMealsToday: day!.subsidisedForElder,
          rules: await tx.select().from(subsidyRules).where(eq(subsidyRules.active, true)),
        });
        const [inserted] = await tx.insert(mealOrders).values({ profileId: locked.id, mealPointId: point!.id, servedOn: input.servedOn, mode, ...split }).returning();
        return inserted!;
      });
      return ctx.loaders.mealOrderById.load(id);
    });
  }

  @Authorized()
  @Mutation(() => CancelMealOrderPayload, {
    nullable: true,
    description:
      "Cancels an ORDERED meal order (取消订餐); a served one cannot be. The elder, their grid's workers or an admin (else FORBIDDEN to a caller who may see the elder). userErrors: NOT_FOUND (also for an elder the caller may not see), BAD_USER_INPUT (no longer ORDERED: the message names its state), CONFLICT (changed meanwhile).",
  })
  async cancelMealOrder(@Arg('input', () => CancelMealOrderInput, { description: 'The meal order to cancel.' }) input: CancelMealOrderInput, @Ctx() ctx: ElderlyCareContext) {
    return mutate(ctx, input, 'mealOrder', async () => {
      const order = await ctx.loaders.mealOrderById.load(input.id);
      if (!order) throw notFound('MealOrder', input.id, 'id');
      assertCancellable(order.status);
      return advance(ctx.db, {
        machine: mealOrderWorkflow,
        table: mealOrders,
        current: order,
        to: 'CANCELLED',
        actorSub: actorOf(ctx.viewer),
        // Meal orders keep no transition history: the status is the record.
        record: async () => undefined,
      });
    });
  }

  @FieldResolver(() => [MealOrderStatus], { description: 'The states the order may move to next (empty once SETTLED or CANCELLED).' })
  allowedTransitions(@Root() order: MealOrderRow) {
    return mealOrderWorkflow.allowed(order.status);
  }

  @FieldResolver(() => Elder, { nullable: true, description: 'The elder who ordered (老年人).' })
  async elder(@Root() order: MealOrderRow, @Ctx() ctx: ElderlyCareContext) {
    return ctx.loaders.elderById.load(order.profileId);
  }

  @FieldResolver(() => MealPoint, { description: 'The meal point (助餐点) that serves it.' })
  async point(@Root() order: MealOrderRow, @Ctx() ctx: ElderlyCareContext) {
    return ctx.loaders.mealPointById.load(order.mealPointId);
  }

  @FieldResolver(() => SubsidyRule, { nullable: true, description: 'The subsidy rule that priced it (补贴标准); null when the elder paid the list price.' })
  async subsidyRule(@Root() order: MealOrderRow, @Ctx() ctx: ElderlyCareContext) {
    return order.subsidyRuleId ? ctx.loaders.subsidyRuleById.load(order.subsidyRuleId) : null;
  }
}
