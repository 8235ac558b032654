import { and, eq, sql } from 'drizzle-orm';
import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { refusal } from '../../kit/access';
import { forbidden, notFound } from '../../kit/errors';
import { createOnce } from '../../kit/idempotency';
import { mutate } from '../../kit/mutations';
import { PageArgs } from '../../kit/pagination';
import { reference } from '../../kit/references';
import type { Capability } from '../../domain/capabilities';
import { actorOf, hasRole, isAdmin, worksInGrid } from '../../domain/people';
import { seesGrid, type DeviceRecord } from '../access';
import type { SafetyContext } from '../loaders';
import { deviceStatus } from '../rules/devices';
import type { DeviceStatus } from '../rules/enums';
import { devices, householdCopies, idempotencyKeys } from '../tables';
import { SafetyDeviceCondition } from '../types/enums';
import { RecordHeartbeatInput, RecordHeartbeatPayload, RegisterDeviceInput, RegisterDevicePayload, SafetyDevice, SafetyDeviceConnection } from '../types/device';
import { HouseholdReference } from '../types/references';
import { devicePage, isOffline } from './lists';

export const statusOf = (device: DeviceRecord, ctx: SafetyContext): DeviceStatus => deviceStatus(device, ctx.settings);

export async function offlineDevicesOf(ctx: SafetyContext, gridId: string, page: PageArgs) {
  if (!seesGrid(ctx.viewer, gridId)) throw refusal(ctx.viewer, `Only the workers of grid ${gridId}, safety officers and admins see its devices.`);
  return devicePage(ctx, page, and(eq(householdCopies.gridId, gridId), isOffline(ctx)));
}

interface CommunityHousehold {
  id: string;
  building: { id: string; grid: { id: string }; compound: { community: { id: string } } };
}

/**
 * The household's grid, from safety's copy; a household the copy does not know yet is asked of community (with the
 * caller's token, so its rules apply) and copied, so that its devices follow it from then on.
 */
async function gridOfHousehold(ctx: SafetyContext, householdId: string): Promise<string> {
  const known = await ctx.loaders.householdById.load(householdId);
  if (known) return known.gridId;
  const [answer] = await ctx.peer('community').entities<CommunityHousehold>('Household', [householdId], 'id building { id grid { id } compound { community { id } } }');
  if (answer instanceof Error) throw answer;
  if (!answer) throw notFound('Household', householdId, 'householdId');
  const copy = { id: answer.id, buildingId: answer.building.id, gridId: answer.building.grid.id, communityId: answer.building.compound.community.id };
  await ctx.db.insert(householdCopies).values(copy).onConflictDoNothing();
  return copy.gridId;
}

@Resolver(() => SafetyDevice)
export class SafetyDeviceResolver {
  @Authorized()
  @Query(() => SafetyDevice, { nullable: true, description: 'A safety device by id; null if unknown. Its household, its grid\'s workers, safety officers and admins.' })
  async safetyDevice(@Arg('id', () => ID, { description: 'The device id.' }) id: string, @Ctx() ctx: SafetyContext) {
    return ctx.loaders.deviceById.load(id);
  }

  @Authorized()
  @Query(() => SafetyDeviceConnection, {
    nullable: true,
    description: "Devices of a grid's homes that are offline (离线设备): silent past the allowed interval. The grid's workers, safety officers and admins; FORBIDDEN otherwise.",
  })
  async offlineDevices(@Arg('gridId', () => ID, { description: 'The grid.' }) gridId: string, @Args() page: PageArgs, @Ctx() ctx: SafetyContext) {
    return offlineDevicesOf(ctx, gridId, page);
  }

  @Authorized<Capability>('safety:respond')
  @Mutation(() => RegisterDevicePayload, {
    nullable: true,
    description: "Registers a device fitted in a home (设备登记). The household's grid workers, safety officers and admins. NOT_FOUND for an unknown household.",
  })
  async registerDevice(@Arg('input', () => RegisterDeviceInput, { description: 'What to record or change, as the input type describes.' }) input: RegisterDeviceInput, @Ctx() ctx: SafetyContext) {
    return mutate(ctx, input, 'safetyDevice', async () => {
      const gridId = await gridOfHousehold(ctx, input.householdId);
      if (!isAdmin(ctx.viewer) && !hasRole(ctx.viewer, 'safety_officer') && !worksInGrid(ctx.viewer, gridId)) {
        throw forbidden(`Only the workers of grid ${gridId}, safety officers and admins may fit devices in household ${input.householdId}.`);
      }
      const { id } = await createOnce(
        ctx.db,
        { table: idempotencyKeys, scope: `registerDevice:${actorOf(ctx.viewer)}`, key: input.idempotencyKey, input: { householdId: input.householdId, kind: input.kind } },
        async (tx) => (await tx.insert(devices).values({ householdId: input.householdId, kind: input.kind }).returning({ id: devices.id }))[0]!,
      );
      ctx.loaders.deviceById.clear(id);
      return ctx.loaders.deviceById.load(id);
    });
  }

  @Authorized<Capability>('safety:device-report')
  @Mutation(() => RecordHeartbeatPayload, {
    nullable: true,
    description: "Records a device's heartbeat (心跳) with its battery level. The device gateway and admins only. NOT_FOUND for an unknown device.",
  })
  async recordHeartbeat(@Arg('input', () => RecordHeartbeatInput, { description: 'What to record or change, as the input type describes.' }) input: RecordHeartbeatInput, @Ctx() ctx: SafetyContext) {
    return mutate(ctx, input, 'safetyDevice', async () => {
      const [updated] = await ctx.db
        .update(devices)
        .set({ batteryPercent: input.batteryPercent, hasFault: input.hasFault ?? false, lastHeartbeatAt: sql`now()` })
        .where(eq(devices.id, input.deviceId))
        .returning({ id: devices.id });
      if (!updated) throw notFound('SafetyDevice', input.deviceId, 'deviceId');
      ctx.loaders.deviceById.clear(updated.id);
      return ctx.loaders.deviceById.load(updated.id);
    });
  }

  @FieldResolver(() => SafetyDeviceCondition, { description: 'Its state from its last heartbeat: OFFLINE when silent past the allowed interval.' })
  status(@Root() device: DeviceRecord, @Ctx() ctx: SafetyContext) {
    return statusOf(device, ctx);
  }

  @FieldResolver(() => HouseholdReference, { nullable: true, description: 'The home it is fitted in (户).' })
  household(@Root() device: DeviceRecord) {
    return reference(device.householdId);
  }
}
