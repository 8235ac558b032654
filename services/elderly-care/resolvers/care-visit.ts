import { Arg, Authorized, Ctx, FieldResolver, Mutation, Resolver, Root } from 'type-graphql';
import { badInput, forbidden } from '../../kit/errors';
import { mutate } from '../../kit/mutations';
import { reference } from '../../kit/references';
import type { Capability } from '../../domain/capabilities';
import { gridWorkerOf, assertWorkerOfGrid } from '../../domain/grid-workers';
import { isAdmin } from '../../domain/people';
import { assertCaresFor } from '../access';
import { createOnceFor, lockElder, requireElder, type ElderlyCareContext } from '../loaders';
import { happenedAt } from '../rules/happened-at';
import { careVisits, elderlyProfiles, type CareVisitRow } from '../tables';
import { Elder } from '../types/elder';
import { GridWorkerReference } from '../types/references';
import { CareVisit, RecordCareVisitInput, RecordCareVisitPayload } from '../types/visits';
import { eq } from 'drizzle-orm';

/**
 * Who visited: the grid worker the token names, never someone the input names, unless an admin records on a worker's
 * behalf (then visitorId is required). A worker naming another visitor is refused.
 */
function visitorOf(ctx: ElderlyCareContext, input: RecordCareVisitInput): string {
  if (isAdmin(ctx.viewer)) {
    if (!input.visitorId) throw badInput('Name the grid worker who visited (visitorId) when recording on their behalf.', { field: 'visitorId' });
    return input.visitorId;
  }
  const self = gridWorkerOf(ctx.viewer);
  if (!self || (input.visitorId !== undefined && input.visitorId !== null && input.visitorId !== self)) {
    throw forbidden('A grid worker records their own visits; only an admin records a visit on someone else\'s behalf.');
  }
  return self;
}

@Resolver(() => CareVisit)
export class CareVisitResolver {
  @Authorized<Capability>('elder:care')
  @Mutation(() => RecordCareVisitPayload, {
    nullable: true,
    description:
      "Records a care visit (记录探访); needs found are added to the elder's needs. The visitor is the grid worker whose token records it; an admin records on a worker's behalf by naming visitorId. By a worker of the elder's grid or an admin (else FORBIDDEN, to a caller who sees the elder; also FORBIDDEN when a worker names someone else as visitor). userErrors: BAD_USER_INPUT (a visit in the future, a visitor who does not work in the elder's grid, an admin naming no visitor), NOT_FOUND (not enrolled, an elder the caller may not see, no such grid worker).",
  })
  async recordCareVisit(@Arg('input', () => RecordCareVisitInput, { description: 'The visit as reported.' }) input: RecordCareVisitInput, @Ctx() ctx: ElderlyCareContext) {
    return mutate(ctx, input, 'visit', async () => {
      const elder = await requireElder(ctx, input.residentId);
      assertCaresFor(ctx.viewer, elder);
      const visitorId = await assertWorkerOfGrid(ctx.peer('community'), visitorOf(ctx, input), elder.gridId, 'visitorId');
      const visitedAt = happenedAt('visitedAt', input.visitedAt);
      const newNeeds = input.newNeeds ?? [];
      const { id } = await createOnceFor(ctx, 'recordCareVisit', input, async (tx) => {
        const current = await lockElder(tx, elder.id);
        const [inserted] = await tx
          .insert(careVisits)
          .values({ profileId: elder.id, visitorId, kind: input.kind, visitedAt, findings: input.findings, newNeeds })
          .returning();
        const added = newNeeds.filter((need) => !current.needs.includes(need));
        if (added.length) {
          // Under the row lock, so the version the elder's readers hold moves on with the needs.
          await tx
            .update(elderlyProfiles)
            .set({ needs: [...current.needs, ...added], version: current.version + 1, updatedAt: new Date() })
            .where(eq(elderlyProfiles.id, elder.id));
        }
        return inserted!;
      });
      return ctx.loaders.visitById.load(id);
    });
  }

  @FieldResolver(() => Elder, { nullable: true, description: 'The elder visited (老年人).' })
  async elder(@Root() visit: CareVisitRow, @Ctx() ctx: ElderlyCareContext) {
    return ctx.loaders.elderById.load(visit.profileId);
  }

  @FieldResolver(() => String, { nullable: true, description: 'What the visitor found (探访情况). Health notes: every read is audited.' })
  async findings(@Root() visit: CareVisitRow, @Ctx() ctx: ElderlyCareContext) {
    if (visit.findings === null) return null;
    // The visit was readable, so its elder is: the loader gives the resident the notes are about.
    const elder = await ctx.loaders.elderById.load(visit.profileId);
    await ctx.audit.read('CareVisit.findings', elder!.residentId, visit.id);
    return visit.findings;
  }

  @FieldResolver(() => GridWorkerReference, { nullable: true, description: 'The grid worker (网格员) who visited; null when community cannot answer.' })
  visitor(@Root() visit: CareVisitRow) {
    return reference(visit.visitorId);
  }
}
