import { IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';
import { Directive, Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import { Connection } from '../../kit/pagination';
import { CreateInput, MutationInput, Payload } from '../../kit/mutations';
import { DEVICE_KINDS, type DeviceKind } from '../rules/enums';
import { SafetyDeviceKind } from './enums';

@Directive('@key(fields: "id")')
@ObjectType({ description: 'A safety device fitted in a home and networked to the community (智能安防设备): a smoke alarm, an SOS button... Its household, its grid\'s workers, safety officers and admins see it.' })
export class SafetyDevice {
  @Field(() => ID, { description: 'The device id, as its gateway reports it.' })
  id!: string;

  @Field(() => SafetyDeviceKind, { description: 'What the device is.' })
  kind!: DeviceKind;

  @Field({ description: 'When it was fitted (安装时间).' })
  installedAt!: Date;

  @Field(() => Int, { nullable: true, description: 'Battery level it last reported, 0 to 100 (电量); null before its first heartbeat.' })
  batteryPercent!: number | null;

  @Field(() => Date, { nullable: true, description: 'When it last reported (最后心跳); null if never.' })
  lastHeartbeatAt!: Date | null;

  householdId!: string;
  hasFault!: boolean;
}

export const SafetyDeviceConnection = Connection(SafetyDevice);

@InputType({ description: 'A device fitted in a home.' })
export class RegisterDeviceInput extends CreateInput {
  @Field(() => ID, { description: 'The household (户) it is fitted in; NOT_FOUND if community does not know it.' })
  householdId!: string;

  @Field(() => SafetyDeviceKind, { description: 'What the device is.' })
  @IsIn(DEVICE_KINDS)
  kind!: DeviceKind;
}
export const RegisterDevicePayload = Payload('RegisterDevicePayload', 'safetyDevice', SafetyDevice, 'The device registered, or why not.');

@InputType({ description: "A device's heartbeat (心跳), as the device gateway relays it." })
export class RecordHeartbeatInput extends MutationInput {
  @Field(() => ID, { description: 'The device; NOT_FOUND if unknown.' })
  deviceId!: string;

  @Field(() => Int, { description: 'Battery level, 0 to 100.' })
  @IsInt()
  @Min(0)
  @Max(100)
  batteryPercent!: number;

  @Field(() => Boolean, { nullable: true, description: 'Whether the device reports a fault of its own (default false).' })
  @IsOptional()
  hasFault?: boolean;
}
export const RecordHeartbeatPayload = Payload('RecordHeartbeatPayload', 'safetyDevice', SafetyDevice, 'The device as it now stands, or why the heartbeat was refused.');
