import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { CommunityContext } from '../loaders';
import type { GridWorkerRow } from '../tables';
import { Grid, GridWorker } from '../types/grid';

@Resolver(() => GridWorker)
export class GridWorkerResolver {
  @FieldResolver(() => [Grid], { description: 'The grids (网格) the worker is assigned to, by grid code.' })
  async grids(@Root() worker: GridWorkerRow, @Ctx() ctx: CommunityContext) {
    return ctx.loaders.gridsByWorker.load(worker.id);
  }
}
