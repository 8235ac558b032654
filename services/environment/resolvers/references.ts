import { Args, Authorized, Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { PageArgs, pageOfList } from '../../kit/pagination';
import type { EnvironmentContext } from '../loaders';
import { EnvironmentIssueConnection, GridIssuesArgs } from '../types/issue';
import { CommunityReference, GridReference, ResidentReference } from '../types/references';
import { River } from '../types/river';
import { pageOfIssues } from './issue';

/** The fields environment adds to community's entities. */

@Resolver(() => ResidentReference)
export class ResidentEnvironmentReportsResolver {
  @Authorized()
  @FieldResolver(() => EnvironmentIssueConnection, {
    nullable: true,
    description:
      'The environment issues (环境问题) the resident reported, a page at a time: all of them for the resident themselves, environment officers and admins; those in their grids for grid workers; none for others. UNAUTHENTICATED when not signed in.',
  })
  async environmentReports(@Root() resident: { id: string }, @Args(() => PageArgs) page: PageArgs, @Ctx() ctx: EnvironmentContext) {
    return pageOfList(await ctx.loaders.reportsByResident.load(resident.id), page, (issue) => issue.id);
  }
}

@Resolver(() => GridReference)
export class GridEnvironmentIssuesResolver {
  @Authorized()
  @FieldResolver(() => EnvironmentIssueConnection, {
    nullable: true,
    description:
      "The grid's environment issues (网格环境问题), filtered, a page at a time: for its grid workers, environment officers and admins; a resident sees only their own reports among them. UNAUTHENTICATED when not signed in.",
  })
  async environmentIssues(@Root() grid: { id: string }, @Args(() => GridIssuesArgs) args: GridIssuesArgs, @Ctx() ctx: EnvironmentContext) {
    return pageOfIssues(ctx, args, { gridId: grid.id, status: args.status, isOverdue: args.isOverdue, isOpen: args.isOpen });
  }
}

@Resolver(() => CommunityReference)
export class CommunityRiversResolver {
  @FieldResolver(() => [River], { nullable: true, description: 'The rivers (河流) that run through the community. Public.' })
  async rivers(@Root() community: { id: string }, @Ctx() ctx: EnvironmentContext) {
    return ctx.loaders.riversByCommunity.load(community.id);
  }
}
