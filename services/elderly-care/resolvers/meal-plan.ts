import { Arg, Authorized, Ctx, FieldResolver, Mutation, Resolver, Root } from 'type-graphql';
import { badInput, notFound } from '../../kit/errors';
import { mutate } from '../../kit/mutations';
import { assertOpen, createOnceFor, requireElder, type ElderlyCareContext, type MealPlanRecord } from '../loaders';
import { assertDelivers } from '../rules/meal-pricing';
import { mealPlans } from '../tables';
import { EnrollMealPlanInput, EnrollMealPlanPayload, MealPlan, MealPoint } from '../types/meals';

@Resolver(() => MealPlan)
export class MealPlanResolver {
  @Authorized()
  @Mutation(() => EnrollMealPlanPayload, {
    nullable: true,
    description:
      "Enrols an elder at a meal point serving their community (助餐登记), replacing an earlier enrolment. The elder, their grid's workers or an admin (else FORBIDDEN to a caller who may see the elder). userErrors: NOT_FOUND (not enrolled, or an elder the caller may not see in elderly care, no such meal point), BAD_USER_INPUT (the point does not serve the elder's community, or does not deliver).",
  })
  async enrollMealPlan(@Arg('input', () => EnrollMealPlanInput, { description: 'The elder, the meal point and the usual mode.' }) input: EnrollMealPlanInput, @Ctx() ctx: ElderlyCareContext) {
    return mutate(ctx, input, 'mealPlan', async (): Promise<MealPlanRecord> => {
      const elder = await requireElder(ctx, input.residentId);
      assertOpen(elder);
      const point = await ctx.loaders.mealPointById.load(input.mealPointId);
      if (!point) throw notFound('MealPoint', input.mealPointId, 'mealPointId');
      const served = await ctx.loaders.communitiesByMealPoint.load(point.id);
      if (!served.some((c) => c.communityId === elder.communityId)) {
        throw badInput(`${point.name} does not serve community ${elder.communityId}, where the elder lives: choose one of its mealPoints.`, {
          field: 'mealPointId',
        });
      }
      assertDelivers(point, input.mode);
      const enrolment = { mealPointId: point.id, mode: input.mode, enrolledAt: new Date(), pausedAt: null };
      await createOnceFor(ctx, 'enrollMealPlan', input, async (tx) => {
        const [plan] = await tx
          .insert(mealPlans)
          .values({ profileId: elder.id, ...enrolment })
          .onConflictDoUpdate({ target: mealPlans.profileId, set: enrolment })
          .returning({ id: mealPlans.id });
        return plan!;
      });
      return (await ctx.loaders.mealPlanByElder.clear(elder.id).load(elder.id))!;
    });
  }

  @FieldResolver(() => MealPoint, { description: 'The meal point (助餐点) the elder is enrolled at.' })
  point(@Root() plan: MealPlanRecord) {
    return plan.point;
  }
}
