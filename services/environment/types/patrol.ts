import { ArrayMaxSize, IsOptional, IsUrl, Length, Max, Min, ValidateNested } from 'class-validator';
import { Directive, Field, Float, ID, InputType, ObjectType } from 'type-graphql';
import { CreateInput, Payload } from '../../kit/mutations';
import { Connection } from '../../kit/pagination';
import { DateTimeScalar } from '../../kit/scalars';
import { EnvironmentIssueCategory } from './enums';

/** Findings one patrol may record. */
export const MAX_FINDINGS = 20;
/** Photos one issue may carry. */
export const MAX_PHOTOS = 9;

@Directive('@key(fields: "id")')
@ObjectType({ description: 'A river patrol (巡河) of one segment, by its chief or a grid worker, with what was found. Seen by grid workers, environment officers and admins.' })
export class RiverPatrol {
  @Field(() => ID, { description: "The patrol's id." })
  id!: string;

  @Field(() => DateTimeScalar, { description: 'When the patrol began (开始时间).' })
  startedAt!: Date;

  @Field(() => DateTimeScalar, { description: 'When it ended (结束时间).' })
  endedAt!: Date;

  @Field({ description: 'The patrol record as written (巡河情况), e.g. "水面漂浮物轻微，岸边有少量垃圾堆放，未发现排污口".' })
  summary!: string;

  segmentId!: string;
  chiefId!: string | null;
  patrollerWorkerId!: string | null;
}

@ObjectType({ description: 'A page of river patrols (Relay connection).' })
export class RiverPatrolConnection extends Connection(RiverPatrol) {}

/** Where an issue is, as reported: shared by a report and a patrol's finding. */
@InputType({ description: 'Not used alone: where and what an environment issue is.' })
export abstract class IssueFacts {
  @Field(() => EnvironmentIssueCategory, { description: 'What it is about (类别).' })
  category!: EnvironmentIssueCategory;

  @Field({ description: 'What was seen, 1 to 1000 characters (问题描述).' })
  @Length(1, 1000)
  description!: string;

  @Field({ nullable: true, description: 'Where, in words, 1 to 200 characters (位置): an address or a landmark. For a finding, the segment\'s name if omitted.' })
  @IsOptional()
  @Length(1, 200)
  address?: string;

  @Field(() => Float, { nullable: true, description: 'Latitude (纬度, WGS-84), −90 to 90; give it with longitude.' })
  @IsOptional()
  @Min(-90)
  @Max(90)
  latitude?: number;

  @Field(() => Float, { nullable: true, description: 'Longitude (经度, WGS-84), −180 to 180; give it with latitude.' })
  @IsOptional()
  @Min(-180)
  @Max(180)
  longitude?: number;

  @Field(() => [String], { nullable: true, description: `Photos (照片) as http(s) URLs, at most ${MAX_PHOTOS}.` })
  @IsOptional()
  @ArrayMaxSize(MAX_PHOTOS)
  @IsUrl({ protocols: ['http', 'https'], require_protocol: true, require_tld: false }, { each: true })
  photoUrls?: string[];
}

@InputType({ description: 'One thing found on a patrol (巡河发现): it opens an environment issue with source PATROL.' })
export class PatrolFindingInput extends IssueFacts {}

@InputType({ description: 'A river patrol as recorded (巡河记录).' })
export class RecordRiverPatrolInput extends CreateInput {
  @Field(() => ID, { description: 'The segment patrolled (NOT_FOUND if it does not exist).' })
  segmentId!: string;

  @Field(() => ID, { nullable: true, description: 'The river chief who patrolled (NOT_FOUND if not a chief); give it, the patroller, or both.' })
  @IsOptional()
  chiefId?: string;

  @Field(() => ID, { nullable: true, description: 'The grid worker who patrolled, e.g. a micro-grid liaison (微网格员): a worker of the segment\'s grid (checked with community); a grid worker may name only themselves.' })
  @IsOptional()
  patrollerId?: string;

  @Field(() => DateTimeScalar, { description: 'When the patrol began; not in the future.' })
  startedAt!: Date;

  @Field(() => DateTimeScalar, { description: 'When it ended; not before it began, not in the future.' })
  endedAt!: Date;

  @Field({ description: 'The patrol record, 1 to 1000 characters (巡河情况).' })
  @Length(1, 1000)
  summary!: string;

  @Field(() => [PatrolFindingInput], { defaultValue: [], description: `What was found, 0 to ${MAX_FINDINGS} findings; each opens an issue.` })
  @ArrayMaxSize(MAX_FINDINGS)
  @ValidateNested({ each: true })
  findings!: PatrolFindingInput[];
}

export const RecordRiverPatrolPayload = Payload('RecordRiverPatrolPayload', 'patrol', RiverPatrol, 'The outcome of recordRiverPatrol (巡河记录).');
