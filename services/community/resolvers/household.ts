import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { CommunityContext } from '../loaders';
import type { HouseholdRow } from '../tables';
import { Building, Household } from '../types/places';
import { Resident } from '../types/resident';

@Resolver(() => Household)
export class HouseholdResolver {
  @FieldResolver(() => Building, { description: 'The building (楼栋) the dwelling is in.' })
  async building(@Root() household: HouseholdRow, @Ctx() ctx: CommunityContext) {
    return ctx.loaders.buildingById.load(household.buildingId);
  }

  @FieldResolver(() => String, { description: 'Postal-style address (地址), e.g. 阳光花园 3栋 2单元 502.' })
  async address(@Root() household: HouseholdRow, @Ctx() ctx: CommunityContext) {
    const building = await ctx.loaders.buildingById.load(household.buildingId);
    const compound = building && (await ctx.loaders.compoundById.load(building.compoundId));
    return `${compound?.name ?? ''} ${building?.number ?? ''}栋 ${household.unit}单元 ${household.room}`.trim();
  }

  @FieldResolver(() => [Resident], { description: 'The members (家庭成员) of the household that the viewer may see.' })
  async residents(@Root() household: HouseholdRow, @Ctx() ctx: CommunityContext) {
    return ctx.loaders.residentsByHousehold.load(household.id);
  }
}
