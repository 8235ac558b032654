import { eq } from 'drizzle-orm';
import { Arg, Args, Ctx, FieldResolver, ID, Query, Resolver, Root } from 'type-graphql';
import { pageOf, PageArgs } from '../../kit/pagination';
import { reference } from '../../kit/references';
import type { EnvironmentContext } from '../loaders';
import { greenSpaces, type GreenSpaceRow } from '../tables';
import { GreenSpace, GreenSpaceConnection } from '../types/green-space';
import { CommunityReference, GridReference } from '../types/references';

@Resolver(() => GreenSpace)
export class GreenSpaceResolver {
  @Query(() => GreenSpaceConnection, { nullable: true, description: 'Pocket parks and other green spaces (口袋公园), of one grid or all, a page at a time. Public.' })
  async greenSpaces(
    @Arg('gridId', () => ID, { nullable: true, description: 'Only the green spaces of this grid (网格).' }) gridId: string | undefined,
    @Args(() => PageArgs) page: PageArgs,
    @Ctx() ctx: EnvironmentContext,
  ) {
    return pageOf<GreenSpaceRow>(ctx.db, page, {
      where: gridId ? eq(greenSpaces.gridId, gridId) : undefined,
      select: (condition) => ctx.db.select().from(greenSpaces).where(condition),
      key: greenSpaces.id,
      keyOf: (space) => space.id,
    });
  }

  @FieldResolver(() => GridReference, { nullable: true, description: 'The grid (网格) it lies in; null when community cannot answer.' })
  grid(@Root() space: GreenSpaceRow) {
    return reference(space.gridId);
  }

  @FieldResolver(() => CommunityReference, { nullable: true, description: 'The community (社区) it lies in; null when community cannot answer.' })
  community(@Root() space: GreenSpaceRow) {
    return reference(space.communityId);
  }
}
