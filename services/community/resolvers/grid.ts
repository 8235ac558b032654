import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { PageArgs } from '../../kit/pagination';
import { notFound } from '../../kit/errors';
import type { CommunityContext } from '../loaders';
import { gridAssignments, type GridRow, type GridWorkerRow } from '../tables';
import { Grid, GridWorker } from '../types/grid';
import { Community } from '../types/places';
import { ResidentConnection } from '../types/resident';
import { listResidents } from './resident';
import type { Capability } from '../../domain/capabilities';

@Resolver(() => Grid)
export class GridResolver {
  @Query(() => Grid, { nullable: true })
  async grid(@Arg('id', () => ID) id: string, @Ctx() ctx: CommunityContext) {
    return ctx.loaders.gridById.load(id);
  }

  @Authorized<Capability>('grid:assign')
  @Mutation(() => Grid, { description: 'Assigns a grid worker to a grid (idempotent).' })
  async assignGridWorker(
    @Arg('gridId', () => ID) gridId: string,
    @Arg('gridWorkerId', () => ID) gridWorkerId: string,
    @Ctx() ctx: CommunityContext,
  ) {
    const [grid, worker] = await Promise.all([ctx.loaders.gridById.load(gridId), ctx.loaders.gridWorkerById.load(gridWorkerId)]);
    if (!grid) throw notFound('Grid', gridId);
    if (!worker) throw notFound('GridWorker', gridWorkerId);
    await ctx.db.insert(gridAssignments).values({ gridId, gridWorkerId }).onConflictDoNothing();
    return grid;
  }

  @FieldResolver(() => Grid, { nullable: true, description: 'The comprehensive grid a micro-grid belongs to.' })
  async parent(@Root() grid: GridRow, @Ctx() ctx: CommunityContext) {
    return grid.parentId ? ctx.loaders.gridById.load(grid.parentId) : null;
  }

  @FieldResolver(() => [Grid], { description: 'Micro-grids (微网格) inside this grid.' })
  async children(@Root() grid: GridRow, @Ctx() ctx: CommunityContext) {
    return ctx.loaders.gridsByParent.load(grid.id);
  }

  @FieldResolver(() => Community)
  async community(@Root() grid: GridRow, @Ctx() ctx: CommunityContext) {
    return ctx.loaders.communityById.load(grid.communityId);
  }

  @FieldResolver(() => Int, { description: 'Households living in the grid.' })
  async householdsCount(@Root() grid: GridRow, @Ctx() ctx: CommunityContext) {
    return (await ctx.loaders.householdCountByGrid.load(grid.id))?.n ?? 0;
  }

  @FieldResolver(() => [GridWorker], { description: 'Workers assigned to the grid, chiefs first.' })
  async workers(@Root() grid: GridRow, @Ctx() ctx: CommunityContext) {
    return ctx.loaders.workersByGrid.load(grid.id);
  }

  @Authorized()
  @FieldResolver(() => ResidentConnection, { description: 'Residents of the grid that the viewer may see.' })
  async residents(@Root() grid: GridRow, @Args(() => PageArgs) page: PageArgs, @Ctx() ctx: CommunityContext) {
    return listResidents(ctx, { gridId: grid.id }, page);
  }
}

@Resolver(() => GridWorker)
export class GridWorkerResolver {
  @FieldResolver(() => [Grid])
  async grids(@Root() worker: GridWorkerRow, @Ctx() ctx: CommunityContext) {
    return ctx.loaders.gridsByWorker.load(worker.id);
  }
}
