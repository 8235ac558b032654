import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { CommunityContext } from '../loaders';
import type { SubdistrictRow } from '../tables';
import { Community, Subdistrict } from '../types/places';

@Resolver(() => Subdistrict)
export class SubdistrictResolver {
  @FieldResolver(() => [Community], { description: 'The communities (社区) of the subdistrict.' })
  async communities(@Root() subdistrict: SubdistrictRow, @Ctx() ctx: CommunityContext) {
    return ctx.loaders.communitiesBySubdistrict.load(subdistrict.id);
  }
}
