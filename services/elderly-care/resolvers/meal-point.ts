import { exists, and, eq, inArray, sql } from 'drizzle-orm';
import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Int, Query, Resolver, Root } from 'type-graphql';
import { pageOf } from '../../kit/pagination';
import { reference } from '../../kit/references';
import { elderRule } from '../access';
import type { ElderlyCareContext } from '../loaders';
import { elderlyProfiles, mealOrders, mealPointCommunities, mealPoints, type MealOrderRow, type MealPointRow } from '../tables';
import { MealOrderConnection, MealPoint, MealPointArgs, MealPointConnection, MealPointOrdersArgs } from '../types/meals';
import { CommunityReference } from '../types/references';

@Resolver(() => MealPoint)
export class MealPointResolver {
  @Query(() => MealPointConnection, {
    nullable: true,
    description: 'Meal points (助餐点), of one community if asked, in pages: a public directory, no sign-in needed.',
  })
  async mealPoints(@Args(() => MealPointArgs) args: MealPointArgs, @Ctx() ctx: ElderlyCareContext) {
    const servesCommunity = (communityId: string) =>
      exists(
        ctx.db
          .select({ one: sql`1` })
          .from(mealPointCommunities)
          .where(and(eq(mealPointCommunities.mealPointId, mealPoints.id), eq(mealPointCommunities.communityId, communityId))),
      );
    return pageOf<MealPointRow>(ctx.db, args, {
      where: args.communityId ? servesCommunity(args.communityId) : undefined,
      select: (condition) => ctx.db.select().from(mealPoints).where(condition),
      key: mealPoints.id,
      keyOf: (point) => point.id,
    });
  }

  @Query(() => MealPoint, { nullable: true, description: 'A meal point (助餐点), or null when there is none with this id. Public.' })
  async mealPoint(@Arg('id', () => ID, { description: "The meal point's id." }) id: string, @Ctx() ctx: ElderlyCareContext) {
    return ctx.loaders.mealPointById.load(id);
  }

  @FieldResolver(() => Int, { description: 'Elders (60+) living in the communities it serves (服务覆盖老人数).' })
  async eldersServed(@Root() point: MealPointRow, @Ctx() ctx: ElderlyCareContext) {
    return ctx.loaders.eldersServedByMealPoint.load(point.id);
  }

  @Authorized()
  @FieldResolver(() => MealOrderConnection, {
    description:
      "Its orders for one day (当日订餐), by order id, of the elders whose care records the viewer may see (admins all, grid and care workers their grids' elders, an elder their own). Signed-in viewers.",
  })
  async orders(@Root() point: MealPointRow, @Args(() => MealPointOrdersArgs) args: MealPointOrdersArgs, @Ctx() ctx: ElderlyCareContext) {
    const visible = elderRule.where(ctx.viewer);
    return pageOf<MealOrderRow>(ctx.db, args, {
      where: and(
        eq(mealOrders.mealPointId, point.id),
        eq(mealOrders.servedOn, args.servedOn),
        visible ? inArray(mealOrders.profileId, ctx.db.select({ id: elderlyProfiles.id }).from(elderlyProfiles).where(visible)) : undefined,
      ),
      select: (condition) => ctx.db.select().from(mealOrders).where(condition),
      key: mealOrders.id,
      keyOf: (order) => order.id,
    });
  }

  @FieldResolver(() => [CommunityReference], { nullable: true, description: 'The communities (社区) it serves; null when community cannot answer.' })
  async communities(@Root() point: MealPointRow, @Ctx() ctx: ElderlyCareContext) {
    return (await ctx.loaders.communitiesByMealPoint.load(point.id)).map((served) => reference(served.communityId));
  }
}
