import { Arg, Args, Authorized, Ctx, FieldResolver, Mutation, Resolver, Root } from 'type-graphql';
import { eq } from 'drizzle-orm';
import type { Capability } from '../../domain/capabilities';
import { COMMUNITY_FEED, toChange } from '../../domain/community-events';
import { actorOf } from '../../domain/people';
import { badInput, notFound } from '../../kit/errors';
import { publishChanges } from '../../kit/feed';
import { mutate } from '../../kit/mutations';
import { PageArgs, pageOfList } from '../../kit/pagination';
import type { CommunityContext } from '../loaders';
import { buildings, changeEvents, households, type BuildingRow } from '../tables';
import { Grid } from '../types/grid';
import { Building, Compound, HouseholdConnection, ReassignBuildingInput, ReassignBuildingPayload } from '../types/places';

@Resolver(() => Building)
export class BuildingResolver {
  @Authorized<Capability>('grid:assign')
  @Mutation(() => ReassignBuildingPayload, {
    nullable: true,
    description:
      'Moves a building to another comprehensive grid (楼栋划转), as when grids are redrawn: every household of the building changes grid with it, and the ' +
      'subgraphs that copy residents\' grids are told. A micro-grid of the old grid no longer applies. Admins only (else FORBIDDEN; UNAUTHENTICATED when not ' +
      'signed in). userErrors: NOT_FOUND (building or grid), BAD_USER_INPUT (not a comprehensive grid, or the building\'s grid already).',
  })
  async reassignBuilding(
    @Arg('input', () => ReassignBuildingInput, { description: 'The building and the grid it moves to.' }) input: ReassignBuildingInput,
    @Ctx() ctx: CommunityContext,
  ) {
    return mutate(ctx, input, 'building', async () => {
      const { buildingId, gridId } = input;
      const [building, grid] = await Promise.all([ctx.loaders.buildingById.load(buildingId), ctx.loaders.gridById.load(gridId)]);
      if (!building) throw notFound('Building', buildingId, 'buildingId');
      if (!grid) throw notFound('Grid', gridId, 'gridId');
      if (grid.kind !== 'COMPREHENSIVE') throw badInput(`Grid ${grid.code} is a ${grid.kind} grid: buildings belong to comprehensive grids.`, { field: 'gridId' });
      const microGrid = building.microGridId ? await ctx.loaders.gridById.load(building.microGridId) : undefined;
      return ctx.db.transaction(async (tx) => {
        // Locked: a resident moving into the building meanwhile waits, then reads the new grid (see placeOf).
        const [current] = await tx.select().from(buildings).where(eq(buildings.id, buildingId)).for('update');
        if (current!.gridId === gridId) throw badInput(`Building ${buildingId} is in grid ${grid.code} already.`, { field: 'gridId' });
        const [moved] = await tx
          .update(buildings)
          .set({ gridId, microGridId: microGrid?.parentId === gridId ? current!.microGridId : null })
          .where(eq(buildings.id, buildingId))
          .returning();
        const dwellings = await tx.select({ id: households.id }).from(households).where(eq(households.buildingId, buildingId)).orderBy(households.id);
        const event = { kind: 'BUILDING_REASSIGNED', buildingId, gridId, communityId: grid.communityId, householdIds: dwellings.map((h) => h.id), actorSub: actorOf(ctx.viewer) } as const;
        await publishChanges(tx, changeEvents, COMMUNITY_FEED, [toChange(event)]);
        return moved!;
      });
    });
  }

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
