import { and } from 'drizzle-orm';
import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { caseWorkflow, isCaseOverdue } from '../../kit/cases';
import { mutate } from '../../kit/mutations';
import { pageOf, PageArgs } from '../../kit/pagination';
import { reference } from '../../kit/references';
import type { Capability } from '../../domain/capabilities';
import { issueRule } from '../access';
import { issueConditions, type IssueConditions } from '../filters';
import { raiseIssue, reportIssue, transitionIssue } from '../issues';
import type { EnvironmentContext } from '../loaders';
import { environmentIssues, type EnvironmentIssueRow } from '../tables';
import { EnvironmentIssueStatus } from '../types/enums';
import {
  EnvironmentIssue,
  EnvironmentIssueConnection,
  EnvironmentIssueEvent,
  EnvironmentIssueFilter,
  RaiseEnvironmentIssueInput,
  RaiseEnvironmentIssuePayload,
  ReportEnvironmentIssueInput,
  ReportEnvironmentIssuePayload,
  TransitionEnvironmentIssueInput,
  TransitionEnvironmentIssuePayload,
} from '../types/issue';
import { RiverPatrol } from '../types/patrol';
import { GridReference, GridWorkerReference, ResidentReference } from '../types/references';
import { RiverSegment } from '../types/river';

/** A page of the issues the viewer may see among those the conditions select, by id. */
export const pageOfIssues = (ctx: EnvironmentContext, page: PageArgs, conditions: IssueConditions) =>
  pageOf<EnvironmentIssueRow>(ctx.db, page, {
    where: and(issueRule.where(ctx.viewer), issueConditions(conditions)),
    select: (condition) => ctx.db.select().from(environmentIssues).where(condition),
    key: environmentIssues.id,
    keyOf: (issue) => issue.id,
  });

const WORKFLOW_CHOICE =
  'One mutation moves an issue along every step of the workflow (rather than one mutation per step), so clients follow allowedTransitions and need no list of step names.';

@Resolver(() => EnvironmentIssue)
export class EnvironmentIssueResolver {
  @Authorized()
  @Query(() => EnvironmentIssueConnection, {
    nullable: true,
    description:
      'Environment issues (环境问题) the viewer may see (a resident their own reports; grid workers those of their grids; environment officers and admins all), filtered, a page at a time. UNAUTHENTICATED when not signed in.',
  })
  async environmentIssues(
    @Arg('filter', () => EnvironmentIssueFilter, { nullable: true, description: 'Which issues; all the viewer may see if omitted.' }) filter: EnvironmentIssueFilter | undefined,
    @Args(() => PageArgs) page: PageArgs,
    @Ctx() ctx: EnvironmentContext,
  ) {
    return pageOfIssues(ctx, page, filter ?? {});
  }

  @Authorized()
  @Query(() => EnvironmentIssue, {
    nullable: true,
    description:
      'An environment issue (环境问题), or null when there is none with this id or the viewer may not see it (the same answer). Its reporter, the grid workers of its grid, environment officers and admins.',
  })
  async environmentIssue(@Arg('id', () => ID, { description: "The issue's id." }) id: string, @Ctx() ctx: EnvironmentContext) {
    return ctx.loaders.issueById.load(id);
  }

  @Authorized<Capability>('environment:report')
  @Mutation(() => ReportEnvironmentIssuePayload, {
    nullable: true,
    description:
      "Reports an environment issue (环境问题上报): REPORTED at tier GRID, due by its category's deadline (local rule). Residents report as themselves, in their home grid unless they name another; grid workers and environment officers on anyone's behalf. Retried with the same idempotencyKey, answers the first report. userErrors: BAD_USER_INPUT (no place, half coordinates, a source the reporter may not use), NOT_FOUND (the grid), CONFLICT (the idempotencyKey used for another report).",
  })
  async reportEnvironmentIssue(
    @Arg('input', () => ReportEnvironmentIssueInput, { description: 'The issue as reported.' }) input: ReportEnvironmentIssueInput,
    @Ctx() ctx: EnvironmentContext,
  ) {
    return mutate(ctx, input, 'issue', () => reportIssue(ctx, input));
  }

