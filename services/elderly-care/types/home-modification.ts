import { Length } from 'class-validator';
import { Directive, Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import { CreateInput, Payload, VersionedInput } from '../../kit/mutations';
import { Connection } from '../../kit/pagination';
import { CentsScalar, DateTimeScalar } from '../../kit/scalars';
import { HomeModificationCategory, HomeModificationStatus, HomeModificationTier } from './enums';
import { TransitionType } from '../../kit/workflow';

@ObjectType({ description: 'One item of a home modification (改造项目).' })
export class HomeModificationItem {
  @Field(() => HomeModificationCategory, { description: 'The area of the home it changes (改造类别).' })
  category!: HomeModificationCategory;

  @Field(() => HomeModificationTier, { description: 'Basic (subsidised) or optional (项目类型).' })
  tier!: HomeModificationTier;

  @Field({ description: 'What is done (改造内容), e.g. 卫生间扶手.' })
  description!: string;

  @Field(() => CentsScalar, { description: 'What the item costs (费用), in cents.' })
  costCents!: number;

  @Field(() => CentsScalar, { description: 'The part of the cost the government pays (政府补贴), in cents.' })
  subsidyCents!: number;
}

export const HomeModificationTransition = TransitionType<HomeModificationStatus>('HomeModificationTransition', HomeModificationStatus, 'A recorded status change of a home modification (流转记录).');

@Directive('@key(fields: "id")')
@ObjectType({
  description:
    "Age-friendly home modification (适老化改造): APPLIED → ASSESSED → DESIGNED → INSTALLING → ACCEPTED. Seen as the elder's record is.",
})
export class HomeModification {
  @Field(() => ID, { description: "The modification's id." })
  id!: string;

  @Field(() => HomeModificationStatus, { description: 'Where the modification is in its workflow (适老化改造进度).' })
  status!: HomeModificationStatus;

  @Field(() => [HomeModificationItem], { description: 'What is changed, 1 to 30 items (改造项目).' })
  items!: HomeModificationItem[];

  @Field(() => CentsScalar, { description: "The items' costs summed (总费用), in cents." })
  costCents!: number;

  @Field(() => CentsScalar, { description: "The items' subsidies summed (政府补贴), in cents." })
  subsidyCents!: number;

  @Field(() => Int, { description: "Optimistic-concurrency version (版本): send it back as advanceHomeModification's expectedVersion." })
  version!: number;

  @Field(() => DateTimeScalar, { description: 'When it was applied for (申请时间).' })
  createdAt!: Date;

  @Field(() => DateTimeScalar, { description: 'When it last changed.' })
  updatedAt!: Date;

  profileId!: string;
  householdId!: string;
}

@ObjectType({ description: 'A page of home modifications (Relay connection).' })
export class HomeModificationConnection extends Connection(HomeModification) {}

@InputType({ description: 'One item of a home modification (改造项目) as applied for.' })
export class HomeModificationItemInput {
  @Field(() => HomeModificationCategory, { description: 'The area of the home it changes (改造类别).' })
  category!: HomeModificationCategory;

  @Field(() => HomeModificationTier, { description: 'Basic (subsidised) or optional (项目类型).' })
  tier!: HomeModificationTier;

  @Field({ description: 'What is done, 1 to 200 characters.' })
  description!: string;

  @Field(() => CentsScalar, { description: 'What the item costs, in cents, 0 or more.' })
  costCents!: number;

  @Field(() => CentsScalar, { defaultValue: 0, description: 'The part the government pays, in cents, from 0 to the cost (0 if omitted).' })
  subsidyCents!: number;
}

@InputType({ description: "An application for an age-friendly modification of the elder's home (适老化改造申请)." })
export class RequestHomeModificationInput extends CreateInput {
  @Field(() => ID, { description: 'The resident; they must be enrolled in elderly care (else NOT_FOUND).' })
  residentId!: string;

  @Field(() => [HomeModificationItemInput], { description: 'What to change, 1 to 30 items.' })
  items!: HomeModificationItemInput[];
}

@InputType({ description: 'One step of a home modification along its workflow (改造进度流转).' })
export class AdvanceHomeModificationInput extends VersionedInput {
  @Field(() => HomeModificationStatus, { description: 'The state to move to: one of the modification\'s allowedTransitions.' })
  to!: HomeModificationStatus;

  @Field({ nullable: true, description: 'Why, 1 to 500 characters; kept with the transition.' })
  @Length(1, 500)
  note?: string;
}

export const RequestHomeModificationPayload = Payload(
  'RequestHomeModificationPayload',
  'homeModification',
  HomeModification,
  'The outcome of requestHomeModification (适老化改造申请).',
);
export const AdvanceHomeModificationPayload = Payload(
  'AdvanceHomeModificationPayload',
  'homeModification',
  HomeModification,
  'The outcome of advanceHomeModification (改造进度流转).',
);
