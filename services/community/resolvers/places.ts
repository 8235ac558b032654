import { Arg, Authorized, Ctx, FieldResolver, ID, Int, Query, Resolver, Root } from 'type-graphql';
import { asc } from 'drizzle-orm';
import type { CommunityContext } from '../loaders';
import { communities, type BuildingRow, type CommunityRow, type CompoundRow, type HouseholdRow, type SubdistrictRow } from '../tables';
import { Grid } from '../types/grid';
import { Building, Community, Compound, Household, Subdistrict } from '../types/places';
import { Resident } from '../types/resident';

@Resolver(() => Subdistrict)
export class SubdistrictResolver {
  @FieldResolver(() => [Community])
  async communities(@Root() subdistrict: SubdistrictRow, @Ctx() ctx: CommunityContext) {
    return ctx.loaders.communitiesBySubdistrict.load(subdistrict.id);
  }
}

@Resolver(() => Community)
export class CommunityResolver {
  @Query(() => Community, { nullable: true })
  async community(@Arg('id', () => ID) id: string, @Ctx() ctx: CommunityContext) {
    return ctx.loaders.communityById.load(id);
  }

  @Query(() => [Community], { description: 'Every community of the district (public directory).' })
  async communities(@Ctx() ctx: CommunityContext) {
    return await ctx.db.select().from(communities).orderBy(asc(communities.id));
  }

  @FieldResolver(() => Subdistrict)
  async subdistrict(@Root() community: CommunityRow, @Ctx() ctx: CommunityContext) {
    return ctx.loaders.subdistrictById.load(community.subdistrictId);
  }

  @FieldResolver(() => [Compound])
  async compounds(@Root() community: CommunityRow, @Ctx() ctx: CommunityContext) {
    return ctx.loaders.compoundsByCommunity.load(community.id);
  }

  @FieldResolver(() => [Grid])
  async grids(@Root() community: CommunityRow, @Ctx() ctx: CommunityContext) {
    return ctx.loaders.gridsByCommunity.load(community.id);
  }
}

@Resolver(() => Compound)
export class CompoundResolver {
  @FieldResolver(() => Community)
  async community(@Root() compound: CompoundRow, @Ctx() ctx: CommunityContext) {
    return ctx.loaders.communityById.load(compound.communityId);
  }

  @FieldResolver(() => Int, { description: 'Households in the compound.' })
  async householdsCount(@Root() compound: CompoundRow, @Ctx() ctx: CommunityContext) {
    return (await ctx.loaders.householdCountByCompound.load(compound.id))?.n ?? 0;
  }

  @FieldResolver(() => [Building])
  async buildings(@Root() compound: CompoundRow, @Ctx() ctx: CommunityContext) {
    return ctx.loaders.buildingsByCompound.load(compound.id);
  }
}

@Resolver(() => Building)
export class BuildingResolver {
  @FieldResolver(() => Compound)
  async compound(@Root() building: BuildingRow, @Ctx() ctx: CommunityContext) {
    return ctx.loaders.compoundById.load(building.compoundId);
  }

  @FieldResolver(() => Grid, { description: 'The comprehensive grid the building belongs to.' })
  async grid(@Root() building: BuildingRow, @Ctx() ctx: CommunityContext) {
    return ctx.loaders.gridById.load(building.gridId);
  }

  @FieldResolver(() => Grid, { nullable: true, description: 'The micro-grid (微网格) the building is part of.' })
  async microGrid(@Root() building: BuildingRow, @Ctx() ctx: CommunityContext) {
    return building.microGridId ? ctx.loaders.gridById.load(building.microGridId) : null;
  }

  @Authorized()
  @FieldResolver(() => [Household], { description: 'Dwellings of the building (signed-in viewers).' })
  async households(@Root() building: BuildingRow, @Ctx() ctx: CommunityContext) {
    return ctx.loaders.householdsByBuilding.load(building.id);
  }
}

@Resolver(() => Household)
export class HouseholdResolver {
  @FieldResolver(() => Building)
  async building(@Root() household: HouseholdRow, @Ctx() ctx: CommunityContext) {
    return ctx.loaders.buildingById.load(household.buildingId);
  }

  @FieldResolver(() => String, { description: 'Postal-style address, e.g. 阳光花园 3栋 2单元 502.' })
  async address(@Root() household: HouseholdRow, @Ctx() ctx: CommunityContext) {
    const building = await ctx.loaders.buildingById.load(household.buildingId);
    const compound = building && (await ctx.loaders.compoundById.load(building.compoundId));
    return `${compound?.name ?? ''} ${building?.number ?? ''}栋 ${household.unit}单元 ${household.room}`.trim();
  }

  @FieldResolver(() => [Resident], { description: 'The members the viewer may see.' })
  async residents(@Root() household: HouseholdRow, @Ctx() ctx: CommunityContext) {
    return ctx.loaders.residentsByHousehold.load(household.id);
  }
}
