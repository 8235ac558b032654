import { Arg, Authorized, Ctx, FieldResolver, Mutation, Resolver, Root } from 'type-graphql';
import { conflict, notFound } from '../../kit/errors';
import { mutate } from '../../kit/mutations';
import { reference } from '../../kit/references';
import { advance } from '../../kit/workflow';
import type { Capability } from '../../domain/capabilities';
import { actorOf } from '../../domain/people';
import { assertCaresFor } from '../access';
import { assertOpen, createOnceFor, requireElder, type ElderlyCareContext } from '../loaders';
import { homeModificationWorkflow, sumHomeModification } from '../rules/home-modification';
import { homeModifications, homeModificationTransitions, type HomeModificationRow } from '../tables';
import { Elder } from '../types/elder';
import { HomeModificationStatus } from '../types/enums';
import {
  AdvanceHomeModificationInput,
  AdvanceHomeModificationPayload,
  HomeModification,
  HomeModificationTransition,
  RequestHomeModificationInput,
  RequestHomeModificationPayload,
} from '../types/home-modification';
import { HouseholdReference } from '../types/references';

@Resolver(() => HomeModification)
export class HomeModificationResolver {
  @Authorized()
  @Mutation(() => RequestHomeModificationPayload, {
    nullable: true,
    description:
      "Applies for an age-friendly modification of the elder's home (适老化改造申请). The elder, their grid's workers or an admin (else FORBIDDEN to a caller who may see the elder). userErrors: BAD_USER_INPUT (no items or more than 30, a bad description, a subsidy above the cost), NOT_FOUND (not enrolled, or an elder the caller may not see).",
  })
  async requestHomeModification(
    @Arg('input', () => RequestHomeModificationInput, { description: 'The elder and the items.' }) input: RequestHomeModificationInput,
    @Ctx() ctx: ElderlyCareContext,
  ) {
    return mutate(ctx, input, 'homeModification', async () => {
      const elder = await requireElder(ctx, input.residentId);
      assertOpen(elder);
      const items = input.items.map(({ category, tier, description, costCents, subsidyCents }) => ({ category, tier, description, costCents, subsidyCents }));
      const { id } = await createOnceFor(ctx, 'requestHomeModification', input, async (tx) => {
        const [modification] = await tx
          .insert(homeModifications)
          .values({ profileId: elder.id, householdId: elder.householdId, items, ...sumHomeModification(items) })
          .returning({ id: homeModifications.id });
        return modification!;
      });
      return ctx.loaders.homeModificationById.load(id);
    });
  }

  @Authorized<Capability>('elder:care')
  @Mutation(() => AdvanceHomeModificationPayload, {
    nullable: true,
    description:
      "Moves a home modification one step along APPLIED → ASSESSED → DESIGNED → INSTALLING → ACCEPTED (改造进度流转), recording who, when and why. By a worker of the elder's grid or an admin (else FORBIDDEN to a caller who may see the elder). userErrors: NOT_FOUND (also for an elder the caller may not see), CONFLICT (with currentVersion) on a stale expectedVersion, BAD_USER_INPUT on any other move (the message names the current state and the allowed moves).",
  })
  async advanceHomeModification(
    @Arg('input', () => AdvanceHomeModificationInput, { description: 'The modification, the version you read and the state to move to.' }) input: AdvanceHomeModificationInput,
    @Ctx() ctx: ElderlyCareContext,
  ) {
    return mutate(ctx, input, 'homeModification', async () => {
      const current = await ctx.loaders.homeModificationById.load(input.id);
      if (!current) throw notFound('HomeModification', input.id, 'id');
      assertCaresFor(ctx.viewer, current.elder);
      // A stale read is reported as such before the move is judged: the caller's idea of the state is out of date.
      if (current.version !== input.expectedVersion) {
        throw conflict(`Home modification ${input.id} was changed by someone else (you read version ${input.expectedVersion}; it is now ${current.version}): reload and retry.`, {
          currentVersion: current.version,
          field: 'expectedVersion',
        });
      }
      return advance(ctx.db, {
        machine: homeModificationWorkflow,
        table: homeModifications,
        current,
        to: input.to,
        actorSub: actorOf(ctx.viewer),
        note: input.note,
        expectedVersion: input.expectedVersion,
        record: (tx, move) => tx.insert(homeModificationTransitions).values({ modificationId: current.id, ...move }),
      });
    });
  }

  @FieldResolver(() => [HomeModificationStatus], { description: 'The states it may move to next (empty once ACCEPTED).' })
  allowedTransitions(@Root() modification: HomeModificationRow) {
    return homeModificationWorkflow.allowed(modification.status);
  }

  @FieldResolver(() => [HomeModificationTransition], { description: 'Every status change (流转记录), oldest first.' })
  async transitions(@Root() modification: HomeModificationRow, @Ctx() ctx: ElderlyCareContext) {
    return ctx.loaders.transitionsByModification.load(modification.id);
  }

  @FieldResolver(() => Elder, { nullable: true, description: 'The elder whose home it is (老年人).' })
  async elder(@Root() modification: HomeModificationRow, @Ctx() ctx: ElderlyCareContext) {
    return ctx.loaders.elderById.load(modification.profileId);
  }

  @FieldResolver(() => HouseholdReference, { nullable: true, description: 'The dwelling (户) it changes; null when community cannot answer.' })
  household(@Root() modification: HomeModificationRow) {
    return reference(modification.householdId);
  }
}
