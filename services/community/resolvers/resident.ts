import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Info, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { and, arrayContains, eq, gt, ilike, inArray, isNull, lte, type SQL } from 'drizzle-orm';
import type { Capability } from '../../domain/capabilities';
import { COMMUNITY_FEED, toChange, type CommunityEvent } from '../../domain/community-events';
import { actorOf, ELDERLY_AGE } from '../../domain/people';
import { refusal } from '../../kit/access';
import { ageOn, bornOnOrBefore } from '../../kit/dates';
import { sqlStateOf, UNIQUE_VIOLATION, type Transaction } from '../../kit/db';
import { badInput, conflict, notFound } from '../../kit/errors';
import { publishChanges } from '../../kit/feed';
import { createOnce, requestOf } from '../../kit/idempotency';
import { mutate } from '../../kit/mutations';
import { updateVersioned } from '../../kit/versioned';
import { selectsAny } from '../../kit/lookahead';
import { mapNodes, PageArgs, pageOf, type ConnectionValue } from '../../kit/pagination';
import { DateScalar } from '../../kit/scalars';
import { canSeeContact, canSeeIdNumber, mayEditHousehold, residentRule, selectPlacedResidentRecords, selectResidentRecords, type ResidentRecord } from '../access';
import type { CommunityContext } from '../loaders';
import { isValidIdNumber } from '../../domain/id-number';
import { isPossibleBirthDate, maskIdNumber, maskPhone } from '../rules/resident';
import { buildings, changeEvents, compounds, grids, households, idempotencyKeys, residents, type ResidentRow } from '../tables';
import { ResidentTag } from '../types/enums';
import { Grid } from '../types/grid';
import { Household } from '../types/places';
import {
  DeregisterResidentInput,
  DeregisterResidentPayload,
  MoveResidentInput,
  MoveResidentPayload,
  RegisterResidentInput,
  RegisterResidentPayload,
  Resident,
  ResidentConnection,
  ResidentFilter,
  UpdateResidentInput,
  UpdateResidentPayload,
} from '../types/resident';

/** What a resident leads to that `selectPlacedResidentRecords` reads with it: asked for, it is worth the joins. */
const PLACES = ['household', 'grid'];

/** The resident loader for this query: the one that reads the resident's places with it when the query asks for them. */
export const residentLoader = (ctx: CommunityContext, info: GraphQLResolveInfo) =>
  selectsAny(info, PLACES) ? ctx.loaders.residentPlacedById : ctx.loaders.residentById;

/**
 * The residents matching a filter, limited to what the viewer may see, one keyset page at a time; with their places
 * in the same statement when the query asks for them (`info`: the connection's field).
 */
export async function listResidents(ctx: CommunityContext, filter: ResidentFilter, page: PageArgs, info?: GraphQLResolveInfo): Promise<ConnectionValue<ResidentRecord>> {
  if (filter.minAge !== undefined && filter.maxAge !== undefined && filter.minAge > filter.maxAge) {
    throw badInput('minAge must not exceed maxAge.');
  }
  const today = new Date();
  // Deregistered residents leave every list; their record stays reachable by id.
  const conditions: (SQL | undefined)[] = [residentRule.where(ctx.viewer), isNull(residents.deregisteredAt)];
  if (filter.gridId) conditions.push(eq(buildings.gridId, filter.gridId));
  if (filter.communityId) {
    const compoundsOfCommunity = ctx.db.select({ id: compounds.id }).from(compounds).where(eq(compounds.communityId, filter.communityId));
    conditions.push(inArray(buildings.compoundId, compoundsOfCommunity));
  }
  if (filter.tag === ResidentTag.ELDERLY) conditions.push(lte(residents.birthDate, bornOnOrBefore(ELDERLY_AGE, today)));
  else if (filter.tag) conditions.push(arrayContains(residents.tags, [filter.tag]));
  if (filter.minAge !== undefined) conditions.push(lte(residents.birthDate, bornOnOrBefore(filter.minAge, today)));
  if (filter.maxAge !== undefined) conditions.push(gt(residents.birthDate, bornOnOrBefore(filter.maxAge + 1, today)));
  if (filter.nameContains) conditions.push(ilike(residents.name, `%${filter.nameContains.replace(/[\\%_]/g, '\\$&')}%`));
  const where = and(...conditions);
  if (info && selectsAny(info, PLACES, ['edges', 'node'])) {
    const placed = await pageOf(ctx.db, page, {
      where,
      select: (condition) => selectPlacedResidentRecords(ctx.db, ctx.viewer).where(condition),
      key: residents.id,
      keyOf: (r) => r.resident.id,
    });
    return mapNodes(placed, ctx.loaders.place);
  }
  return pageOf(ctx.db, page, {
    where,
    select: (condition) => selectResidentRecords(ctx.db, ctx.viewer).where(condition),
    key: residents.id,
    keyOf: (r) => r.id,
  });
}

