import { IsOptional, Length } from 'class-validator';
import { ArgsType, Directive, Field, Float, ID, InputType, Int, ObjectType } from 'type-graphql';
import { Payload, VersionedInput } from '../../kit/mutations';
import { Connection, PageArgs } from '../../kit/pagination';
import { DateTimeScalar } from '../../kit/scalars';
import {
  EnvironmentIssueCategory,
  EnvironmentIssueEventKind,
  EnvironmentIssueSource,
  EnvironmentIssueStatus,
  EnvironmentIssueTier,
} from './enums';
import { IssueFacts } from './patrol';

@Directive('@key(fields: "id")')
@ObjectType({
  description:
    'An environment issue (环境问题): a case on the digital city management workflow (GB/T 30428), handled in its grid and raised when overdue. Seen by its reporter (a resident), the grid workers of its grid, environment officers and admins.',
})
export class EnvironmentIssue {
  @Field(() => ID, { description: "The issue's id; also its Open311 service_request_id." })
  id!: string;

  @Field(() => EnvironmentIssueCategory, { description: 'What it is about (类别).' })
  category!: EnvironmentIssueCategory;

  @Field({ description: 'What was seen (问题描述).' })
  description!: string;

  @Field({ description: 'Where, in words (位置).' })
  address!: string;

  @Field(() => Float, { nullable: true, description: 'Latitude (纬度, WGS-84), when known.' })
  latitude!: number | null;

  @Field(() => Float, { nullable: true, description: 'Longitude (经度, WGS-84), when known.' })
  longitude!: number | null;

  @Field(() => [String], { description: 'Photos (照片), as URLs.' })
  photoUrls!: string[];

  @Field(() => EnvironmentIssueStatus, { description: 'Where the issue is in the case workflow (案件状态).' })
  status!: EnvironmentIssueStatus;

  @Field(() => EnvironmentIssueTier, { description: 'Who is accountable for it now (处置层级).' })
  tier!: EnvironmentIssueTier;

  @Field(() => EnvironmentIssueSource, { description: 'Where it came from (案件来源).' })
  source!: EnvironmentIssueSource;

  @Field(() => DateTimeScalar, {
    nullable: true,
    description: "When it must be finished at its current tier (处置时限): the category's deadline (local rule) from the report or the last raise.",
  })
  deadline!: Date | null;

  @Field(() => Int, { description: 'Optimistic-concurrency version (版本): send it back as expectedVersion.' })
  version!: number;

  @Field(() => DateTimeScalar, { description: 'When it was reported (上报时间).' })
  reportedAt!: Date;

  @Field(() => DateTimeScalar, { description: 'When its status last changed.' })
  updatedAt!: Date;

  gridId!: string;
  reporterResidentId!: string | null;
  reporterWorkerId!: string | null;
  handlerWorkerId!: string | null;
  patrolId!: string | null;
  segmentId!: string | null;
}

@ObjectType({ description: 'A page of environment issues (Relay connection).' })
export class EnvironmentIssueConnection extends Connection(EnvironmentIssue) {}

@ObjectType({ description: "An entry of an issue's history (流转记录): a status change or a raise, with who, when and why." })
export class EnvironmentIssueEvent {
  @Field(() => EnvironmentIssueEventKind, { description: 'A status change or a raise.' })
  kind!: EnvironmentIssueEventKind;

  @Field(() => EnvironmentIssueStatus, { description: 'The status before.' })
  fromStatus!: EnvironmentIssueStatus;

  @Field(() => EnvironmentIssueStatus, { description: 'The status after (the same as before for a raise).' })
  toStatus!: EnvironmentIssueStatus;

  @Field(() => EnvironmentIssueTier, { description: 'The tier before.' })
  fromTier!: EnvironmentIssueTier;

  @Field(() => EnvironmentIssueTier, { description: 'The tier after (the same as before for a status change).' })
  toTier!: EnvironmentIssueTier;

  @Field({ description: 'Who did it: their signed-in identity, or "sweep" for a raise because the issue was overdue.' })
  actorSub!: string;

  @Field(() => String, { nullable: true, description: 'Why, as written (备注).' })
  note!: string | null;

  @Field(() => DateTimeScalar, { description: 'When.' })
  at!: Date;
}

