import { ArrayUnique, Length } from 'class-validator';
import { Directive, Field, ID, InputType, ObjectType } from 'type-graphql';
import { CareNeed, VisitKind } from './enums';

@Directive('@key(fields: "id")')
@ObjectType({ description: 'Care visit (探访) to an elder by a grid worker.' })
export class CareVisit {
  @Field(() => ID)
  id!: string;

  @Field(() => VisitKind)
  kind!: VisitKind;

  @Field()
  visitedAt!: Date;

  @Field(() => String, { nullable: true, description: 'What the visitor found (探访情况).' })
  findings!: string | null;

  @Field(() => [CareNeed], { description: 'Needs found on the visit; added to the profile.' })
  newNeeds!: CareNeed[];

  profileId!: string;
  visitorId!: string;
}

@InputType({ description: 'A visit as the visitor reports it.' })
export class RecordCareVisitInput {
  @Field(() => ID)
  residentId!: string;

  @Field(() => ID, { description: 'The grid worker (网格员) who visited.' })
  @Length(1, 64)
  visitorId!: string;

  @Field(() => VisitKind)
  kind!: VisitKind;

  @Field({ nullable: true, description: 'Now if omitted; never in the future.' })
  visitedAt?: Date;

  @Field({ nullable: true })
  @Length(1, 2000)
  findings?: string;

  @Field(() => [CareNeed], { nullable: true })
  @ArrayUnique()
  newNeeds?: CareNeed[];
}
