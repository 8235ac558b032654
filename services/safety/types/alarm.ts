import { IsIn, IsOptional, Length } from 'class-validator';
import { Directive, Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import { Connection } from '../../kit/pagination';
import { MutationInput, Payload, UserError, VersionedInput } from '../../kit/mutations';
import { ALARM_KINDS, EMERGENCY_SERVICES, type AlarmKind, type AlarmStatus as AlarmStatusValue, type EmergencyService as EmergencyServiceValue } from '../rules/enums';
import { AlarmKind as AlarmKindEnum, AlarmStatus, EmergencyService } from './enums';
import { TransitionType } from '../../kit/workflow';

export const AlarmTransition = TransitionType<AlarmStatusValue>('AlarmTransition', AlarmStatus, "A recorded step of an alarm's handling: who, when, from which state to which.");

@Directive('@key(fields: "id")')
@ObjectType({
  description:
    "An alarm (报警) from a home device or an SOS: RAISED → ACKNOWLEDGED → DISPATCHED → RESOLVED, or FALSE_ALARM or ESCALATED. Its household, its grid's workers, safety officers and admins see it.",
})
export class Alarm {
  @Field(() => ID, { description: 'The alarm id.' })
  id!: string;

  @Field(() => AlarmKindEnum, { description: 'What set it off.' })
  kind!: AlarmKind;

  @Field(() => AlarmStatus, { description: 'Where it stands.' })
  status!: AlarmStatusValue;

  @Field({ description: 'When it was raised (报警时间).' })
  raisedAt!: Date;

  @Field(() => Date, { nullable: true, description: 'When the grid answered (响应时间).' })
  acknowledgedAt!: Date | null;

  @Field(() => Date, { nullable: true, description: 'When a responder was sent.' })
  dispatchedAt!: Date | null;

  @Field(() => Date, { nullable: true, description: 'When it reached a final state.' })
  closedAt!: Date | null;

  @Field(() => EmergencyService, { nullable: true, description: 'The emergency service it was handed to, once ESCALATED.' })
  escalatedTo!: EmergencyServiceValue | null;

  @Field(() => Int, { description: 'Optimistic-concurrency version: send it back as expectedVersion.' })
  version!: number;

  deviceId!: string;
  householdId!: string;
  responderId!: string | null;
  idempotencyKey!: string;
}

export const AlarmConnection = Connection(Alarm);

@InputType({ description: 'An alarm from a device, or an SOS pressed by a person.' })
export class RaiseAlarmInput extends MutationInput {
  @Field(() => ID, { description: 'The device that raised it; NOT_FOUND if unknown.' })
  deviceId!: string;

  @Field(() => AlarmKindEnum, { description: 'What set it off.' })
  @IsIn(ALARM_KINDS)
  kind!: AlarmKind;

  @Field({
    description:
      'Required: the key of this alarm (e.g. the device event id, up to 64 characters). A retry with the same key returns the same alarm; the same key with another kind is CONFLICT.',
  })
  @Length(1, 64)
  idempotencyKey!: string;
}
export const RaiseAlarmPayload = Payload('RaiseAlarmPayload', 'alarm', Alarm, 'The alarm (the first one, on a retry), or why not.');

@InputType({ description: 'A step of an alarm on the version read.' })
export class AlarmStepInput extends VersionedInput {
  @Field(() => String, { nullable: true, description: 'Why, in words (up to 500 characters).' })
  @IsOptional()
  @Length(1, 500)
  note?: string;
}

@InputType({ description: 'The grid answers an alarm (响应): RAISED → ACKNOWLEDGED.' })
export class AcknowledgeAlarmInput extends AlarmStepInput {}
export const AcknowledgeAlarmPayload = Payload('AcknowledgeAlarmPayload', 'alarm', Alarm, 'The alarm acknowledged, or why not.');

@InputType({ description: 'A responder is sent (派员): ACKNOWLEDGED → DISPATCHED.' })
export class DispatchAlarmInput extends AlarmStepInput {
  @Field(() => ID, { description: "The responder: a grid worker (网格员) of the household's grid; BAD_USER_INPUT otherwise." })
  responderId!: string;
}
export const DispatchAlarmPayload = Payload('DispatchAlarmPayload', 'alarm', Alarm, 'The alarm dispatched, or why not.');

@InputType({ description: 'How an alarm ended (处置结果): RESOLVED, or FALSE_ALARM.' })
export class ResolveAlarmInput extends AlarmStepInput {
  @Field(() => AlarmStatus, { description: 'RESOLVED or FALSE_ALARM; anything else is BAD_USER_INPUT.' })
  outcome!: AlarmStatusValue;
}
export const ResolveAlarmPayload = Payload('ResolveAlarmPayload', 'alarm', Alarm, 'The alarm closed, or why not.');

@InputType({ description: 'Hands an open alarm to an emergency service (升级至119/120/110).' })
export class EscalateAlarmInput extends AlarmStepInput {
  @Field(() => EmergencyService, { description: 'Which service.' })
  @IsIn(EMERGENCY_SERVICES)
  service!: EmergencyServiceValue;
}
export const EscalateAlarmPayload = Payload('EscalateAlarmPayload', 'alarm', Alarm, 'The alarm escalated, or why not.');

@InputType({ description: 'Runs the escalation sweep once.' })
export class EscalateUnacknowledgedAlarmsInput extends MutationInput {}

@ObjectType({ description: 'What one escalation sweep did.' })
export class EscalateUnacknowledgedAlarmsPayload {
  @Field(() => [Alarm], { nullable: true, description: 'The alarms this sweep escalated (none when another sweep got there first).' })
  escalatedAlarms!: Alarm[] | null;

  @Field(() => [UserError], { description: 'Why the sweep did not happen; empty when it did.' })
  userErrors!: UserError[];

  @Field(() => String, { nullable: true, description: 'The clientMutationId of the input, as sent.' })
  clientMutationId!: string | null;
}
