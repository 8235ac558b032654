import { Ctx, FieldResolver, Int, Resolver, Root } from 'type-graphql';
import type { CommunityContext } from '../loaders';
import type { CompoundRow } from '../tables';
import { Building, Community, Compound } from '../types/places';

@Resolver(() => Compound)
export class CompoundResolver {
  @FieldResolver(() => Community, { description: 'The community (社区) the compound belongs to.' })
  async community(@Root() compound: CompoundRow, @Ctx() ctx: CommunityContext) {
    return ctx.loaders.communityById.load(compound.communityId);
  }

  @FieldResolver(() => Int, { description: 'Number of households (户数) in the compound.' })
  async householdsCount(@Root() compound: CompoundRow, @Ctx() ctx: CommunityContext) {
    return ctx.loaders.householdCountByCompound.load(compound.id);
  }

  @FieldResolver(() => [Building], { description: 'The buildings (楼栋) of the compound.' })
  async buildings(@Root() compound: CompoundRow, @Ctx() ctx: CommunityContext) {
    return ctx.loaders.buildingsByCompound.load(compound.id);
  }
}