/**
 * The household must exist (NOT_FOUND naming `field`), and the viewer may register or change its residents: admins
 * and the workers of its grid (else FORBIDDEN).
 */
async function assertMayEditHousehold(ctx: CommunityContext, householdId: string, field: string): Promise<void> {
  const household = await ctx.loaders.householdById.load(householdId);
  if (!household) throw notFound('Household', householdId, field);
  const building = await ctx.loaders.buildingById.load(household.buildingId);
  if (!building || !mayEditHousehold(ctx.viewer, building.gridId)) {
    throw refusal(ctx.viewer, 'Only admins and the grid workers of this household may register or change its residents.');
  }
}

/** A resident as just written, read past the request's loaders (which `mutate` clears afterwards). */
async function reload(ctx: CommunityContext, id: string): Promise<ResidentRecord> {
  const [row] = await selectResidentRecords(ctx.db, ctx.viewer).where(eq(residents.id, id));
  return row!;
}

/**
 * Where a household lies (its building, the building's comprehensive grid and that grid's community), read in the
 * change's transaction. The building's row stays share-locked until the change commits, so a concurrent
 * reassignBuilding waits for it and then lists this household: the events cannot contradict each other.
 */
async function placeOf(tx: Transaction, householdId: string) {
  const [place] = await tx
    .select({ householdId: households.id, buildingId: buildings.id, gridId: buildings.gridId, communityId: grids.communityId })
    .from(households)
    .innerJoin(buildings, eq(buildings.id, households.buildingId))
    .innerJoin(grids, eq(grids.id, buildings.gridId))
    .where(eq(households.id, householdId))
    // Share-locks the rows read (FOR SHARE OF cannot name a schema-qualified table): only the building's matters.
    .for('share');
  return place!;
}

/** The resident's row as it stands, locked until the transaction ends; a deregistered resident no longer changes. */
async function lockRegistered(tx: Transaction, id: string): Promise<ResidentRow> {
  const [row] = await tx.select().from(residents).where(eq(residents.id, id)).for('update');
  if (!row) throw notFound('Resident', id, 'id');
  if (row.deregisteredAt) {
    throw badInput(`Resident ${id} was deregistered (${row.deregistrationReason}): their record can no longer change.`, { field: 'id' });
  }
  return row;
}

const sameTags = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((tag) => b.includes(tag));

type ResidentChanges = Partial<Pick<ResidentRow, 'name' | 'phone' | 'householdId' | 'tags'>>;

/**
 * Changes a resident under the version the caller read and, in the same transaction, publishes what other subgraphs
 * copy of the change: a move (RESIDENT_MOVED with the new household, building, grid and community) and new tags
 * (RESIDENT_TAGS_CHANGED). A change that rolls back publishes nothing.
 */
async function changeResident(ctx: CommunityContext, id: string, expectedVersion: number, changes: ResidentChanges): Promise<ResidentRecord> {
  await ctx.db.transaction(async (tx) => {
    const before = await lockRegistered(tx, id);
    const after = await updateVersioned(tx, residents, { what: 'Resident', id, expectedVersion }, changes);
    const actorSub = actorOf(ctx.viewer);
    const events: CommunityEvent[] = [];
    if (after.householdId !== before.householdId) {
      events.push({ kind: 'RESIDENT_MOVED', residentId: id, ...(await placeOf(tx, after.householdId)), actorSub });
    }
    if (!sameTags(after.tags, before.tags)) events.push({ kind: 'RESIDENT_TAGS_CHANGED', residentId: id, tags: after.tags, actorSub });
    await publishChanges(tx, changeEvents, COMMUNITY_FEED, events.map(toChange));
  });
  return reload(ctx, id);
}

/** The resident a change names (NOT_FOUND on `id`), whom the viewer may change (else FORBIDDEN). */
async function editableResident(ctx: CommunityContext, id: string): Promise<ResidentRecord> {
  const current = await ctx.loaders.residentById.load(id);
  if (!current) throw notFound('Resident', id, 'id');
  await assertMayEditHousehold(ctx, current.householdId, 'id');
  return current;
}

@Resolver(() => Resident)
export class ResidentResolver {
  @Query(() => Resident, { nullable: true, description: 'The resident (居民) the viewer is; null for viewers who are not residents.' })
  async me(@Ctx() ctx: CommunityContext, @Info() info: GraphQLResolveInfo): Promise<ResidentRecord | null> {
    return ctx.viewer.residentId ? residentLoader(ctx, info).load(ctx.viewer.residentId) : null;
  }

