import { eq } from 'drizzle-orm';
import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { badInput, forbidden, notFound } from '../../kit/errors';
import { createOnce } from '../../kit/idempotency';
import { mutate } from '../../kit/mutations';
import { reference } from '../../kit/references';
import type { Capability } from '../../domain/capabilities';
import { actorOf, hasRole, isAdmin } from '../../domain/people';
import { assertWorkerOfGrid, gridWorkerOf } from '../../domain/grid-workers';
import { assertPatrols, issueRule } from '../access';
import { openIssue, placeOf } from '../issues';
import type { EnvironmentContext } from '../loaders';
import { idempotencyKeys, riverPatrols, type RiverPatrolRow } from '../tables';
import { EnvironmentIssue } from '../types/issue';
import { RecordRiverPatrolInput, RecordRiverPatrolPayload, RiverPatrol, RiverPatrolConnection } from '../types/patrol';
import { GridWorkerReference } from '../types/references';
import { RiverChief, RiverSegment } from '../types/river';
import { pageOfPatrols, PatrolHistoryArgs } from './river';

/** Clock skew allowed between a patrol's device and the server. */
const SKEW_MS = 5 * 60_000;

@Resolver(() => RiverPatrol)
export class RiverPatrolResolver {
  @Authorized<Capability>('river:patrol')
  @Query(() => RiverPatrolConnection, {
    nullable: true,
    description: 'River patrols (巡河记录), of one segment or all, a page at a time, within the days asked for. Grid workers, environment officers and admins (else FORBIDDEN).',
  })
  async riverPatrols(
    @Arg('segmentId', () => ID, { nullable: true, description: 'Only the patrols of this segment (河段).' }) segmentId: string | undefined,
    @Args(() => PatrolHistoryArgs) page: PatrolHistoryArgs,
    @Ctx() ctx: EnvironmentContext,
  ) {
    return pageOfPatrols(ctx, page, segmentId);
  }

  @Authorized<Capability>('river:patrol')
  @Mutation(() => RecordRiverPatrolPayload, {
    nullable: true,
    description:
      'Records a river patrol (巡河记录) with what was found: each finding opens an environment issue with source PATROL in the grid along the segment, all in one step. Grid workers of that grid, environment officers and admins (else FORBIDDEN). Retried with the same idempotencyKey, answers the first record. userErrors: NOT_FOUND (segment, chief), BAD_USER_INPUT (no chief or patroller, times out of order or in the future, a finding without a place).',
  })
  async recordRiverPatrol(@Arg('input', () => RecordRiverPatrolInput, { description: 'The patrol as recorded.' }) input: RecordRiverPatrolInput, @Ctx() ctx: EnvironmentContext) {
    return mutate(ctx, input, 'patrol', async () => {
      const segment = await ctx.loaders.segmentById.load(input.segmentId);
      if (!segment) throw notFound('River segment', input.segmentId, 'segmentId');
      assertPatrols(ctx.viewer, segment);
      if (!input.chiefId && !input.patrollerId) throw badInput('Name who patrolled: the river chief (chiefId), the grid worker (patrollerId), or both.', { field: 'chiefId' });
      if (input.chiefId && !(await ctx.loaders.chiefById.load(input.chiefId))) throw notFound('River chief', input.chiefId, 'chiefId');
      // A grid worker records their own patrols; officers and admins may name the worker, who must work along the segment.
      const self = gridWorkerOf(ctx.viewer);
      if (self && !isAdmin(ctx.viewer) && !hasRole(ctx.viewer, 'environment_officer') && input.patrollerId && input.patrollerId !== self) {
        throw forbidden('A grid worker records their own patrols; only officers and admins record one on someone else\'s behalf.');
      }
      const patrollerId = input.patrollerId ? await assertWorkerOfGrid(ctx.peer('community'), input.patrollerId, segment.gridId, 'patrollerId') : null;
      if (input.endedAt < input.startedAt) throw badInput('A patrol cannot end before it began.', { field: 'endedAt' });
      if (input.endedAt.getTime() > Date.now() + SKEW_MS) throw badInput('A patrol is recorded once it has ended: endedAt is in the future.', { field: 'endedAt' });
      const findings = input.findings.map((finding, i) => ({
        ...placeOf(finding, { fallback: segment.name, field: `findings[${i}]` }),
        category: finding.category,
        description: finding.description,
        photoUrls: finding.photoUrls ?? [],
      }));
      const actor = actorOf(ctx.viewer);
      const patrol = {
        segmentId: segment.id,
        chiefId: input.chiefId ?? null,
        patrollerWorkerId: patrollerId,
        startedAt: input.startedAt,
        endedAt: input.endedAt,
        summary: input.summary,
        recordedBy: actor,
      };
      const { id } = await createOnce(
        ctx.db,
        { table: idempotencyKeys, scope: `recordRiverPatrol:${actor}`, key: input.idempotencyKey, input: { patrol, findings } },
        async (tx) => {
          const [recorded] = await tx.insert(riverPatrols).values(patrol).returning();
          for (const finding of findings) {
            await openIssue(tx, ctx.settings, {
              ...finding,
              source: 'PATROL',
              gridId: segment.gridId,
              segmentId: segment.id,
              patrolId: recorded!.id,
              reporterWorkerId: patrol.patrollerWorkerId,
              reportedBy: actor,
            });
          }
          return recorded!;
        },
      );
      const [recorded] = await ctx.db.select().from(riverPatrols).where(eq(riverPatrols.id, id));
      return recorded!;
    });
  }

  @FieldResolver(() => RiverSegment, { description: 'The segment (河段) patrolled.' })
  async segment(@Root() patrol: RiverPatrolRow, @Ctx() ctx: EnvironmentContext) {
    return ctx.loaders.segmentById.load(patrol.segmentId);
  }

  @FieldResolver(() => RiverChief, { nullable: true, description: 'The river chief (河长) who patrolled, when one did.' })
  async chief(@Root() patrol: RiverPatrolRow, @Ctx() ctx: EnvironmentContext) {
    return patrol.chiefId ? ctx.loaders.chiefById.load(patrol.chiefId) : null;
  }

  @FieldResolver(() => GridWorkerReference, { nullable: true, description: 'The grid worker (网格员) who patrolled, when one did.' })
  patroller(@Root() patrol: RiverPatrolRow) {
    return patrol.patrollerWorkerId ? reference(patrol.patrollerWorkerId) : null;
  }

  @FieldResolver(() => [EnvironmentIssue], {
    description: 'What was found (巡河发现): the issues the patrol opened, as many as the viewer may see (a grid worker those of their grids).',
  })
  async findings(@Root() patrol: RiverPatrolRow, @Ctx() ctx: EnvironmentContext) {
    const issues = await ctx.loaders.findingsByPatrol.load(patrol.id);
    return issues.filter((issue) => issueRule.allows(ctx.viewer, issue));
  }
}
