import { Directive, Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import { CreateInput, Payload } from '../../kit/mutations';
import { Connection } from '../../kit/pagination';
import { DateTimeScalar } from '../../kit/scalars';
import { CapabilityAdjustment, CapabilityLevel } from './enums';

@Directive('@key(fields: "id")')
@ObjectType({
  description:
    "Capability assessment (老年人能力评估) of an elder, GB/T 42195-2022. Health data: seen as the elder's record is (else FORBIDDEN), and every read is written to an audit log (who, whom, when).",
})
export class CapabilityAssessment {
  @Field(() => ID, { description: "The assessment's id." })
  id!: string;

  @Field(() => DateTimeScalar, { description: 'When the elder was assessed (评估时间).' })
  assessedAt!: Date;

  @Field({ description: 'Who recorded it: the signed-in identity of the assessor (评估员).' })
  assessor!: string;

  @Field(() => Int, { description: 'Self-care (自理能力), 0–32.' })
  selfCare!: number;

  @Field(() => Int, { description: 'Basic mobility (基础运动能力), 0–15.' })
  mobility!: number;

  @Field(() => Int, { description: 'Mental state (精神状态), 0–28.' })
  mentalState!: number;

  @Field(() => Int, { description: 'Perception and social participation (感知觉与社会参与), 0–15.' })
  perceptionSocial!: number;

  @Field({ name: 'isComatose', description: 'Whether the elder was in a coma (昏迷): the level is then COMPLETE.' })
  coma!: boolean;

  @Field({ name: 'hasDementiaOrMentalDisorder', description: 'Whether dementia or another mental disorder was diagnosed (痴呆或精神疾病).' })
  dementiaOrMentalDisorder!: boolean;

  @Field(() => Int, { description: 'Falls, wanderings, chokings and self-harms in the 30 days before (近30天风险事件).' })
  riskEventsLast30Days!: number;

  @Field(() => Int, { description: 'The four scores summed (总分), 0–90.' })
  total!: number;

  @Field(() => CapabilityLevel, { description: 'The level the total alone gives.' })
  baseLevel!: CapabilityLevel;

  @Field(() => CapabilityLevel, { description: 'The level after the adjustments (能力等级).' })
  level!: CapabilityLevel;

  @Field(() => [CapabilityAdjustment], { description: 'The adjustments whose conditions held (等级变更条款).' })
  adjustments!: CapabilityAdjustment[];

  profileId!: string;
}

@ObjectType({ description: 'A page of capability assessments (Relay connection).' })
export class CapabilityAssessmentConnection extends Connection(CapabilityAssessment) {}

@InputType({ description: 'A capability assessment (老年人能力评估) as the assessor scored it; the ranges are checked (BAD_USER_INPUT).' })
export class RecordAssessmentInput extends CreateInput {
  @Field(() => ID, { description: 'The resident assessed; they must be enrolled in elderly care (else NOT_FOUND).' })
  residentId!: string;

  @Field(() => Int, { description: 'Self-care (自理能力), 0–32.' })
  selfCare!: number;

  @Field(() => Int, { description: 'Basic mobility (基础运动能力), 0–15.' })
  mobility!: number;

  @Field(() => Int, { description: 'Mental state (精神状态), 0–28.' })
  mentalState!: number;

  @Field(() => Int, { description: 'Perception and social participation (感知觉与社会参与), 0–15.' })
  perceptionSocial!: number;

  @Field({ defaultValue: false, description: 'Whether the elder is in a coma (昏迷).' })
  isComatose!: boolean;

  @Field({ defaultValue: false, description: 'Whether dementia or another mental disorder was diagnosed (痴呆或精神疾病).' })
  hasDementiaOrMentalDisorder!: boolean;

  @Field(() => Int, { defaultValue: 0, description: 'Falls, wanderings, chokings and self-harms in the last 30 days, 0 or more.' })
  riskEventsLast30Days!: number;

  @Field(() => DateTimeScalar, { nullable: true, description: 'When it was done; now if omitted; never in the future.' })
  assessedAt?: Date;
}

export const RecordAssessmentPayload = Payload(
  'RecordAssessmentPayload',
  'assessment',
  CapabilityAssessment,
  'The outcome of recordAssessment (记录能力评估).',
);
