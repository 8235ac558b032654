import { Directive, Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import { ArrayUnique, IsIn, Length, Matches, Max, Min } from 'class-validator';
import { Connection } from '../../kit/pagination';
import { Gender, ResidentTag, type StoredResidentTag } from './enums';
import { residentTag } from '../tables';

@Directive('@key(fields: "id")')
@ObjectType({ description: 'Resident (居民). Phone and ID numbers are masked unless the viewer may see them.' })
export class Resident {
  @Field(() => ID)
  id!: string;

  @Field()
  name!: string;

  @Field(() => Gender)
  gender!: Gender;

  @Field({ description: 'Birth date, YYYY-MM-DD.' })
  birthDate!: string;

  @Field(() => Int, { description: 'Optimistic-concurrency version: pass it back to updateResident.' })
  version!: number;

  householdId!: string;
}

@ObjectType()
export class ResidentConnection extends Connection(Resident) {}

const PHONE = /^1[3-9]\d{9}$/;

@InputType({ description: 'Filters for residents; all given filters must match.' })
export class ResidentFilter {
  @Field(() => ID, { nullable: true })
  gridId?: string;

  @Field(() => ID, { nullable: true })
  communityId?: string;

  @Field(() => ResidentTag, { nullable: true })
  tag?: ResidentTag;

  @Field(() => Int, { nullable: true })
  @Min(0)
  @Max(150)
  minAge?: number;

  @Field(() => Int, { nullable: true })
  @Min(0)
  @Max(150)
  maxAge?: number;

  @Field({ nullable: true })
  @Length(1, 50)
  nameContains?: string;
}

@InputType({ description: 'A new resident to register in a household (户籍/居住登记).' })
export class RegisterResidentInput {
  @Field(() => ID)
  householdId!: string;

  @Field()
  @Length(1, 50)
  name!: string;

  @Field(() => Gender)
  gender!: Gender;

  @Field({ description: 'YYYY-MM-DD; must match the ID number.' })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'birthDate must be YYYY-MM-DD' })
  birthDate!: string;

  @Field({ nullable: true, description: 'Mainland mobile number, 11 digits.' })
  @Matches(PHONE, { message: 'phone must be an 11-digit mobile number' })
  phone?: string;

  @Field({ description: '18-character resident ID number (GB 11643).' })
  idNumber!: string;

  @Field(() => [ResidentTag], { nullable: true, description: 'Recorded tags; ELDERLY is derived and not accepted.' })
  @ArrayUnique()
  @IsIn(residentTag.enumValues, { each: true, message: 'tags may not include ELDERLY: it is derived from age' })
  tags?: StoredResidentTag[];
}

@InputType({ description: 'Changes to a resident; omitted fields stay as they are.' })
export class UpdateResidentInput {
  @Field({ nullable: true })
  @Length(1, 50)
  name?: string;

  @Field({ nullable: true })
  @Matches(PHONE, { message: 'phone must be an 11-digit mobile number' })
  phone?: string;

  @Field(() => ID, { nullable: true, description: 'Move to another household.' })
  householdId?: string;

  @Field(() => [ResidentTag], { nullable: true })
  @ArrayUnique()
  @IsIn(residentTag.enumValues, { each: true, message: 'tags may not include ELDERLY: it is derived from age' })
  tags?: StoredResidentTag[];
}
