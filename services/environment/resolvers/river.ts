import { and, eq, gte, lt } from 'drizzle-orm';
import { Arg, Args, ArgsType, Authorized, Ctx, Field, FieldResolver, ID, Query, Resolver, Root } from 'type-graphql';
import { pageOf, PageArgs } from '../../kit/pagination';
import { DateScalar } from '../../kit/scalars';
import { reference } from '../../kit/references';
import type { Capability } from '../../domain/capabilities';
import type { EnvironmentContext } from '../loaders';
import { riverPatrols, rivers, type RiverChiefRow, type RiverPatrolRow, type RiverRow, type RiverSegmentRow } from '../tables';
import { RiverPatrolConnection } from '../types/patrol';
import { CommunityReference, GridReference, GridWorkerReference, ResidentReference } from '../types/references';
import { River, RiverChief, RiverConnection, RiverSegment } from '../types/river';

@ArgsType()
export class PatrolHistoryArgs extends PageArgs {
  @Field(() => DateScalar, { nullable: true, description: 'Patrols begun on or after this day (UTC).' })
  from?: string;

  @Field(() => DateScalar, { nullable: true, description: 'Patrols begun on or before this day (UTC).' })
  to?: string;
}

/** Patrols begun on or after / on or before a day (UTC). */
const gteDay = (day: string) => gte(riverPatrols.startedAt, new Date(`${day}T00:00:00Z`));
const lteDay = (day: string) => lt(riverPatrols.startedAt, new Date(new Date(`${day}T00:00:00Z`).getTime() + 86_400_000));

/** A page of a segment's patrols (or all segments'), begun within the days asked for, by id. */
export const pageOfPatrols = (ctx: EnvironmentContext, page: PatrolHistoryArgs, segmentId?: string) =>
  pageOf<RiverPatrolRow>(ctx.db, page, {
    where: and(
      segmentId ? eq(riverPatrols.segmentId, segmentId) : undefined,
      page.from ? gteDay(page.from) : undefined,
      page.to ? lteDay(page.to) : undefined,
    ),
    select: (condition) => ctx.db.select().from(riverPatrols).where(condition),
    key: riverPatrols.id,
    keyOf: (patrol) => patrol.id,
  });

@Resolver(() => River)
export class RiverResolver {
  @Query(() => RiverConnection, { nullable: true, description: 'The rivers (河流) of the district, a page at a time. Public.' })
  async rivers(@Args(() => PageArgs) page: PageArgs, @Ctx() ctx: EnvironmentContext) {
    return pageOf<RiverRow>(ctx.db, page, {
      where: undefined,
      select: (condition) => ctx.db.select().from(rivers).where(condition),
      key: rivers.id,
      keyOf: (river) => river.id,
    });
  }

  @Query(() => River, { nullable: true, description: 'A river (河流), or null when there is none with this id. Public.' })
  async river(@Arg('id', () => ID, { description: "The river's id." }) id: string, @Ctx() ctx: EnvironmentContext) {
    return ctx.loaders.riverById.load(id);
  }

  @FieldResolver(() => [RiverSegment], { description: 'Its segments (河段), each with its own chiefs.' })
  async segments(@Root() river: RiverRow, @Ctx() ctx: EnvironmentContext) {
    return ctx.loaders.segmentsByRiver.load(river.id);
  }
}

@Resolver(() => RiverSegment)
export class RiverSegmentResolver {
  @FieldResolver(() => River, { description: 'The river it is part of.' })
  async river(@Root() segment: RiverSegmentRow, @Ctx() ctx: EnvironmentContext) {
    return ctx.loaders.riverById.load(segment.riverId);
  }

  @FieldResolver(() => [RiverChief], { description: 'Its river chiefs (河长), every level from city to civilian, highest first.' })
  async chiefs(@Root() segment: RiverSegmentRow, @Ctx() ctx: EnvironmentContext) {
    return ctx.loaders.chiefsBySegment.load(segment.id);
  }

  @FieldResolver(() => CommunityReference, { nullable: true, description: 'The community (社区) it runs through; null when community cannot answer.' })
  community(@Root() segment: RiverSegmentRow) {
    return reference(segment.communityId);
  }

  @FieldResolver(() => GridReference, { nullable: true, description: 'The grid (网格) along it, whose workers handle its issues; null when community cannot answer.' })
  grid(@Root() segment: RiverSegmentRow) {
    return reference(segment.gridId);
  }

  @Authorized<Capability>('river:patrol')
  @FieldResolver(() => RiverPatrolConnection, {
    nullable: true,
    description: 'Its patrols (巡河记录), a page at a time, within the days asked for. Grid workers, environment officers and admins (else FORBIDDEN).',
  })
  async patrols(@Root() segment: RiverSegmentRow, @Args(() => PatrolHistoryArgs) page: PatrolHistoryArgs, @Ctx() ctx: EnvironmentContext) {
    return pageOfPatrols(ctx, page, segment.id);
  }
}

@Resolver(() => RiverChief)
export class RiverChiefResolver {
  @FieldResolver(() => [RiverSegment], { description: 'The segments (河段) they are chief of.' })
  async segments(@Root() chief: RiverChiefRow, @Ctx() ctx: EnvironmentContext) {
    return ctx.loaders.segmentsByChief.load(chief.id);
  }

  @FieldResolver(() => GridWorkerReference, { nullable: true, description: 'Their record as a grid worker (网格员), when they are one.' })
  gridWorker(@Root() chief: RiverChiefRow) {
    return chief.gridWorkerId ? reference(chief.gridWorkerId) : null;
  }

  @FieldResolver(() => ResidentReference, { nullable: true, description: 'Their record as a resident (居民), for civilian chiefs who live in the district; seen as community allows.' })
  resident(@Root() chief: RiverChiefRow) {
    return chief.residentId ? reference(chief.residentId) : null;
  }
}