  @Authorized<Capability>('environment:handle')
  @Mutation(() => TransitionEnvironmentIssuePayload, {
    nullable: true,
    description: `Moves an environment issue one step along the case workflow (案件流转): REPORTED → ACCEPTED → FILED | VOIDED → DISPATCHED → PROCESSING → PROCESSED → VERIFYING → CLOSED | REWORK → DISPATCHED, recording who, when and the note. ${WORKFLOW_CHOICE} Dispatching names the handler. Grid workers of the issue's grid, environment officers and admins (else FORBIDDEN). userErrors: NOT_FOUND, CONFLICT (with currentVersion) on a stale expectedVersion, BAD_USER_INPUT on any other move (the message names the current status and the allowed moves) or a dispatch without a handler.`,
  })
  async transitionEnvironmentIssue(
    @Arg('input', () => TransitionEnvironmentIssueInput, { description: 'The issue, the version you read and the status to move to.' }) input: TransitionEnvironmentIssueInput,
    @Ctx() ctx: EnvironmentContext,
  ) {
    return mutate(ctx, input, 'issue', () => transitionIssue(ctx, input));
  }

  @Authorized<Capability>('environment:handle')
  @Mutation(() => RaiseEnvironmentIssuePayload, {
    nullable: true,
    description:
      "Raises an open environment issue to the tier above (案件升级: GRID → COMMUNITY → SUBDISTRICT → CITY) when it is beyond its tier's authority, with its category's deadline anew; overdue issues rise on their own. Grid workers of the issue's grid, environment officers and admins (else FORBIDDEN). userErrors: NOT_FOUND, CONFLICT on a stale expectedVersion, BAD_USER_INPUT at the top tier or once finished.",
  })
  async raiseEnvironmentIssue(
    @Arg('input', () => RaiseEnvironmentIssueInput, { description: 'The issue, the version you read and why.' }) input: RaiseEnvironmentIssueInput,
    @Ctx() ctx: EnvironmentContext,
  ) {
    return mutate(ctx, input, 'issue', () => raiseIssue(ctx, input));
  }

  @FieldResolver(() => [EnvironmentIssueStatus], { description: 'The statuses it may move to next (empty once CLOSED or VOIDED).' })
  allowedTransitions(@Root() issue: EnvironmentIssueRow) {
    return caseWorkflow.allowed(issue.status);
  }

  @FieldResolver({ description: 'Whether it is open and past its deadline (超期).' })
  isOverdue(@Root() issue: EnvironmentIssueRow): boolean {
    return isCaseOverdue(issue);
  }

  @FieldResolver(() => [EnvironmentIssueEvent], { description: 'Every status change and raise (流转记录), oldest first.' })
  async history(@Root() issue: EnvironmentIssueRow, @Ctx() ctx: EnvironmentContext) {
    return ctx.loaders.historyByIssue.load(issue.id);
  }

  @FieldResolver(() => GridReference, { nullable: true, description: 'The grid (网格) where it is; null when community cannot answer.' })
  grid(@Root() issue: EnvironmentIssueRow) {
    return reference(issue.gridId);
  }

  @FieldResolver(() => ResidentReference, {
    nullable: true,
    description: 'The resident who reported it (上报居民); null when staff, a patrol, the hotline or a camera did, or when community cannot answer.',
  })
  reporter(@Root() issue: EnvironmentIssueRow) {
    return issue.reporterResidentId ? reference(issue.reporterResidentId) : null;
  }

  @FieldResolver(() => GridWorkerReference, { nullable: true, description: 'The grid worker (网格员) who found it, when one did; null otherwise.' })
  reportingWorker(@Root() issue: EnvironmentIssueRow) {
    return issue.reporterWorkerId ? reference(issue.reporterWorkerId) : null;
  }

  @FieldResolver(() => GridWorkerReference, { nullable: true, description: 'The grid worker (网格员) dispatched to handle it (处置人); null before dispatch.' })
  handler(@Root() issue: EnvironmentIssueRow) {
    return issue.handlerWorkerId ? reference(issue.handlerWorkerId) : null;
  }

  @FieldResolver(() => RiverPatrol, { nullable: true, description: 'The patrol (巡河) that found it; null unless its source is PATROL.' })
  async patrol(@Root() issue: EnvironmentIssueRow, @Ctx() ctx: EnvironmentContext) {
    return issue.patrolId ? ctx.loaders.patrolById.load(issue.patrolId) : null;
  }

  @FieldResolver(() => RiverSegment, { nullable: true, description: 'The river segment (河段) it is on, when it is on one.' })
  async segment(@Root() issue: EnvironmentIssueRow, @Ctx() ctx: EnvironmentContext) {
    return issue.segmentId ? ctx.loaders.segmentById.load(issue.segmentId) : null;
  }
}
