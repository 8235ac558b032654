import { ArrayMaxSize, IsOptional, Length, Max, Min, ValidateNested } from 'class-validator';
import { Directive, Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import { CentsScalar, DecimalScalar } from '../../kit/scalars';
import { Connection } from '../../kit/pagination';
import { CreateInput, MutationInput, Payload, VersionedInput } from '../../kit/mutations';
import { ConsentStatus, RetrofitPhase, VoteChoice, VoteMethod } from './enums';
import { TransitionType } from '../../kit/workflow';

/** Members of a preparation group: a handful of owners. */
export const MAX_PREPARATION_GROUP = 15;

@ObjectType({ description: 'A member of the preparation group (加装电梯筹备组) that proposes and runs a retrofit.' })
export class PreparationGroupMember {
  @Field({ description: 'The member\'s name.' })
  name!: string;

  @Field(() => ID, { nullable: true, description: 'The member\'s household in the building, when an owner there.' })
  householdId!: string | null;

  @Field({ description: 'Their part, e.g. "组长" (leader), "联络人" (contact).' })
  role!: string;
}

export const RetrofitPhaseTransition = TransitionType<RetrofitPhase>('RetrofitPhaseTransition', RetrofitPhase, 'A recorded phase change of an elevator retrofit.');

@Directive('@key(fields: "id")')
@ObjectType({
  description:
    'A household\'s vote (表决票) on a retrofit\'s consent: one per household, replaced by a re-vote until the consent closes. A resident sees only their own household\'s; housing officers and admins see all.',
})
export class ConsentVote {
  @Field(() => VoteChoice, { description: 'Agree, disagree or abstain.' })
  choice!: VoteChoice;

  @Field(() => VoteMethod, { description: 'Online by a resident, or a written or meeting ballot recorded by a housing officer.' })
  method!: VoteMethod;

  @Field(() => Int, { description: '1 for a first vote; each re-vote adds 1 (every earlier one is kept on record).' })
  revision!: number;

  @Field({ description: 'When this vote was cast.' })
  castAt!: Date;
}

export const ConsentVoteConnection = Connection(ConsentVote);

@ObjectType({
  description:
    'The owners\' consent (业主表决) to a retrofit, Civil Code art. 278: quorum when the participating households hold ≥ 2/3 of the floor area AND are ≥ 2/3 of the households; approved when ≥ 3/4 of the participating area AND ≥ 3/4 of the participating households agree. Counted over the eligible roll fixed when it opened. Shares are shown rounded down to 4 decimals; quorumMet and approved are decided on the exact counts and areas.',
})
export class Consent {
  @Field(() => ConsentStatus, { description: 'Open for votes, or closed and counted.' })
  status!: ConsentStatus;

  @Field(() => [ConsentStatus], { description: 'The states it may move to next (empty once CLOSED).' })
  allowedTransitions!: ConsentStatus[];

  @Field({ description: 'When it opened and the roll was fixed.' })
  openedAt!: Date;

  @Field(() => Date, { nullable: true, description: 'When it closed; null while open.' })
  closedAt!: Date | null;

  @Field(() => Int, { description: 'Households on the roll (有表决权的户数).' })
  eligibleHouseholds!: number;

  @Field(() => DecimalScalar, { description: 'Their floor area in m² (专有部分面积).' })
  eligibleAreaM2!: string;

  @Field(() => Int, { description: 'Households that voted, abstentions included (参与表决户数).' })
  participatingHouseholds!: number;

  @Field(() => DecimalScalar, { description: 'Their floor area in m².' })
  participatingAreaM2!: string;

  @Field(() => Int, { description: 'Households that agree (同意户数).' })
  agreeingHouseholds!: number;

  @Field(() => DecimalScalar, { description: 'Their floor area in m².' })
  agreeingAreaM2!: string;

  @Field(() => DecimalScalar, { description: 'Participating area over the eligible area.' })
  participatingAreaShare!: string;

  @Field(() => DecimalScalar, { description: 'Participating households over the eligible households.' })
  participatingHouseholdShare!: string;

  @Field(() => DecimalScalar, { description: 'Agreeing area over the participating area.' })
  agreeingAreaShare!: string;

  @Field(() => DecimalScalar, { description: 'Agreeing households over the participating households.' })
  agreeingHouseholdShare!: string;

  @Field(() => DecimalScalar, { description: 'The smaller of the two participation shares: the quorum needs it ≥ 2/3.' })
  participationShare!: string;

  @Field(() => DecimalScalar, { description: 'The smaller of the two agreement shares: approval needs it ≥ 3/4.' })
  agreedShare!: string;

  @Field({ description: 'Whether the quorum (2/3 of the area and of the households) is met, exactly.' })
  quorumMet!: boolean;

  @Field({ description: 'Whether the retrofit is approved (quorum, then 3/4 of the participating area and households agree), exactly.' })
  approved!: boolean;
}

@ObjectType({ description: 'What one household pays towards the lift (分摊费用), by floor coefficient and floor area.' })
export class CostShare {
  @Field(() => ID, { description: 'The household (户).' })
  householdId!: string;

  @Field(() => Int, { description: 'Its floor.' })
  floor!: number;

  @Field(() => DecimalScalar, { description: 'Its floor area in m², as on the roll.' })
  areaM2!: string;

  @Field(() => DecimalScalar, { description: 'The floor\'s coefficient (楼层系数, local rule); 0 on floors 1–2.' })
  floorCoefficient!: string;

  @Field(() => CentsScalar, { description: 'Its share in cents; the shares add up to what the residents pay, to the cent.' })
  shareCents!: number;
}

@Directive('@key(fields: "id")')
@ObjectType({
  description:
    'Adding a lift to a walk-up (既有住宅加装电梯), per building or stairwell unit. Housing officers and admins see every one; grid workers those of their grids\' buildings; residents their own building\'s.',
})
export class ElevatorRetrofit {
  @Field(() => ID, { description: 'The retrofit\'s id.' })
  id!: string;

  @Field(() => [PreparationGroupMember], { description: 'The preparation group (筹备组).' })
  preparationGroup!: PreparationGroupMember[];

  @Field(() => CentsScalar, { description: 'Estimated total cost, in cents.' })
  totalCostCents!: number;

  @Field(() => Int, { description: 'Optimistic-concurrency version: send it as expectedVersion with a change.' })
  version!: number;

  @Field({ description: 'When it was proposed.' })
  createdAt!: Date;
}

export const ElevatorRetrofitConnection = Connection(ElevatorRetrofit);

@InputType({ description: 'A member of a preparation group.' })
export class PreparationGroupMemberInput {
  @Field({ description: 'Name (1 to 40 characters).' })
  @Length(1, 40)
  name!: string;

  @Field(() => ID, { nullable: true, description: 'Their household in the building, if any.' })
  @IsOptional()
  householdId?: string;

  @Field({ description: 'Their part (1 to 20 characters).' })
  @Length(1, 20)
  role!: string;
}

@InputType({ description: 'A proposal to add a lift to a building or one of its stairwell units.' })
export class ProposeElevatorRetrofitInput extends CreateInput {
  @Field(() => ID, { description: 'The building (楼栋); NOT_FOUND if community does not know it.' })
  buildingId!: string;

  @Field(() => Int, { nullable: true, description: 'The stairwell unit the lift serves; omit for the whole building.' })
  @IsOptional()
  @Min(1)
  @Max(99)
  stairwellUnit?: number;

  @Field(() => CentsScalar, { description: 'Estimated total cost in cents.' })
  @Min(0)
  totalCostCents!: number;

  @Field(() => CentsScalar, { description: 'Government subsidy in cents (0 or more).' })
  @Min(0)
  governmentSubsidyCents!: number;

  @Field(() => [PreparationGroupMemberInput], { description: 'The preparation group, up to 15 members.' })
  @ArrayMaxSize(MAX_PREPARATION_GROUP)
  @ValidateNested({ each: true })
  preparationGroup!: PreparationGroupMemberInput[];
}

@InputType({ description: 'Opens the consent of a PROPOSED retrofit, fixing the eligible roll from community\'s households.' })
export class OpenConsentInput extends VersionedInput {}

@InputType({ description: 'Closes a retrofit\'s consent and counts it: the retrofit becomes PUBLICIZED if approved, REJECTED if not.' })
export class CloseConsentInput extends VersionedInput {}

@InputType({ description: 'A household\'s vote on a retrofit\'s open consent; a re-vote replaces the earlier one.' })
export class CastConsentVoteInput extends MutationInput {
  @Field(() => ID, { description: 'The retrofit; NOT_FOUND if it does not exist.' })
  retrofitId!: string;

  @Field(() => ID, { description: 'The household voting; BAD_USER_INPUT if it is not on the roll.' })
  householdId!: string;

  @Field(() => VoteChoice, { description: 'Agree, disagree or abstain.' })
  choice!: VoteChoice;

  @Field(() => VoteMethod, {
    nullable: true,
    description: 'ONLINE for a resident (the default for them); WRITTEN (the default) or MEETING for a ballot a housing officer records.',
  })
  method?: VoteMethod;
}

@InputType({ description: 'Moves a retrofit to its next phase after the consent (design onwards).' })
export class AdvanceRetrofitPhaseInput extends VersionedInput {
  @Field(() => RetrofitPhase, { description: 'The next phase; consent phases move only by opening and closing the consent.' })
  to!: RetrofitPhase;

  @Field(() => String, { nullable: true, description: 'Why (up to 500 characters).' })
  @IsOptional()
  @Length(1, 500)
  note?: string;
}

export const ProposeElevatorRetrofitPayload = Payload('ProposeElevatorRetrofitPayload', 'elevatorRetrofit', ElevatorRetrofit, 'The proposed retrofit, or why not.');
export const OpenConsentPayload = Payload('OpenConsentPayload', 'elevatorRetrofit', ElevatorRetrofit, 'The retrofit collecting consent, or why not.');
export const CloseConsentPayload = Payload('CloseConsentPayload', 'elevatorRetrofit', ElevatorRetrofit, 'The retrofit with its counted consent, or why not.');
export const AdvanceRetrofitPhasePayload = Payload('AdvanceRetrofitPhasePayload', 'elevatorRetrofit', ElevatorRetrofit, 'The retrofit in its new phase, or why not.');
export const CastConsentVotePayload = Payload('CastConsentVotePayload', 'consentVote', ConsentVote, 'The household\'s vote as now counted, or why not.');
