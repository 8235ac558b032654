import { Length } from 'class-validator';
import { Directive, Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import { HomeModificationCategory, HomeModificationStatus, HomeModificationTier } from './enums';

@ObjectType({ description: 'One item of a home modification (改造项目).' })
export class HomeModificationItem {
  @Field(() => HomeModificationCategory)
  category!: HomeModificationCategory;

  @Field(() => HomeModificationTier)
  tier!: HomeModificationTier;

  @Field()
  description!: string;

  @Field(() => Int)
  costCents!: number;

  @Field(() => Int, { description: 'The part of the cost the government pays.' })
  subsidyCents!: number;
}

@ObjectType({ description: 'A recorded status change of a home modification.' })
export class HomeModificationTransition {
  @Field(() => HomeModificationStatus)
  from!: HomeModificationStatus;

  @Field(() => HomeModificationStatus)
  to!: HomeModificationStatus;

  @Field({ description: 'Who moved it (token subject).' })
  actorSub!: string;

  @Field()
  at!: Date;

  @Field(() => String, { nullable: true })
  note!: string | null;
}

@Directive('@key(fields: "id")')
@ObjectType({ description: 'Age-friendly home modification (适老化改造): APPLIED → ASSESSED → DESIGNED → INSTALLING → ACCEPTED.' })
export class HomeModification {
  @Field(() => ID)
  id!: string;

  @Field(() => HomeModificationStatus)
  status!: HomeModificationStatus;

  @Field(() => [HomeModificationItem])
  items!: HomeModificationItem[];

  @Field(() => Int, { description: 'Sum of the items’ costs, in cents.' })
  costCents!: number;

  @Field(() => Int, { description: 'Sum of the items’ subsidies, in cents.' })
  subsidyCents!: number;

  @Field(() => Int, { description: 'Optimistic-concurrency version: pass it back to advanceHomeModification.' })
  version!: number;

  @Field()
  createdAt!: Date;

  @Field()
  updatedAt!: Date;

  profileId!: string;
  householdId!: string;
}

@InputType({ description: 'Checked by rules/home-modification.ts.' })
export class HomeModificationItemInput {
  @Field(() => HomeModificationCategory)
  category!: HomeModificationCategory;

  @Field(() => HomeModificationTier)
  tier!: HomeModificationTier;

  @Field({ description: '1 to 200 characters.' })
  description!: string;

  @Field(() => Int, { description: 'Cents, 0 or more.' })
  costCents!: number;

  @Field(() => Int, { defaultValue: 0, description: 'Cents, from 0 to the cost.' })
  subsidyCents!: number;
}

@InputType({ description: "An application for a home modification of the elder's dwelling." })
export class RequestHomeModificationInput {
  @Field(() => ID)
  residentId!: string;

  @Field(() => [HomeModificationItemInput], { description: '1 to 30 items.' })
  items!: HomeModificationItemInput[];
}

@InputType({ description: 'One step of a home modification along its workflow.' })
export class AdvanceHomeModificationInput {
  @Field(() => ID)
  id!: string;

  @Field(() => HomeModificationStatus, { description: 'The next state: the one nextStatus names.' })
  to!: HomeModificationStatus;

  @Field(() => Int, { description: 'The version you read; CONFLICT if it changed since.' })
  version!: number;

  @Field({ nullable: true })
  @Length(1, 500)
  note?: string;
}
