import { Arg, Authorized, Ctx, FieldResolver, Mutation, Resolver, Root } from 'type-graphql';
import { assertCaresFor } from '../access';
import { actorOf } from '../../domain/people';
import type { ElderlyCareContext } from '../loaders';
import { assessCapability } from '../rules/capability';
import { capabilityAssessments, type CapabilityAssessmentRow } from '../tables';
import { CapabilityAssessment, RecordAssessmentInput } from '../types/assessment';
import { ElderlyProfile } from '../types/profile';
import { forgetElder, happenedAt, requireProfile } from './elder';
import type { Capability } from '../../domain/capabilities';

/** Writes each assessment's read to the audit log (one insert per request batch) before handing them out. */
export async function auditedAssessments<A extends { id: string }>(ctx: ElderlyCareContext, residentId: string, assessments: A[]): Promise<A[]> {
  await Promise.all(assessments.map((a) => ctx.loaders.assessmentReadLog.load({ assessmentId: a.id, residentId })));
  return assessments;
}

/** An assessment by id (`_entities`): the loader applies the access rules, and the read is audited. */
export async function readAssessment(ctx: ElderlyCareContext, id: string) {
  const assessment = await ctx.loaders.assessmentById.load(id);
  return assessment && (await auditedAssessments(ctx, assessment.elder.residentId, [assessment]))[0];
}

@Resolver(() => CapabilityAssessment)
export class CapabilityAssessmentResolver {
  @Authorized<Capability>('elder:care')
  @Mutation(() => CapabilityAssessment, {
    description:
      "Records a capability assessment by a worker of the elder's grid; the level follows from the scores (GB/T 42195-2022). Out-of-range scores are BAD_USER_INPUT.",
  })
  async recordAssessment(@Arg('input', () => RecordAssessmentInput) input: RecordAssessmentInput, @Ctx() ctx: ElderlyCareContext) {
    const profile = await requireProfile(ctx, input.residentId);
    assertCaresFor(ctx.viewer, profile);
    const { residentId, assessedAt, ...scores } = input;
    const result = assessCapability(scores);
    const [row] = await ctx.db
      .insert(capabilityAssessments)
      .values({ profileId: profile.id, assessedAt: happenedAt('assessedAt', assessedAt), assessor: actorOf(ctx.viewer), ...scores, ...result })
      .returning();
    forgetElder(ctx, { profileId: profile.id, residentId });
    return (await auditedAssessments(ctx, residentId, [row]))[0];
  }

  @FieldResolver(() => ElderlyProfile)
  async elder(@Root() assessment: CapabilityAssessmentRow, @Ctx() ctx: ElderlyCareContext) {
    return ctx.loaders.profileById.load(assessment.profileId);
  }
}
