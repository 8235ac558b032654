import { ArrayUnique } from 'class-validator';
import { ArgsType, Directive, Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import { CreateInput, Payload, VersionedInput } from '../../kit/mutations';
import { Connection, PageArgs } from '../../kit/pagination';
import { DateScalar, DateTimeScalar } from '../../kit/scalars';
import { CapabilityLevel, CareNeed, CareTag, HomeModificationStatus, LivingArrangement } from './enums';

@ObjectType({ description: 'Someone to call in an emergency (紧急联系人).' })
export class EmergencyContact {
  @Field({ description: 'Their name (姓名).' })
  name!: string;

  @Field({ description: 'How they relate to the elder (关系), e.g. 女儿 (daughter), 邻居 (neighbour), 网格员 (grid worker).' })
  relation!: string;

  @Field({ description: 'A phone number (电话): a mobile number or a landline with its area code.' })
  phone!: string;
}

@Directive('@key(fields: "id")')
@ObjectType({
  description:
    'Elder (老年人): the elderly-care record of a resident aged 60 or older. Seen by the elder, the grid and care workers of their grid and admins; others get FORBIDDEN (UNAUTHENTICATED when not signed in).',
})
export class Elder {
  @Field(() => ID, { description: "The elder record's id (not the resident's)." })
  id!: string;

  @Field(() => LivingArrangement, { description: 'Who the elder lives with (居住状况).' })
  livingArrangement!: LivingArrangement;

  @Field(() => [CareNeed], { description: 'Services the elder needs (服务需求).' })
  needs!: CareNeed[];

  @Field(() => [CareTag], { description: "The resident's care-relevant tags (照护标签), as community records them (kept up to date as they change)." })
  careTags!: CareTag[];

  @Field(() => [EmergencyContact], { description: 'Emergency contacts (紧急联系人), at most 5.' })
  emergencyContacts!: EmergencyContact[];

  @Field(() => Int, { description: 'Optimistic-concurrency version (版本): send it back as updateElder\'s expectedVersion.' })
  version!: number;

  @Field(() => DateTimeScalar, { description: 'When the record last changed.' })
  updatedAt!: Date;

  @Field(() => DateTimeScalar, {
    nullable: true,
    description:
      'When the record closed (档案关闭时间) because the resident left the register (moved away or died); null while open. A closed record keeps its history, leaves the lists and takes no new meal orders.',
  })
  closedAt!: Date | null;

  residentId!: string;
  gridId!: string;
  /** Of the latest assessment, joined when the record is loaded. */
  latestAssessmentId!: string | null;
  capabilityLevel!: CapabilityLevel | null;
}

@ObjectType({ description: 'A page of elders (Relay connection).' })
export class ElderConnection extends Connection(Elder) {}

@InputType({ description: 'Filters for elders (老年人筛选); every filter given must match.' })
export class ElderFilter {
  @Field(() => ID, { nullable: true, description: 'The comprehensive grid (综合网格) the elder lives in.' })
  gridId?: string;

  @Field(() => LivingArrangement, { nullable: true, description: 'Who the elder lives with (居住状况).' })
  livingArrangement?: LivingArrangement;

  @Field(() => CapabilityLevel, { nullable: true, description: 'The level of the latest capability assessment (能力等级).' })
  capabilityLevel?: CapabilityLevel;

  @Field(() => [CareNeed], { nullable: true, description: 'Elders who need all of these services (服务需求).' })
  @ArrayUnique()
  needs?: CareNeed[];
}

@InputType({ description: 'An emergency contact (紧急联系人) as given.' })
export class EmergencyContactInput {
  @Field({ description: 'Their name, 1 to 50 characters.' })
  name!: string;

  @Field({ description: 'How they relate to the elder, 1 to 20 characters, e.g. 女儿.' })
  relation!: string;

  @Field({ description: 'A mobile number (11 digits) or a landline with its area code, e.g. 0571-87654321.' })
  phone!: string;
}

@InputType({ description: "Changes to an elder's record (修改老年人档案); omitted fields stay as they are." })
export class UpdateElderInput extends VersionedInput {
  @Field(() => LivingArrangement, { nullable: true, description: 'Who the elder now lives with.' })
  livingArrangement?: LivingArrangement;

  @Field(() => [CareNeed], { nullable: true, description: 'The services the elder needs: replaces the list.' })
  @ArrayUnique()
  needs?: CareNeed[];

  @Field(() => [EmergencyContactInput], { nullable: true, description: 'The emergency contacts: replaces the list; at most 5.' })
  emergencyContacts?: EmergencyContactInput[];
}

@InputType({ description: 'A resident to enrol in elderly care (建立养老服务档案).' })
export class EnrollElderInput extends CreateInput {
  @Field(() => ID, { description: 'The resident, 60 or older; their household, grid, birth date and tags are copied from community.' })
  residentId!: string;

  @Field(() => LivingArrangement, { description: 'Who the elder lives with (居住状况).' })
  livingArrangement!: LivingArrangement;

  @Field(() => [CareNeed], { nullable: true, description: 'The services the elder needs (服务需求); none if omitted.' })
  @ArrayUnique()
  needs?: CareNeed[];

  @Field(() => [EmergencyContactInput], { nullable: true, description: 'Emergency contacts (紧急联系人), at most 5; none if omitted.' })
  emergencyContacts?: EmergencyContactInput[];
}

export const EnrollElderPayload = Payload('EnrollElderPayload', 'elder', Elder, 'The outcome of enrollElder (建立养老服务档案).');
export const UpdateElderPayload = Payload('UpdateElderPayload', 'elder', Elder, "The outcome of updateElder (修改老年人档案).");

/** A page of an elder's history, within a range of days. */
@ArgsType()
export class HistoryArgs extends PageArgs {
  @Field(() => DateScalar, { nullable: true, description: 'Only what happened on or after this day (UTC); from the start if omitted.' })
  from?: string;

  @Field(() => DateScalar, { nullable: true, description: 'Only what happened on or before this day (UTC); up to now and ahead if omitted.' })
  to?: string;
}

@ArgsType()
export class HomeModificationArgs extends PageArgs {
  @Field(() => HomeModificationStatus, { nullable: true, description: 'Only modifications in this state (改造进度).' })
  status?: HomeModificationStatus;
}
