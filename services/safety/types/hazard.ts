import { ArrayMaxSize, ArrayMinSize, IsIn, IsOptional, Length, ValidateNested } from 'class-validator';
import { Directive, Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import type { CaseSource, CaseStatus, CaseTier } from '../../kit/cases';
import { Connection } from '../../kit/pagination';
import { CreateInput, Payload, UserError, VersionedInput, MutationInput } from '../../kit/mutations';
import { DateScalar } from '../../kit/scalars';
import { HAZARD_REMEDIES, HAZARD_SEVERITIES, HAZARD_TYPES, type HazardRemedy as HazardRemedyValue, type HazardSeverity as HazardSeverityValue, type HazardType as HazardTypeValue } from '../rules/enums';
import { HazardRemedy, HazardSeverity, HazardSource, HazardStatus, HazardTier, HazardType } from './enums';

@ObjectType({ description: "A recorded step of a hazard's case: a transition or a raise to a higher tier." })
export class HazardHistoryEntry {
  @Field(() => HazardStatus, { description: 'The state before.' })
  fromStatus!: CaseStatus;

  @Field(() => HazardStatus, { description: 'The state after (the same for a raise).' })
  toStatus!: CaseStatus;

  @Field(() => HazardTier, { description: 'The tier before.' })
  fromTier!: CaseTier;

  @Field(() => HazardTier, { description: 'The tier after (the same for a transition).' })
  toTier!: CaseTier;

  @Field({ description: 'Who (token subject), or "sweep" for an automatic raise.' })
  actorSub!: string;

  @Field(() => String, { nullable: true, description: 'Why, in words.' })
  note!: string | null;

  @Field({ description: 'When.' })
  at!: Date;
}

@Directive('@key(fields: "id")')
@ObjectType({
  description:
    "A fire hazard found at an inspection (火灾隐患), handled as a case (GB/T 30428). Safety officers, the site's grid workers, admins, and residents of the building it is in see it.",
})
export class Hazard {
  @Field(() => ID, { description: 'The hazard id.' })
  id!: string;

  @Field(() => HazardType, { description: 'What is wrong.' })
  type!: HazardTypeValue;

  @Field(() => HazardSeverity, { description: 'How serious.' })
  severity!: HazardSeverityValue;

  @Field(() => HazardRemedy, { description: 'How it is to be put right.' })
  remedy!: HazardRemedyValue;

  @Field({ description: 'What was found, in words.' })
  description!: string;

  @Field(() => HazardStatus, { description: 'Where its case stands.' })
  status!: CaseStatus;

  @Field(() => HazardTier, { description: 'Who handles it now.' })
  tier!: CaseTier;

  @Field(() => HazardSource, { description: 'Where the report came from.' })
  source!: CaseSource;

  @Field(() => DateScalar, { nullable: true, description: 'The deadline notice (责令限期改正通知书) is due by this day: 3 working days after the inspection. Null when put right on the spot.' })
  noticeDueOn!: string | null;

  @Field(() => DateScalar, { description: 'It must be put right by this day (整改期限).' })
  rectifyBy!: string;

  @Field(() => DateScalar, { description: 'Re-inspection (复查) is due by this day: 3 working days after rectifyBy.' })
  reinspectionDueOn!: string;

  @Field(() => Date, { nullable: true, description: 'When the case must be finished at its current tier.' })
  deadline!: Date | null;

  @Field({ description: 'When it was reported.' })
  reportedAt!: Date;

  @Field(() => Int, { description: 'Optimistic-concurrency version: send it back as expectedVersion.' })
  version!: number;

  inspectionId!: string;
  siteId!: string;
  buildingId!: string | null;
}
export const HazardConnection = Connection(Hazard);

@Directive('@key(fields: "id")')
@ObjectType({ description: "A fire safety inspection of a site (消防检查). Safety officers, the site's grid workers and admins see it." })
export class Inspection {
  @Field(() => ID, { description: 'The inspection id.' })
  id!: string;

  @Field(() => DateScalar, { description: 'The day of the inspection.' })
  inspectedOn!: string;

  @Field({ description: 'Who inspected (token subject).' })
  inspectorSub!: string;

  @Field(() => String, { nullable: true, description: 'What the inspector wrote, in words.' })
  findings!: string | null;

  siteId!: string;
}
export const InspectionConnection = Connection(Inspection);

@InputType({ description: 'Filters inspections.' })
export class InspectionFilter {
  @Field(() => ID, { nullable: true, description: 'Inspections of this site.' })
  siteId?: string;

  @Field(() => DateScalar, { nullable: true, description: 'On or after this day.' })
  from?: string;

  @Field(() => DateScalar, { nullable: true, description: 'On or before this day.' })
  to?: string;
}

@InputType({ description: 'Filters hazards; all given conditions apply.' })
export class HazardFilter {
  @Field(() => HazardStatus, { nullable: true, description: 'In this state.' })
  status?: CaseStatus;

  @Field(() => HazardType, { nullable: true, description: 'Of this type.' })
  type?: HazardTypeValue;

  @Field(() => Boolean, { nullable: true, description: 'true: only those past their deadline and not finished; false: only the others.' })
  isOverdue?: boolean;

  @Field(() => Boolean, { nullable: true, description: 'true: only open ones (not CLOSED or VOIDED); false: only finished ones.' })
  isOpen?: boolean;

  @Field(() => ID, { nullable: true, description: 'At this site.' })
  siteId?: string;
}

@InputType({ description: 'A hazard found at an inspection.' })
export class HazardInput {
  @Field(() => HazardType, { description: 'What is wrong.' })
  @IsIn(HAZARD_TYPES)
  type!: HazardTypeValue;

  @Field(() => HazardSeverity, { description: 'How serious.' })
  @IsIn(HAZARD_SEVERITIES)
  severity!: HazardSeverityValue;

  @Field(() => HazardRemedy, { description: 'How it is to be put right.' })
  @IsIn(HAZARD_REMEDIES)
  remedy!: HazardRemedyValue;

  @Field({ description: 'What was found (1 to 500 characters).' })
  @Length(1, 500)
  description!: string;

  @Field(() => DateScalar, { nullable: true, description: 'For a DEADLINE remedy, required: the day it must be put right by, after the inspection.' })
  @IsOptional()
  rectifyBy?: string;
}

@InputType({ description: 'An inspection of a site with the hazards found.' })
export class RecordInspectionInput extends CreateInput {
  @Field(() => ID, { description: 'The site; NOT_FOUND if unknown.' })
  siteId!: string;

  @Field(() => DateScalar, { description: 'The day of the inspection; not in the future.' })
  inspectedOn!: string;

  @Field(() => String, { nullable: true, description: 'What the inspector wrote (up to 2,000 characters).' })
  @IsOptional()
  @Length(1, 2000)
  findings?: string;

  @Field(() => [HazardInput], { description: 'The hazards found, 0 to 50.' })
  @ArrayMinSize(0)
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  hazards!: HazardInput[];
}
export const RecordInspectionPayload = Payload('RecordInspectionPayload', 'inspection', Inspection, 'The inspection recorded with its hazards, or why not.');

@InputType({ description: "One step of a hazard's case (e.g. ACCEPTED → FILED)." })
export class MoveHazardInput extends VersionedInput {
  @Field(() => HazardStatus, { description: 'The next state: one of allowedTransitions; BAD_USER_INPUT otherwise.' })
  to!: CaseStatus;

  @Field(() => String, { nullable: true, description: 'Why, in words (up to 500 characters).' })
  @IsOptional()
  @Length(1, 500)
  note?: string;
}
export const MoveHazardPayload = Payload('MoveHazardPayload', 'hazard', Hazard, 'The hazard after the step, or why not.');

@InputType({ description: 'Runs the overdue-hazard sweep once.' })
export class RaiseOverdueHazardsInput extends MutationInput {}

@ObjectType({ description: 'What one overdue-hazard sweep did.' })
export class RaiseOverdueHazardsPayload {
  @Field(() => [Hazard], { nullable: true, description: 'The hazards this sweep raised one tier (none when another sweep got there first).' })
  raisedHazards!: Hazard[] | null;

  @Field(() => [UserError], { description: 'Why the sweep did not happen; empty when it did.' })
  userErrors!: UserError[];

  @Field(() => String, { nullable: true, description: 'The clientMutationId of the input, as sent.' })
  clientMutationId!: string | null;
}
