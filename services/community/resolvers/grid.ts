import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Info, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Capability } from '../../domain/capabilities';
import { notFound } from '../../kit/errors';
import { mutate } from '../../kit/mutations';
import { PageArgs, pageOfList } from '../../kit/pagination';
import type { CommunityContext } from '../loaders';
import { gridAssignments, gridWorkerRole, type GridRow, type GridWorkerRow } from '../tables';
import { AssignGridWorkerInput, AssignGridWorkerPayload, Grid, GridWorkerConnection } from '../types/grid';
import { Community } from '../types/places';
import { ResidentConnection } from '../types/resident';
import { listResidents } from './resident';

/** Chiefs first, then by role as the role enum lists them, then by id: as text, so it can be a cursor's key. */
const workerOrder = (worker: GridWorkerRow) => `${String(gridWorkerRole.enumValues.indexOf(worker.role)).padStart(2, '0')}:${worker.id}`;

@Resolver(() => Grid)
export class GridResolver {
  @Query(() => Grid, { nullable: true, description: 'A grid (网格) by id; null if none. Public directory data.' })
  async grid(@Arg('id', () => ID, { description: 'The grid\'s id.' }) id: string, @Ctx() ctx: CommunityContext) {
    return ctx.loaders.gridById.load(id);
  }

  @Authorized<Capability>('grid:assign')
  @Mutation(() => AssignGridWorkerPayload, {
    nullable: true,
    description:
      'Assigns a grid worker to a grid (分配网格员); assigning them again changes nothing. Admins only (else FORBIDDEN; UNAUTHENTICATED when not signed in). ' +
      'userErrors: NOT_FOUND (grid or grid worker).',
  })
  async assignGridWorker(
    @Arg('input', () => AssignGridWorkerInput, { description: 'The grid and the grid worker.' }) input: AssignGridWorkerInput,
    @Ctx() ctx: CommunityContext,
  ) {
    return mutate(ctx, input, 'grid', async () => {
      const { gridId, gridWorkerId } = input;
      const [grid, worker] = await Promise.all([ctx.loaders.gridById.load(gridId), ctx.loaders.gridWorkerById.load(gridWorkerId)]);
      if (!grid) throw notFound('Grid', gridId, 'gridId');
      if (!worker) throw notFound('GridWorker', gridWorkerId, 'gridWorkerId');
      await ctx.db.insert(gridAssignments).values({ gridId, gridWorkerId }).onConflictDoNothing();
      return grid;
    });
  }

  @FieldResolver(() => Grid, { nullable: true, description: 'The comprehensive grid (综合网格) a micro-grid belongs to; null for other grids.' })
  async parent(@Root() grid: GridRow, @Ctx() ctx: CommunityContext) {
    return grid.parentId ? ctx.loaders.gridById.load(grid.parentId) : null;
  }

  @FieldResolver(() => [Grid], { description: 'Micro-grids (微网格) inside this grid; empty for micro-grids.' })
  async children(@Root() grid: GridRow, @Ctx() ctx: CommunityContext) {
    return ctx.loaders.gridsByParent.load(grid.id);
  }

  @FieldResolver(() => Community, { description: 'The community (社区) the grid belongs to.' })
  async community(@Root() grid: GridRow, @Ctx() ctx: CommunityContext) {
    return ctx.loaders.communityById.load(grid.communityId);
  }

  @FieldResolver(() => Int, { description: 'Number of households (户数) living in the grid.' })
  async householdsCount(@Root() grid: GridRow, @Ctx() ctx: CommunityContext) {
    return ctx.loaders.householdCountByGrid.load(grid.id);
  }

  @FieldResolver(() => GridWorkerConnection, { description: 'Grid workers (网格员) assigned to the grid, grid chiefs first, a page at a time.' })
  async workers(@Root() grid: GridRow, @Args(() => PageArgs) page: PageArgs, @Ctx() ctx: CommunityContext) {
    return pageOfList(await ctx.loaders.workersByGrid.load(grid.id), page, workerOrder);
  }

  @Authorized()
  @FieldResolver(() => ResidentConnection, {
    nullable: true,
    description: 'Residents (居民) of the grid that the viewer may see, a page at a time. Signed-in viewers (else UNAUTHENTICATED).',
  })
  async residents(@Root() grid: GridRow, @Args(() => PageArgs) page: PageArgs, @Ctx() ctx: CommunityContext, @Info() info: GraphQLResolveInfo) {
    return listResidents(ctx, { gridId: grid.id }, page, info);
  }
}
