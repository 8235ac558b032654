import { Args, Authorized, Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { PageArgs, pageOfList } from '../../kit/pagination';
import type { CommunityContext } from '../loaders';
import type { BuildingRow } from '../tables';
import { Grid } from '../types/grid';
import { Building, Compound, HouseholdConnection } from '../types/places';

@Resolver(() => Building)
export class BuildingResolver {
  @FieldResolver(() => Compound, { description: 'The compound (小区) the building stands in.' })
  async compound(@Root() building: BuildingRow, @Ctx() ctx: CommunityContext) {
    return ctx.loaders.compoundById.load(building.compoundId);
  }

  @FieldResolver(() => Grid, { description: 'The comprehensive grid (综合网格) the building belongs to.' })
  async grid(@Root() building: BuildingRow, @Ctx() ctx: CommunityContext) {
    return ctx.loaders.gridById.load(building.gridId);
  }

  @FieldResolver(() => Grid, { nullable: true, description: 'The micro-grid (微网格) the building is part of; null if none.' })
  async microGrid(@Root() building: BuildingRow, @Ctx() ctx: CommunityContext) {
    return building.microGridId ? ctx.loaders.gridById.load(building.microGridId) : null;
  }

  @Authorized()
  @FieldResolver(() => HouseholdConnection, {
    nullable: true,
    description: 'The dwellings (户) of the building, by id, a page at a time. Signed-in viewers only: null with UNAUTHENTICATED otherwise.',
  })
  async households(@Root() building: BuildingRow, @Args(() => PageArgs) page: PageArgs, @Ctx() ctx: CommunityContext) {
    return pageOfList(await ctx.loaders.householdsByBuilding.load(building.id), page, (household) => household.id);
  }
}
