import { Directive, Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import { ArrayUnique, IsIn, IsOptional, Length, Matches, Max, Min } from 'class-validator';
import { CreateInput, Payload, VersionedInput } from '../../kit/mutations';
import { Connection } from '../../kit/pagination';
import { DateScalar, DateTimeScalar } from '../../kit/scalars';
import { residentTag } from '../tables';
import { DeregistrationReason, Gender, ResidentTag, type StoredResidentTag } from './enums';

@Directive('@key(fields: "id")')
@ObjectType({
  description:
    'Resident (居民). Visible to admins and officers, to the resident and their household, and to the workers of their grid; ' +
    'others get null, as for a resident that does not exist. Birth date, phone and ID number only in full to those who need them (docs/access.md).',
})
export class Resident {
  @Field(() => ID, { description: 'Opaque identifier of the resident.' })
  id!: string;

  @Field({ description: 'Full name (姓名).' })
  name!: string;

  @Field(() => Gender, { description: 'Gender (性别).' })
  gender!: Gender;

  birthDate!: string;

  @Field(() => Int, { description: 'Version (版本) of the record: send it back as expectedVersion to updateResident, moveResident or deregisterResident.' })
  version!: number;

  @Field(() => DateTimeScalar, {
    nullable: true,
    description: 'When the resident left the register (注销时间); null while registered. Deregistered residents no longer appear in lists; their record stays.',
  })
  deregisteredAt!: Date | null;

  @Field(() => DeregistrationReason, { nullable: true, description: 'Why the resident left the register (注销原因); null while registered.' })
  deregistrationReason!: DeregistrationReason | null;

  householdId!: string;
}

/** Residents, a page at a time. */
export const ResidentConnection = Connection(Resident);

const PHONE = /^1[3-9]\d{9}$/;
const PHONE_MESSAGE = 'phone must be an 11-digit mobile number';
const DERIVED_TAG_MESSAGE = 'tags may not include ELDERLY: it is derived from age';

@InputType({ description: 'Filters for residents (居民筛选); all given filters must match.' })
export class ResidentFilter {
  @Field(() => ID, { nullable: true, description: 'Only residents of this comprehensive grid (综合网格).' })
  gridId?: string;

  @Field(() => ID, { nullable: true, description: 'Only residents of this community (社区).' })
  communityId?: string;

  @Field(() => ResidentTag, { nullable: true, description: 'Only residents with this tag (居民标签); ELDERLY means aged 60 or older.' })
  tag?: ResidentTag;

  @Field(() => Int, { nullable: true, description: 'Only residents at least this old (最小年龄), 0 to 150.' })
  @Min(0)
  @Max(150)
  minAge?: number;

  @Field(() => Int, { nullable: true, description: 'Only residents at most this old (最大年龄), 0 to 150; not below minAge.' })
  @Min(0)
  @Max(150)
  maxAge?: number;

  @Field({ nullable: true, description: 'Only residents whose name contains this text (姓名包含), 1 to 50 characters.' })
  @Length(1, 50)
  nameContains?: string;
}

@InputType({ description: 'A new resident to register in a household (居民登记).' })
export class RegisterResidentInput extends CreateInput {
  @Field(() => ID, { description: 'The household (户) the resident lives in; NOT_FOUND if it does not exist.' })
  householdId!: string;

  @Field({ description: 'Full name (姓名), 1 to 50 characters.' })
  @Length(1, 50)
  name!: string;

  @Field(() => Gender, { description: 'Gender (性别).' })
  gender!: Gender;

  @Field(() => DateScalar, { description: 'Birth date (出生日期); must match the ID number and not be in the future (else BAD_USER_INPUT).' })
  birthDate!: string;

  @Field({ nullable: true, description: 'Mainland mobile number (手机号), 11 digits.' })
  @IsOptional()
  @Matches(PHONE, { message: PHONE_MESSAGE })
  phone?: string;

  @Field({
    description:
      '18-character resident ID number (身份证号, GB 11643) with a valid check character and the birth date in it (else BAD_USER_INPUT); ' +
      'CONFLICT if already registered.',
  })
  idNumber!: string;

  @Field(() => [ResidentTag], { nullable: true, description: 'Recorded tags (居民标签); ELDERLY is derived from age and not accepted.' })
  @IsOptional()
  @ArrayUnique()
  @IsIn(residentTag.enumValues, { each: true, message: DERIVED_TAG_MESSAGE })
  tags?: StoredResidentTag[];
}

@InputType({ description: 'Changes to a resident (居民信息变更); omitted fields stay as they are.' })
export class UpdateResidentInput extends VersionedInput {
  @Field(() => String, { nullable: true, description: 'New full name (姓名), 1 to 50 characters.' })
  @IsOptional()
  @Length(1, 50)
  name?: string | null;

  @Field(() => String, { nullable: true, description: 'New mainland mobile number (手机号), 11 digits; null removes it.' })
  @IsOptional()
  @Matches(PHONE, { message: PHONE_MESSAGE })
  phone?: string | null;

  @Field(() => ID, {
    nullable: true,
    description:
      'Move to another household (迁户), exactly as moveResident does; NOT_FOUND if it does not exist, FORBIDDEN unless you may edit it too. Prefer moveResident.',
  })
  householdId?: string | null;

  @Field(() => [ResidentTag], { nullable: true, description: 'The recorded tags (居民标签), replacing the current ones; ELDERLY is derived and not accepted.' })
  @IsOptional()
  @ArrayUnique()
  @IsIn(residentTag.enumValues, { each: true, message: DERIVED_TAG_MESSAGE })
  tags?: StoredResidentTag[] | null;
}

export const RegisterResidentPayload = Payload(
  'RegisterResidentPayload',
  'resident',
  Resident,
  'The outcome of registerResident: the new resident, or userErrors (BAD_USER_INPUT, CONFLICT, NOT_FOUND).',
);

export const UpdateResidentPayload = Payload(
  'UpdateResidentPayload',
  'resident',
  Resident,
  'The outcome of updateResident: the resident as changed, or userErrors (CONFLICT with currentVersion, NOT_FOUND).',
);

@InputType({ description: 'A resident moving to another household (迁户).' })
export class MoveResidentInput extends VersionedInput {
  @Field(() => ID, {
    description: 'The household (户) they move to; NOT_FOUND if it does not exist, FORBIDDEN unless you may edit it too, BAD_USER_INPUT if it is their household already.',
  })
  householdId!: string;
}

export const MoveResidentPayload = Payload(
  'MoveResidentPayload',
  'resident',
  Resident,
  'The outcome of moveResident: the resident in their new household, or userErrors (BAD_USER_INPUT, CONFLICT with currentVersion, NOT_FOUND).',
);

@InputType({ description: 'A resident leaving the register (居民注销).' })
export class DeregisterResidentInput extends VersionedInput {
  @Field(() => DeregistrationReason, { description: 'Why they leave (注销原因).' })
  reason!: DeregistrationReason;
}

export const DeregisterResidentPayload = Payload(
  'DeregisterResidentPayload',
  'resident',
  Resident,
  'The outcome of deregisterResident: the resident as deregistered, or userErrors (BAD_USER_INPUT when already deregistered, CONFLICT with currentVersion, NOT_FOUND).',
);