  @Authorized()
  @Query(() => Resident, {
    nullable: true,
    description: 'A resident (居民) by id; null if none, and null too if the viewer may not see them (a hidden resident answers exactly as a missing one). UNAUTHENTICATED when not signed in.',
  })
  async resident(
    @Arg('id', () => ID, { description: 'The resident\'s id.' }) id: string,
    @Ctx() ctx: CommunityContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<ResidentRecord | null> {
    return residentLoader(ctx, info).load(id);
  }

  @Authorized()
  @Query(() => ResidentConnection, {
    nullable: true,
    description:
      'Residents (居民) the viewer may see, filtered, a page at a time, in id order. Signed-in viewers (else UNAUTHENTICATED); ' +
      'BAD_USER_INPUT for a contradictory filter or a bad page size or cursor.',
  })
  async residents(
    @Arg('filter', () => ResidentFilter, { nullable: true, description: 'What the residents must match; all of them when omitted.' })
    filter: ResidentFilter | undefined,
    @Args(() => PageArgs) page: PageArgs,
    @Ctx() ctx: CommunityContext,
    @Info() info: GraphQLResolveInfo,
  ) {
    return listResidents(ctx, filter ?? {}, page, info);
  }

  @Authorized<Capability>('household:edit')
  @Mutation(() => RegisterResidentPayload, {
    nullable: true,
    description:
      'Registers a resident (居民登记) in a household. Admins and the grid workers of the household\'s grid (else FORBIDDEN; UNAUTHENTICATED when not signed in). ' +
      'userErrors: NOT_FOUND (household), BAD_USER_INPUT (ID number or birth date), CONFLICT (ID number already registered).',
  })
  async registerResident(
    @Arg('input', () => RegisterResidentInput, { description: 'The resident to register.' }) input: RegisterResidentInput,
    @Ctx() ctx: CommunityContext,
  ): Promise<InstanceType<typeof RegisterResidentPayload>> {
    return mutate(ctx, input, 'resident', async () => {
      const { householdId, name, gender, birthDate, phone, idNumber, tags } = input;
      await assertMayEditHousehold(ctx, householdId, 'householdId');
      if (!isPossibleBirthDate(birthDate, new Date().toISOString().slice(0, 10))) {
        throw badInput('birthDate must not be in the future.', { field: 'birthDate' });
      }
      if (!isValidIdNumber(idNumber, birthDate)) {
        throw badInput('idNumber must be 18 characters with a valid check character and the birth date in it.', { field: 'idNumber' });
      }
      try {
        // Once per idempotency key and caller: a retry gets the resident its first request registered.
        const { id } = await createOnce(
          ctx.db,
          { table: idempotencyKeys, scope: `registerResident:${actorOf(ctx.viewer)}`, key: input.idempotencyKey, input: requestOf(input) },
          async (tx) =>
            (await tx.insert(residents).values({ householdId, name, gender, birthDate, phone, idNumber, tags: tags ?? [] }).returning({ id: residents.id }))[0]!,
        );
        return await reload(ctx, id);
      } catch (error) {
        if (sqlStateOf(error) === UNIQUE_VIOLATION) throw conflict('A resident with this ID number is already registered.', { field: 'idNumber' });
        throw error;
      }
    });
  }

  @Authorized<Capability>('household:edit')
  @Mutation(() => UpdateResidentPayload, {
    nullable: true,
    description:
      'Changes a resident (居民信息变更); new tags and a new household are published to the subgraphs that copy them. Admins and the grid workers of the resident\'s household (and of the new one, when moving; ' +
      'else FORBIDDEN; UNAUTHENTICATED when not signed in). userErrors: NOT_FOUND (resident or household), CONFLICT with currentVersion when expectedVersion is stale, BAD_USER_INPUT (deregistered).',
  })
  async updateResident(
    @Arg('input', () => UpdateResidentInput, { description: 'The resident, the version you read and the changes.' }) input: UpdateResidentInput,
    @Ctx() ctx: CommunityContext,
  ): Promise<InstanceType<typeof UpdateResidentPayload>> {
    return mutate(ctx, input, 'resident', async () => {
      const { id, expectedVersion, name, phone, householdId, tags } = input;
      const current = await editableResident(ctx, id);
      if (householdId && householdId !== current.householdId) await assertMayEditHousehold(ctx, householdId, 'householdId');
      // An explicit null clears the phone; for the other fields it means no change, like omitting them.
      return changeResident(ctx, id, expectedVersion, { name: name ?? undefined, phone, householdId: householdId ?? undefined, tags: tags ?? undefined });
    });
  }

  @Authorized<Capability>('household:edit')
  @Mutation(() => MoveResidentPayload, {
    nullable: true,
    description:
      'Moves a resident to another household (迁户), published to the subgraphs that copy where residents live. Admins and the grid workers of both households ' +
      '(else FORBIDDEN; UNAUTHENTICATED when not signed in). userErrors: NOT_FOUND (resident or household), CONFLICT with currentVersion when expectedVersion is stale, ' +
      'BAD_USER_INPUT (their household already, or deregistered).',
  })
  async moveResident(
    @Arg('input', () => MoveResidentInput, { description: 'The resident, the version you read and the household they move to.' }) input: MoveResidentInput,
    @Ctx() ctx: CommunityContext,
  ): Promise<InstanceType<typeof MoveResidentPayload>> {
    return mutate(ctx, input, 'resident', async () => {
      const current = await editableResident(ctx, input.id);
      if (input.householdId === current.householdId) {
        throw badInput(`Resident ${input.id} already lives in household ${input.householdId}.`, { field: 'householdId' });
      }
      await assertMayEditHousehold(ctx, input.householdId, 'householdId');
      return changeResident(ctx, input.id, input.expectedVersion, { householdId: input.householdId });
    });
  }

  @Authorized<Capability>('household:edit')
  @Mutation(() => DeregisterResidentPayload, {
    nullable: true,
    description:
      'Takes a resident off the register (居民注销) when they move away or die: they leave every list, their record and history stay, and the subgraphs that ' +
      'copy them close what is open (e.g. elderly care pauses their meals). Admins and the grid workers of their household (else FORBIDDEN; UNAUTHENTICATED when ' +
      'not signed in). userErrors: NOT_FOUND, CONFLICT with currentVersion when expectedVersion is stale, BAD_USER_INPUT (deregistered already).',
  })
  async deregisterResident(
    @Arg('input', () => DeregisterResidentInput, { description: 'The resident, the version you read and why they leave.' }) input: DeregisterResidentInput,
    @Ctx() ctx: CommunityContext,
  ): Promise<InstanceType<typeof DeregisterResidentPayload>> {
    return mutate(ctx, input, 'resident', async () => {
      const { id, expectedVersion, reason } = input;
      await editableResident(ctx, id);
      await ctx.db.transaction(async (tx) => {
        await lockRegistered(tx, id);
        const deregisteredAt = new Date();
        await updateVersioned(tx, residents, { what: 'Resident', id, expectedVersion }, { deregisteredAt, deregistrationReason: reason });
        const event = { kind: 'RESIDENT_DEREGISTERED', residentId: id, reason, deregisteredAt: deregisteredAt.toISOString(), actorSub: actorOf(ctx.viewer) } as const;
        await publishChanges(tx, changeEvents, COMMUNITY_FEED, [toChange(event)]);
      });
      return reload(ctx, id);
    });
  }

  @FieldResolver(() => Int, { description: 'Age in whole years today (年龄).' })
  age(@Root() resident: ResidentRecord): number {
    return ageOn(resident.birthDate);
  }

  @FieldResolver(() => [ResidentTag], { description: 'Care-relevant tags (居民标签): the recorded ones, and ELDERLY from age 60.' })
  tags(@Root() resident: ResidentRecord): ResidentTag[] {
    return ageOn(resident.birthDate) >= ELDERLY_AGE ? [ResidentTag.ELDERLY, ...resident.tags] : resident.tags;
  }

  @FieldResolver(() => String, {
    nullable: true,
    description: 'Mobile phone (手机号); null if none. Masked (138****5678) unless the viewer is the person, a worker of their grid or an admin.',
  })
  phone(@Root() resident: ResidentRecord, @Ctx() ctx: CommunityContext): string | null {
    if (!resident.phone) return null;
    return canSeeContact(ctx.viewer, resident) ? resident.phone : maskPhone(resident.phone);
  }

  @FieldResolver(() => DateScalar, {
    nullable: true,
    description: 'Birth date (出生日期): to the person, a worker of their grid and admins; null for everyone else, who see `age`.',
  })
  birthDate(@Root() resident: ResidentRecord, @Ctx() ctx: CommunityContext): string | null {
    return canSeeContact(ctx.viewer, resident) ? resident.birthDate : null;
  }

  @FieldResolver(() => String, {
    description: 'Resident ID number (身份证号): in full to the person and admins; masked to its first and last characters (3****************4) for everyone else.',
  })
  idNumber(@Root() resident: ResidentRecord, @Ctx() ctx: CommunityContext): string {
    return canSeeIdNumber(ctx.viewer, resident) ? resident.idNumber : maskIdNumber(resident.idNumber);
  }

  @FieldResolver(() => Household, { description: 'The household (户) the resident lives in.' })
  async household(@Root() resident: ResidentRecord, @Ctx() ctx: CommunityContext) {
    return ctx.loaders.householdById.load(resident.householdId);
  }

  @FieldResolver(() => Grid, { description: 'The comprehensive grid (综合网格) the resident lives in.' })
  async grid(@Root() resident: ResidentRecord, @Ctx() ctx: CommunityContext) {
    return ctx.loaders.gridById.load(resident.gridId);
  }
}
