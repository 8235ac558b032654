import { ArrayUnique } from 'class-validator';
import { Directive, Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import { Connection } from '../../kit/pagination';
import { CapabilityLevel, CareNeed, CareTag, LivingArrangement } from './enums';

@ObjectType({ description: 'Someone to call in an emergency (紧急联系人).' })
export class EmergencyContact {
  @Field()
  name!: string;

  @Field({ description: 'e.g. 女儿 (daughter), 邻居 (neighbour), 网格员 (grid worker).' })
  relation!: string;

  @Field()
  phone!: string;
}

@Directive('@key(fields: "id")')
@ObjectType({
  description:
    "An elder's care profile (老年人档案): a resident aged 60 or older. Seen by the elder, the workers of their grid and admins.",
})
export class ElderlyProfile {
  @Field(() => ID)
  id!: string;

  @Field(() => LivingArrangement)
  livingArrangement!: LivingArrangement;

  @Field(() => [CareNeed], { description: 'Services the elder needs (服务需求).' })
  needs!: CareNeed[];

  @Field(() => [CareTag], { description: 'Care-relevant tags, as community recorded them at enrolment.' })
  careTags!: CareTag[];

  @Field(() => [EmergencyContact])
  emergencyContacts!: EmergencyContact[];

  @Field(() => Int, { description: 'Optimistic-concurrency version: pass it back to updateElderlyProfile.' })
  version!: number;

  @Field()
  updatedAt!: Date;

  residentId!: string;
  gridId!: string;
  /** Of the latest assessment, joined when the profile is loaded. */
  latestAssessmentId!: string | null;
  capabilityLevel!: CapabilityLevel | null;
}

@ObjectType()
export class ElderlyProfileConnection extends Connection(ElderlyProfile) {}

@InputType({ description: 'Filters for elders; all given filters must match.' })
export class ElderFilter {
  @Field(() => ID, { nullable: true, description: 'The comprehensive grid (综合网格) the elder lives in.' })
  gridId?: string;

  @Field(() => LivingArrangement, { nullable: true })
  livingArrangement?: LivingArrangement;

  @Field(() => CapabilityLevel, { nullable: true, description: 'The level of the latest assessment.' })
  capabilityLevel?: CapabilityLevel;

  @Field(() => [CareNeed], { nullable: true, description: 'Elders who need all of these.' })
  @ArrayUnique()
  needs?: CareNeed[];
}

@InputType({ description: 'Checked by rules/emergency-contacts.ts.' })
export class EmergencyContactInput {
  @Field({ description: '1 to 50 characters.' })
  name!: string;

  @Field({ description: 'e.g. 女儿; 1 to 20 characters.' })
  relation!: string;

  @Field({ description: 'A mobile number (11 digits) or a landline with its area code.' })
  phone!: string;
}

@InputType({ description: 'Changes to a care profile; omitted fields stay as they are.' })
export class UpdateElderlyProfileInput {
  @Field(() => LivingArrangement, { nullable: true })
  livingArrangement?: LivingArrangement;

  @Field(() => [CareNeed], { nullable: true })
  @ArrayUnique()
  needs?: CareNeed[];

  @Field(() => [EmergencyContactInput], { nullable: true, description: 'Replaces the list; at most 5.' })
  emergencyContacts?: EmergencyContactInput[];
}

@InputType({ description: 'An elder to enrol in elderly care (建立养老服务档案).' })
export class EnrollElderInput {
  @Field(() => ID, { description: 'The resident, 60 or older; their household, grid and tags are copied from community.' })
  residentId!: string;

  @Field(() => LivingArrangement)
  livingArrangement!: LivingArrangement;

  @Field(() => [CareNeed], { nullable: true })
  @ArrayUnique()
  needs?: CareNeed[];

  @Field(() => [EmergencyContactInput], { nullable: true, description: 'At most 5.' })
  emergencyContacts?: EmergencyContactInput[];
}