@InputType({ description: 'Which environment issues to list; every condition given must hold.' })
export class EnvironmentIssueFilter {
  @Field(() => ID, { nullable: true, description: 'Issues of this grid (网格).' })
  gridId?: string;

  @Field(() => EnvironmentIssueCategory, { nullable: true, description: 'Issues of this category.' })
  category?: EnvironmentIssueCategory;

  @Field(() => EnvironmentIssueStatus, { nullable: true, description: 'Issues in this status.' })
  status?: EnvironmentIssueStatus;

  @Field({ nullable: true, description: 'true: only overdue issues (open past their deadline); false: only the others.' })
  isOverdue?: boolean;

  @Field(() => EnvironmentIssueTier, { nullable: true, description: 'Issues handled at this tier.' })
  tier?: EnvironmentIssueTier;
}

@ArgsType()
export class GridIssuesArgs extends PageArgs {
  @Field(() => EnvironmentIssueStatus, { nullable: true, description: 'Only issues in this status.' })
  status?: EnvironmentIssueStatus;

  @Field({ nullable: true, description: 'true: only overdue issues (open past their deadline); false: only the others.' })
  isOverdue?: boolean;

  @Field({ nullable: true, description: 'true: only open issues (not CLOSED or VOIDED); false: only finished ones.' })
  isOpen?: boolean;
}

@InputType({ description: 'An environment issue as reported (环境问题上报).' })
export class ReportEnvironmentIssueInput extends IssueFacts {
  @Field(() => ID, { nullable: true, description: "The grid (网格) where it is; the reporting resident's own grid if omitted." })
  @IsOptional()
  gridId?: string;

  @Field(() => EnvironmentIssueSource, {
    nullable: true,
    description: 'Where it came from; residents report as RESIDENT, grid workers as GRID_WORKER by default; PATROL only through recordRiverPatrol.',
  })
  @IsOptional()
  source?: EnvironmentIssueSource;

  @Field(() => ID, { nullable: true, description: 'The grid worker (网格员) who found it, when staff report on their behalf.' })
  @IsOptional()
  reportingWorkerId?: string;

  // The facts are shared with a patrol's findings, so the create input's two fields are declared here.
  @Field(() => String, { nullable: true, description: 'A unique key you choose for this report (e.g. a UUID, up to 64 characters), to send again with a retry.' })
  @IsOptional()
  @Length(1, 64)
  idempotencyKey?: string;

  @Field(() => String, { nullable: true, description: 'Any string of yours (up to 64 characters), echoed back in the payload.' })
  @IsOptional()
  @Length(1, 64)
  clientMutationId?: string;
}

@InputType({ description: 'One step of an environment issue along the case workflow (案件流转).' })
export class TransitionEnvironmentIssueInput extends VersionedInput {
  @Field(() => EnvironmentIssueStatus, { description: "The status to move to: one of the issue's allowedTransitions." })
  to!: EnvironmentIssueStatus;

  @Field({ nullable: true, description: 'Why, 1 to 500 characters (备注); kept in the history.' })
  @IsOptional()
  @Length(1, 500)
  note?: string;

  @Field(() => ID, {
    nullable: true,
    description: 'The grid worker (网格员) to handle it: only with to DISPATCHED, where it is required unless the issue already has a handler (a rework goes back to them).',
  })
  @IsOptional()
  handlerId?: string;
}

@InputType({ description: 'A raise of an environment issue to the tier above (案件升级), beyond the grid\'s authority.' })
export class RaiseEnvironmentIssueInput extends VersionedInput {
  @Field({ description: 'Why, 1 to 500 characters (升级理由); kept in the history.' })
  @Length(1, 500)
  note!: string;
}

export const ReportEnvironmentIssuePayload = Payload(
  'ReportEnvironmentIssuePayload',
  'issue',
  EnvironmentIssue,
  'The outcome of reportEnvironmentIssue (环境问题上报).',
);
export const TransitionEnvironmentIssuePayload = Payload(
  'TransitionEnvironmentIssuePayload',
  'issue',
  EnvironmentIssue,
  'The outcome of transitionEnvironmentIssue (案件流转).',
);
export const RaiseEnvironmentIssuePayload = Payload(
  'RaiseEnvironmentIssuePayload',
  'issue',
  EnvironmentIssue,
  'The outcome of raiseEnvironmentIssue (案件升级).',
);
