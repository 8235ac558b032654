import { Arg, Authorized, Ctx, FieldResolver, Mutation, Resolver, Root } from 'type-graphql';
import { mutate } from '../../kit/mutations';
import type { Capability } from '../../domain/capabilities';
import { actorOf } from '../../domain/people';
import { assertCaresFor } from '../access';
import { createOnceFor, readAssessment, requireElder, type ElderlyCareContext } from '../loaders';
import { assessCapability } from '../rules/capability';
import { happenedAt } from '../rules/happened-at';
import { capabilityAssessments, type CapabilityAssessmentRow } from '../tables';
import { CapabilityAssessment, RecordAssessmentInput, RecordAssessmentPayload } from '../types/assessment';
import { Elder } from '../types/elder';

@Resolver(() => CapabilityAssessment)
export class CapabilityAssessmentResolver {
  @Authorized<Capability>('elder:care')
  @Mutation(() => RecordAssessmentPayload, {
    nullable: true,
    description:
      "Records a capability assessment (记录能力评估); the level follows from the scores (GB/T 42195-2022). By a worker of the elder's grid or an admin (else FORBIDDEN to a caller who may see the elder). userErrors: BAD_USER_INPUT (a score out of range, a date in the future), NOT_FOUND (not enrolled, or an elder the caller may not see).",
  })
  async recordAssessment(@Arg('input', () => RecordAssessmentInput, { description: 'The elder and the scores.' }) input: RecordAssessmentInput, @Ctx() ctx: ElderlyCareContext) {
    return mutate(ctx, input, 'assessment', async () => {
      const elder = await requireElder(ctx, input.residentId);
      assertCaresFor(ctx.viewer, elder);
      const scores = {
        selfCare: input.selfCare,
        mobility: input.mobility,
        mentalState: input.mentalState,
        perceptionSocial: input.perceptionSocial,
        coma: input.isComatose,
        dementiaOrMentalDisorder: input.hasDementiaOrMentalDisorder,
        riskEventsLast30Days: input.riskEventsLast30Days,
      };
      const result = assessCapability(scores);
      const assessedAt = happenedAt('assessedAt', input.assessedAt);
      const { id } = await createOnceFor(ctx, 'recordAssessment', input, async (tx) => {
        const [row] = await tx
          .insert(capabilityAssessments)
          .values({ profileId: elder.id, assessedAt, assessor: actorOf(ctx.viewer), ...scores, ...result })
          .returning({ id: capabilityAssessments.id });
        return row!;
      });
      return readAssessment(ctx, id);
    });
  }

  @FieldResolver(() => Elder, { nullable: true, description: 'The elder assessed (老年人).' })
  async elder(@Root() assessment: CapabilityAssessmentRow, @Ctx() ctx: ElderlyCareContext) {
    return ctx.loaders.elderById.load(assessment.profileId);
  }
}
