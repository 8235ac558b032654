import { and, eq } from 'drizzle-orm';
import { Arg, Authorized, Ctx, FieldResolver, Mutation, Resolver, Root } from 'type-graphql';
import { conflict, notFound } from '../../kit/errors';
import { assertCaresFor } from '../access';
import { actorOf } from '../../domain/people';
import type { ElderlyCareContext } from '../loaders';
import { advanceHomeModification, nextHomeModificationStatus, sumHomeModification } from '../rules/home-modification';
import { homeModifications, homeModificationTransitions, type HomeModificationRow } from '../tables';
import { HomeModificationStatus } from '../types/enums';
import { AdvanceHomeModificationInput, HomeModification, HomeModificationTransition, RequestHomeModificationInput } from '../types/home-modification';
import { ElderlyProfile } from '../types/profile';
import { HouseholdReference, reference } from '../types/references';
import { forgetElder, requireProfile } from './elder';
import type { Capability } from '../../domain/capabilities';

@Resolver(() => HomeModification)
export class HomeModificationResolver {
  @Authorized()
  @Mutation(() => HomeModification, {
    description: "Applies for an age-friendly modification of the elder's home (适老化改造申请). The elder, their grid's workers or an admin.",
  })
  async requestHomeModification(@Arg('input', () => RequestHomeModificationInput) input: RequestHomeModificationInput, @Ctx() ctx: ElderlyCareContext) {
    const profile = await requireProfile(ctx, input.residentId);
    const items = input.items.map(({ category, tier, description, costCents, subsidyCents }) => ({ category, tier, description, costCents, subsidyCents }));
    const [modification] = await ctx.db
      .insert(homeModifications)
      .values({ profileId: profile.id, householdId: profile.householdId, items, ...sumHomeModification(items) })
      .returning();
    forgetElder(ctx, { profileId: profile.id, residentId: profile.residentId });
    return modification;
  }

  @Authorized<Capability>('elder:care')
  @Mutation(() => HomeModification, {
    description:
      'Moves a home modification one step along APPLIED → ASSESSED → DESIGNED → INSTALLING → ACCEPTED, recording who and when. Other moves are BAD_USER_INPUT; a stale `version` is CONFLICT.',
  })
  async advanceHomeModification(@Arg('input', () => AdvanceHomeModificationInput) input: AdvanceHomeModificationInput, @Ctx() ctx: ElderlyCareContext) {
    const { id, to, version, note } = input;
    const current = await ctx.loaders.homeModificationById.load(id);
    if (!current) throw notFound('HomeModification', id);
    assertCaresFor(ctx.viewer, current.elder);
    const stale = () =>
      conflict(`Home modification ${id} was changed by someone else (you sent version ${version}); reload and retry.`, {
        currentVersion: current.version,
      });
    if (version !== current.version) throw stale();
    advanceHomeModification(current.status, to);
    const moved = await ctx.db.transaction(async (tx) => {
      const [updated] = await tx
        .update(homeModifications)
        .set({ status: to, version: version + 1, updatedAt: new Date() })
        .where(and(eq(homeModifications.id, id), eq(homeModifications.version, version)))
        .returning();
      if (!updated) throw stale();
      await tx.insert(homeModificationTransitions).values({ modificationId: id, from: current.status, to, actorSub: actorOf(ctx.viewer), note });
      return updated;
    });
    forgetElder(ctx, { profileId: current.profileId, residentId: current.elder.residentId });
    ctx.loaders.homeModificationById.clear(id);
    ctx.loaders.transitionsByModification.clear(id);
    return moved;
  }

  @FieldResolver(() => HomeModificationStatus, { nullable: true, description: 'The one state it may move to next; null once ACCEPTED.' })
  nextStatus(@Root() modification: HomeModificationRow) {
    return nextHomeModificationStatus(modification.status);
  }

  @FieldResolver(() => [HomeModificationTransition], { description: 'Every status change, oldest first.' })
  async transitions(@Root() modification: HomeModificationRow, @Ctx() ctx: ElderlyCareContext) {
    return ctx.loaders.transitionsByModification.load(modification.id);
  }

  @FieldResolver(() => ElderlyProfile)
  async elder(@Root() modification: HomeModificationRow, @Ctx() ctx: ElderlyCareContext) {
    return ctx.loaders.profileById.load(modification.profileId);
  }

  @FieldResolver(() => HouseholdReference, { description: 'The dwelling (户); the gateway joins its address from community.' })
  household(@Root() modification: HomeModificationRow) {
    return reference(modification.householdId);
  }
}
