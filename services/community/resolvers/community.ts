import { Arg, Args, Ctx, FieldResolver, ID, Query, Resolver, Root } from 'type-graphql';
import { asc } from 'drizzle-orm';
import { PageArgs, pageOfList } from '../../kit/pagination';
import type { CommunityContext } from '../loaders';
import { communities, type CommunityRow } from '../tables';
import { GridConnection } from '../types/grid';
import { Community, Compound, Subdistrict } from '../types/places';

@Resolver(() => Community)
export class CommunityResolver {
  @Query(() => Community, { nullable: true, description: 'A community (社区) by id; null if none. Public directory data.' })
  async community(@Arg('id', () => ID, { description: 'The community\'s id.' }) id: string, @Ctx() ctx: CommunityContext) {
    return ctx.loaders.communityById.load(id);
  }

  @Query(() => [Community], { nullable: true, description: 'Every community (社区) of the district, by id. Public directory data.' })
  async communities(@Ctx() ctx: CommunityContext) {
    return await ctx.db.select().from(communities).orderBy(asc(communities.id));
  }

  @FieldResolver(() => Subdistrict, { description: 'The subdistrict (街道) the community belongs to.' })
  async subdistrict(@Root() community: CommunityRow, @Ctx() ctx: CommunityContext) {
    return ctx.loaders.subdistrictById.load(community.subdistrictId);
  }

  @FieldResolver(() => [Compound], { description: 'The compounds and villages (小区/村) of the community.' })
  async compounds(@Root() community: CommunityRow, @Ctx() ctx: CommunityContext) {
    return ctx.loaders.compoundsByCommunity.load(community.id);
  }

  @FieldResolver(() => GridConnection, { description: 'The grids (网格) of the community, all kinds, by grid code, a page at a time.' })
  async grids(@Root() community: CommunityRow, @Args(() => PageArgs) page: PageArgs, @Ctx() ctx: CommunityContext) {
    return pageOfList(await ctx.loaders.gridsByCommunity.load(community.id), page, (grid) => grid.code);
  }
}
