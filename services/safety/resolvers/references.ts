import { and, eq, not, type SQL } from 'drizzle-orm';
import { Arg, Args, Authorized, Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { PageArgs } from '../../kit/pagination';
import { seesPlace } from '../access';
import type { SafetyContext } from '../loaders';
import { alarms, hazards, sites } from '../tables';
import { AlarmConnection } from '../types/alarm';
import { SafetyDevice, SafetyDeviceConnection } from '../types/device';
import { HazardConnection } from '../types/hazard';
import { BuildingReference, CommunityReference, GridReference, HouseholdReference, ResidentReference } from '../types/references';
import { FireDrillConnection, SiteConnection } from '../types/site';
import { openAlarmsOf } from './alarm';
import { offlineDevicesOf } from './device';
import { alarmPage, hazardPage, isDrillOverdue, isOpenAlarm, isOpenHazard } from './lists';
import { drillPage, sitePage } from './site';

/**
 * The fields safety adds to community's entities. A household's devices and alarms are its members', its grid's
 * workers', safety officers' and admins' to see (FORBIDDEN, or UNAUTHENTICATED, for others).
 */

/**
 * The household as safety knows it, if the viewer may see its safety records; null when safety knows nothing of it
 * or the viewer may not see them: the same answer, so nobody learns which homes have devices or alarms.
 */
async function householdFor(ctx: SafetyContext, householdId: string) {
  const household = await ctx.loaders.householdById.load(householdId);
  return household && seesPlace(ctx.viewer, household) ? household : null;
}

/** The same for a resident's household, read with the resident's copy in one statement. */
async function householdOfResident(ctx: SafetyContext, residentId: string) {
  const household = await ctx.loaders.householdOfResident.load(residentId);
  return household?.id && household.gridId && seesPlace(ctx.viewer, household) ? { ...household, id: household.id } : null;
}

type SafetyHousehold = { id: string } | null;

async function devicesOf(ctx: SafetyContext, household: SafetyHousehold) {
  return household ? ctx.loaders.devicesByHousehold.load(household.id) : [];
}

/** true: open only; false: closed only; unset: all. */
const openness = (open: boolean | null | undefined, isOpen: SQL): SQL | undefined => (open === undefined || open === null ? undefined : open ? isOpen : not(isOpen));

async function alarmsOf(ctx: SafetyContext, household: SafetyHousehold, open: boolean | undefined, page: PageArgs) {
  return alarmPage(ctx, page, and(eq(alarms.householdId, household?.id ?? ''), openness(open, isOpenAlarm())));
}

const OPEN_ARG = { nullable: true, description: 'true: only open ones; false: only closed ones; unset: all.' } as const;

@Resolver(() => HouseholdReference)
export class HouseholdSafetyResolver {
  @Authorized()
  @FieldResolver(() => [SafetyDevice], { nullable: true, description: 'The safety devices fitted in this home (智能安防设备): a handful.' })
  async safetyDevices(@Root() household: { id: string }, @Ctx() ctx: SafetyContext) {
    return devicesOf(ctx, await householdFor(ctx, household.id));
  }

  @Authorized()
  @FieldResolver(() => AlarmConnection, { nullable: true, description: 'Alarms from this home (报警记录).' })
  async alarms(@Root() household: { id: string }, @Arg('open', () => Boolean, OPEN_ARG) open: boolean | undefined, @Args() page: PageArgs, @Ctx() ctx: SafetyContext) {
    return alarmsOf(ctx, await householdFor(ctx, household.id), open, page);
  }
}

@Resolver(() => ResidentReference)
export class ResidentSafetyResolver {
  @Authorized()
  @FieldResolver(() => [SafetyDevice], { nullable: true, description: "The safety devices fitted in the resident's home (智能安防设备): a handful." })
  async safetyDevices(@Root() resident: { id: string }, @Ctx() ctx: SafetyContext) {
    return devicesOf(ctx, await householdOfResident(ctx, resident.id));
  }

  @Authorized()
  @FieldResolver(() => AlarmConnection, { nullable: true, description: "Alarms from the resident's home (报警记录)." })
  async alarms(@Root() resident: { id: string }, @Arg('open', () => Boolean, OPEN_ARG) open: boolean | undefined, @Args() page: PageArgs, @Ctx() ctx: SafetyContext) {
    return alarmsOf(ctx, await householdOfResident(ctx, resident.id), open, page);
  }
}

@Resolver(() => BuildingReference)
export class BuildingSafetyResolver {
  @Authorized()
  @FieldResolver(() => HazardConnection, {
    nullable: true,
    description: "Fire hazards found in this building (火灾隐患), as far as the viewer may see them: its residents, its grid's workers, safety officers and admins.",
  })
  async hazards(@Root() building: { id: string }, @Arg('open', () => Boolean, OPEN_ARG) open: boolean | undefined, @Args() page: PageArgs, @Ctx() ctx: SafetyContext) {
    return hazardPage(ctx, page, and(eq(hazards.buildingId, building.id), openness(open, isOpenHazard())));
  }
}

@Resolver(() => GridReference)
export class GridSafetyResolver {
  @Authorized()
  @FieldResolver(() => AlarmConnection, { nullable: true, description: "Open alarms of the grid's homes (未处置报警). Its workers, safety officers and admins." })
  async openAlarms(@Root() grid: { id: string }, @Args() page: PageArgs, @Ctx() ctx: SafetyContext) {
    return openAlarmsOf(ctx, grid.id, page);
  }

  @Authorized()
  @FieldResolver(() => SafetyDeviceConnection, { nullable: true, description: "Devices of the grid's homes silent past the allowed interval (离线设备). Its workers, safety officers and admins." })
  async offlineDevices(@Root() grid: { id: string }, @Args() page: PageArgs, @Ctx() ctx: SafetyContext) {
    return offlineDevicesOf(ctx, grid.id, page);
  }
}

@Resolver(() => CommunityReference)
export class CommunitySafetyResolver {
  @FieldResolver(() => FireDrillConnection, { nullable: true, description: "Fire drills at the community's sites, held and planned (消防演练). Public." })
  async fireDrills(@Root() community: { id: string }, @Args() page: PageArgs, @Ctx() ctx: SafetyContext) {
    return drillPage(ctx, page, { communityId: community.id });
  }

  @FieldResolver(() => SiteConnection, {
    nullable: true,
    description: "The community's sites overdue for a drill (演练超期): key units after 6 months without one, others after a year, and sites that never drilled. Public.",
  })
  async overdueDrills(@Root() community: { id: string }, @Args() page: PageArgs, @Ctx() ctx: SafetyContext) {
    return sitePage(ctx, page, and(eq(sites.communityId, community.id), isDrillOverdue(ctx)));
  }
}
