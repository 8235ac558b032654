import { ArrayUnique, IsOptional, Length } from 'class-validator';
import { Directive, Field, ID, InputType, ObjectType } from 'type-graphql';
import { CreateInput, Payload } from '../../kit/mutations';
import { Connection } from '../../kit/pagination';
import { DateTimeScalar } from '../../kit/scalars';
import { CareNeed, VisitKind } from './enums';

@Directive('@key(fields: "id")')
@ObjectType({ description: "Care visit (探访) to an elder by a grid worker. Seen as the elder's record is." })
export class CareVisit {
  @Field(() => ID, { description: "The visit's id." })
  id!: string;

  @Field(() => VisitKind, { description: 'Why the visit was made (探访类型).' })
  kind!: VisitKind;

  @Field(() => DateTimeScalar, { description: 'When the visit took place (探访时间).' })
  visitedAt!: Date;

  /** Resolved (and audited) by CareVisitResolver.findings. */
  findings!: string | null;

  @Field(() => [CareNeed], { description: "Needs found on the visit; added to the elder's needs." })
  newNeeds!: CareNeed[];

  profileId!: string;
  visitorId!: string;
}

@ObjectType({ description: 'A page of care visits (Relay connection).' })
export class CareVisitConnection extends Connection(CareVisit) {}

@InputType({ description: 'A care visit (探访) as the visitor reports it.' })
export class RecordCareVisitInput extends CreateInput {
  @Field(() => ID, { description: 'The resident visited; they must be enrolled in elderly care (else NOT_FOUND).' })
  residentId!: string;

  @Field(() => ID, {
    nullable: true,
    description: "The grid worker (网格员) who visited: the caller's own id (or omit it); an admin names the worker they record for.",
  })
  @IsOptional()
  @Length(1, 64)
  visitorId?: string;

  @Field(() => VisitKind, { description: 'Why the visit was made (探访类型).' })
  kind!: VisitKind;

  @Field(() => DateTimeScalar, { nullable: true, description: 'When it took place; now if omitted; never in the future (else BAD_USER_INPUT).' })
  visitedAt?: Date;

  @Field({ nullable: true, description: 'What the visitor found (探访情况), 1 to 2000 characters.' })
  @Length(1, 2000)
  findings?: string;

  @Field(() => [CareNeed], { nullable: true, description: "Needs found on the visit; added to the elder's needs." })
  @ArrayUnique()
  newNeeds?: CareNeed[];
}

export const RecordCareVisitPayload = Payload('RecordCareVisitPayload', 'visit', CareVisit, 'The outcome of recordCareVisit (记录探访).');
