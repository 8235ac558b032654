import { Directive, Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import { CapabilityAdjustment, CapabilityLevel } from './enums';

/** The four dimension scores, as assessments show them and as assessors record them; a base class, not in the schema itself. */
@ObjectType()
@InputType('DimensionScoresInput')
abstract class DimensionScores {
  @Field(() => Int, { description: 'Self-care (自理能力), 0–32.' })
  selfCare!: number;

  @Field(() => Int, { description: 'Basic mobility (基础运动能力), 0–15.' })
  mobility!: number;

  @Field(() => Int, { description: 'Mental state (精神状态), 0–28.' })
  mentalState!: number;

  @Field(() => Int, { description: 'Perception and social participation (感知觉与社会参与), 0–15.' })
  perceptionSocial!: number;
}

@Directive('@key(fields: "id")')
@ObjectType({
  description: 'Capability assessment (老年人能力评估), GB/T 42195-2022. Health data: every read is written to an audit log.',
})
export class CapabilityAssessment extends DimensionScores {
  @Field(() => ID)
  id!: string;

  @Field()
  assessedAt!: Date;

  @Field({ description: 'Who recorded it (the token subject of the assessor).' })
  assessor!: string;

  @Field()
  coma!: boolean;

  @Field()
  dementiaOrMentalDisorder!: boolean;

  @Field(() => Int, { description: 'Falls, wanderings, chokings, self-harms in the 30 days before.' })
  riskEventsLast30Days!: number;

  @Field(() => Int, { description: 'The four scores summed, 0–90.' })
  total!: number;

  @Field(() => CapabilityLevel, { description: 'The level the total alone gives.' })
  baseLevel!: CapabilityLevel;

  @Field(() => CapabilityLevel, { description: 'The level after the adjustments (能力等级).' })
  level!: CapabilityLevel;

  @Field(() => [CapabilityAdjustment], { description: 'The adjustments whose conditions held.' })
  adjustments!: CapabilityAdjustment[];

  profileId!: string;
}

@InputType({ description: 'A capability assessment as the assessor scored it; the ranges are checked by the rules.' })
export class RecordAssessmentInput extends DimensionScores {
  @Field(() => ID)
  residentId!: string;

  @Field({ defaultValue: false })
  coma!: boolean;

  @Field({ defaultValue: false, description: 'Diagnosed dementia or another mental disorder.' })
  dementiaOrMentalDisorder!: boolean;

  @Field(() => Int, { defaultValue: 0, description: 'Falls, wanderings, chokings, self-harms in the last 30 days.' })
  riskEventsLast30Days!: number;

  @Field({ nullable: true, description: 'When it was done; now if omitted; never in the future.' })
  assessedAt?: Date;
}
