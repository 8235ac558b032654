import type { GraphQLResolveInfo } from 'graphql';
import { Authorized, Ctx, FieldResolver, Info, Resolver, Root } from 'type-graphql';
import { selectsAny } from '../../kit/lookahead';
import type { ElderlyCareContext } from '../loaders';
import { Elder } from '../types/elder';
import { MealPoint } from '../types/meals';
import { CommunityReference, ResidentReference } from '../types/references';

/** The fields elderly care adds to community's entities. */

/** Fields of an elder read with the elder in one statement when asked for (a grid's list asks for them of every elder). */
const CARE_READ_WITH_ELDER = ['mealPlan', 'lastVisit', 'nextVisitDueAt', 'isVisitOverdue'];

@Resolver(() => ResidentReference)
export class ResidentElderlyCareResolver {
  @Authorized()
  @FieldResolver(() => Elder, {
    nullable: true,
    description:
      "The resident's elderly-care record (老年人档案); null under 60 or when not enrolled. Seen by the elder, their grid's workers and admins (else null, as when not enrolled; UNAUTHENTICATED when not signed in).",
  })
  async elderlyCare(@Root() resident: { id: string }, @Ctx() ctx: ElderlyCareContext, @Info() info: GraphQLResolveInfo) {
    const loader = selectsAny(info, CARE_READ_WITH_ELDER) ? ctx.loaders.elderWithCareByResident : ctx.loaders.elderByResident;
    return loader.load(resident.id);
  }
}

@Resolver(() => CommunityReference)
export class CommunityMealPointsResolver {
  @FieldResolver(() => [MealPoint], { nullable: true, description: 'Meal points (助餐点) serving the community. Public.' })
  async mealPoints(@Root() community: { id: string }, @Ctx() ctx: ElderlyCareContext) {
    return ctx.loaders.mealPointsByCommunity.load(community.id);
  }
}
