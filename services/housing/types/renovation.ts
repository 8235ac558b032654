import { ArrayMaxSize, ArrayMinSize, IsOptional, Length, Matches, Max, Min, ValidateNested } from 'class-validator';
import { Directive, Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import { CentsScalar, DecimalScalar } from '../../kit/scalars';
import { Connection } from '../../kit/pagination';
import { CreateInput, Payload, VersionedInput } from '../../kit/mutations';
import { FundingSource, RenovationCategory, RenovationPhase } from './enums';
import { TransitionType } from '../../kit/workflow';

/** Items of one project: a plan, not a ledger. */
export const MAX_RENOVATION_ITEMS = 30;

@ObjectType({ description: 'One line of a renovation plan (改造内容).' })
export class RenovationItem {
  @Field(() => RenovationCategory, { description: 'Basic, improvement or upgrade work.' })
  category!: RenovationCategory;

  @Field({ description: 'What is done, e.g. "replace rainwater and sewage pipes" (改造内容).' })
  scope!: string;

  @Field(() => DecimalScalar, { description: 'How much (工程量), in `unit`.' })
  quantity!: string;

  @Field({ description: 'The unit of the quantity, e.g. "m", "m²", "set".' })
  unit!: string;

  @Field(() => CentsScalar, { description: 'Estimated cost (预算), in cents.' })
  costCents!: number;

  @Field(() => FundingSource, { description: 'Who pays for it.' })
  fundingSource!: FundingSource;
}

export const RenovationPhaseTransition = TransitionType<RenovationPhase>('RenovationPhaseTransition', RenovationPhase, 'A recorded phase change of a renovation project.');

@Directive('@key(fields: "id")')
@ObjectType({
  description:
    'An old-compound renovation project (老旧小区改造项目): its plan, phase and progress. Any signed-in viewer may read it (a public notice).',
})
export class RenovationProject {
  @Field(() => ID, { description: 'The project\'s id.' })
  id!: string;

  @Field({ description: 'Title, e.g. "阳光花园 2026 renovation".' })
  title!: string;

  @Field(() => [RenovationItem], { description: 'The plan\'s items (1 to 30).' })
  items!: RenovationItem[];

  @Field(() => Int, { description: 'Works done, 0 to 100 % (进度).' })
  progressPercent!: number;

  @Field(() => Int, { description: 'Optimistic-concurrency version: send it as expectedVersion with a change.' })
  version!: number;

  @Field({ description: 'When the project was recorded.' })
  createdAt!: Date;

  @Field({ description: 'When it last changed.' })
  updatedAt!: Date;
}

export const RenovationProjectConnection = Connection(RenovationProject);

@InputType({ description: 'One line of a renovation plan.' })
export class RenovationItemInput {
  @Field(() => RenovationCategory, { description: 'Basic, improvement or upgrade work.' })
  category!: RenovationCategory;

  @Field({ description: 'What is done (1 to 200 characters).' })
  @Length(1, 200)
  scope!: string;

  @Field(() => DecimalScalar, { description: 'How much, a positive decimal, in `unit`.' })
  @Matches(/^\d{1,12}(\.\d{1,3})?$/, { message: 'quantity must be a positive decimal with at most 3 decimals' })
  quantity!: string;

  @Field({ description: 'The unit of the quantity (1 to 16 characters).' })
  @Length(1, 16)
  unit!: string;

  @Field(() => CentsScalar, { description: 'Estimated cost in cents, 0 or more.' })
  @Min(0)
  costCents!: number;

  @Field(() => FundingSource, { description: 'Who pays for it.' })
  fundingSource!: FundingSource;
}

@InputType({ description: 'A new renovation project for a compound.' })
export class CreateRenovationProjectInput extends CreateInput {
  @Field(() => ID, { description: 'The compound (小区) it renovates; NOT_FOUND if community does not know it.' })
  compoundId!: string;

  @Field({ description: 'Title (1 to 100 characters).' })
  @Length(1, 100)
  title!: string;

  @Field(() => [RenovationItemInput], { description: 'The plan\'s items, 1 to 30.' })
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_RENOVATION_ITEMS)
  @ValidateNested({ each: true })
  items!: RenovationItemInput[];
}

@InputType({ description: 'Moves a renovation project to its next phase.' })
export class AdvanceRenovationPhaseInput extends VersionedInput {
  @Field(() => RenovationPhase, { description: 'The next phase; BAD_USER_INPUT naming the allowed one otherwise.' })
  to!: RenovationPhase;

  @Field(() => String, { nullable: true, description: 'Why (up to 500 characters).' })
  @IsOptional()
  @Length(1, 500)
  note?: string;
}

@InputType({ description: 'Records how far the works of a renovation project are.' })
export class UpdateRenovationProgressInput extends VersionedInput {
  @Field(() => Int, { description: 'Works done, 0 to 100 %.' })
  @Min(0)
  @Max(100)
  progressPercent!: number;
}

export const CreateRenovationProjectPayload = Payload(
  'CreateRenovationProjectPayload',
  'renovationProject',
  RenovationProject,
  'The created renovation project, or why not.',
);
export const AdvanceRenovationPhasePayload = Payload(
  'AdvanceRenovationPhasePayload',
  'renovationProject',
  RenovationProject,
  'The renovation project in its new phase, or why not.',
);
export const UpdateRenovationProgressPayload = Payload(
  'UpdateRenovationProgressPayload',
  'renovationProject',
  RenovationProject,
  'The renovation project with its progress, or why not.',
);
