import { Arg, Args, Authorized, Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { PageArgs } from '../../kit/pagination';
import { housingViewer } from '../community';
import type { HousingContext } from '../loaders';
import type { RenovationPhase as Phase } from '../rules/enums';
import { RenovationPhase } from '../types/enums';
import { BuildingReference, CompoundReference, HouseholdReference } from '../types/references';
import { RenovationProjectConnection } from '../types/renovation';
import { ConsentVote, ElevatorRetrofit } from '../types/retrofit';
import { householdVote } from './consent';
import { listRenovationProjects } from './renovation';
import { visibleRetrofit } from './retrofit';

/** Fields housing adds to community's entities. */

@Resolver(() => CompoundReference)
export class CompoundHousingResolver {
  @Authorized()
  @FieldResolver(() => RenovationProjectConnection, { nullable: true, description: 'The compound\'s renovation projects (老旧小区改造), in pages (signed-in viewers).' })
  async renovationProjects(
    @Root() compound: { id: string },
    @Arg('phase', () => RenovationPhase, { nullable: true, description: 'Only projects in this phase.' }) phase: Phase | undefined,
    @Args(() => PageArgs) page: PageArgs,
    @Ctx() ctx: HousingContext,
  ) {
    return listRenovationProjects(ctx, { compoundId: compound.id, phase }, page);
  }
}

@Resolver(() => BuildingReference)
export class BuildingHousingResolver {
  @FieldResolver(() => ElevatorRetrofit, {
    nullable: true,
    description:
      'The building\'s latest elevator retrofit (加装电梯), under way or done; null if it has none. Housing staff, the grid workers of its grid and its residents may see it.',
  })
  async elevatorRetrofit(@Root() building: { id: string }, @Ctx() ctx: HousingContext) {
    const [latest] = await ctx.loaders.retrofitsByBuilding.load(building.id);
    return visibleRetrofit(await housingViewer(ctx), latest);
  }

  @FieldResolver(() => [ElevatorRetrofit], {
    nullable: true,
    description: 'Every elevator retrofit of the building, past ones included, latest first; access as for elevatorRetrofit.',
  })
  async elevatorRetrofits(@Root() building: { id: string }, @Ctx() ctx: HousingContext) {
    const retrofits = await ctx.loaders.retrofitsByBuilding.load(building.id);
    if (retrofits.length === 0) return [];
    const viewer = await housingViewer(ctx);
    // Hidden ones are left out, as if the building had none.
    return retrofits.filter((r) => visibleRetrofit(viewer, r));
  }
}

@Resolver(() => HouseholdReference)
export class HouseholdHousingResolver {
  @FieldResolver(() => ConsentVote, {
    nullable: true,
    description:
      'The household\'s vote (表决票) on the latest elevator-retrofit consent it is on; null if it has not voted. Its residents and housing staff may see it, nobody else.',
  })
  async consentVote(@Root() household: { id: string }, @Ctx() ctx: HousingContext) {
    return householdVote(ctx, household.id);
  }
}
