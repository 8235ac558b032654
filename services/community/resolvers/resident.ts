import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { and, arrayContains, count, eq, gt, ilike, inArray, lte, type SQL } from 'drizzle-orm';
import { isAdmin, worksInGrid } from '../../domain/people';
import { sqlStateOf, UNIQUE_VIOLATION } from '../../kit/db';
import { badInput, conflict, forbidden, notFound } from '../../kit/errors';
import { PageArgs, paginate, type ConnectionValue } from '../../kit/pagination';
import { canSeeContact, maskIdNumber, maskPhone, residentScope, type ResidentRecord } from '../access';
import { ageOn, bornOnOrBefore } from '../../kit/dates';
import { ELDERLY_AGE } from '../../domain/people';
import { isValidIdNumber } from '../id-number';
import type { CommunityContext } from '../loaders';
import { selectResidentRecords } from '../loaders';
import { buildings, compounds, residents } from '../tables';
import { ResidentTag } from '../types/enums';
import { Grid } from '../types/grid';
import { Household } from '../types/places';
import { RegisterResidentInput, Resident, ResidentConnection, ResidentFilter, UpdateResidentInput } from '../types/resident';
import type { Capability } from '../../domain/capabilities';

/** The residents matching a filter, limited to what the viewer may see, one keyset page at a time. */
export function listResidents(ctx: CommunityContext, filter: ResidentFilter, page: PageArgs): Promise<ConnectionValue<ResidentRecord>> {
  if (filter.minAge !== undefined && filter.maxAge !== undefined && filter.minAge > filter.maxAge) {
    throw badInput('minAge must not exceed maxAge.');
  }
  const today = new Date();
  const conditions: (SQL | undefined)[] = [residentScope(ctx.viewer)];
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
  return paginate<ResidentRecord>(page, {
    keyOf: (r) => r.id,
    fetch: async (afterId, limit) =>
      await selectResidentRecords(ctx.db, ctx.viewer)
        .where(and(where, afterId ? gt(residents.id, afterId) : undefined))
        .orderBy(residents.id)
        .limit(limit),
    count: async () => {
      const [row] = await ctx.db.select({ n: count() }).from(selectResidentRecords(ctx.db, ctx.viewer).where(where).as('matching'));
      return row?.n ?? 0;
    },
  });
}

/** Only admins and the workers of the household's grid register or change residents there. */
async function assertMayEditHousehold(ctx: CommunityContext, householdId: string): Promise<void> {
  const household = await ctx.loaders.householdById.load(householdId);
  if (!household) throw notFound('Household', householdId);
  const building = await ctx.loaders.buildingById.load(household.buildingId);
  if (!isAdmin(ctx.viewer) && !worksInGrid(ctx.viewer, building?.gridId)) {
    throw forbidden('Only admins and the grid workers of this household may register or change its residents.');
  }
}

@Resolver(() => Resident)
export class ResidentResolver {
  @Query(() => Resident, { nullable: true, description: 'The resident behind the token (null for other viewers).' })
  async me(@Ctx() ctx: CommunityContext): Promise<ResidentRecord | null> {
    return ctx.viewer.residentId ? ctx.loaders.residentById.load(ctx.viewer.residentId) : null;
  }

  @Authorized()
  @Query(() => Resident, { nullable: true })
  async resident(@Arg('id', () => ID) id: string, @Ctx() ctx: CommunityContext): Promise<ResidentRecord | null> {
    return ctx.loaders.residentById.load(id);
  }

  @Authorized()
  @Query(() => ResidentConnection, { description: 'Residents the viewer may see, filtered, in pages (Relay).' })
  async residents(
    @Arg('filter', () => ResidentFilter, { nullable: true }) filter: ResidentFilter | undefined,
    @Args(() => PageArgs) page: PageArgs,
    @Ctx() ctx: CommunityContext,
  ) {
    return listResidents(ctx, filter ?? {}, page);
  }

  @Authorized<Capability>('household:edit')
  @Mutation(() => Resident, { description: "Registers a resident in a household of the viewer's grid." })
  async registerResident(@Arg('input', () => RegisterResidentInput) input: RegisterResidentInput, @Ctx() ctx: CommunityContext) {
    if (!isValidIdNumber(input.idNumber, input.birthDate)) {
      throw badInput('idNumber must be 18 characters with a valid check character and the birth date in it.');
    }
    if (Number.isNaN(Date.parse(input.birthDate)) || input.birthDate > new Date().toISOString().slice(0, 10)) {
      throw badInput('birthDate must be a real date, not in the future.');
    }
    await assertMayEditHousehold(ctx, input.householdId);
    try {
      const [row] = await ctx.db
        .insert(residents)
        .values({ ...input, tags: input.tags ?? [] })
        .returning({ id: residents.id });
      return await this.reload(ctx, row!.id);
    } catch (error) {
      if (sqlStateOf(error) === UNIQUE_VIOLATION) throw conflict('A resident with this ID number is already registered.');
      throw error;
    }
  }

  @Authorized<Capability>('household:edit')
  @Mutation(() => Resident, { description: 'Changes a resident; fails with CONFLICT if `version` is not the current one.' })
  async updateResident(
    @Arg('id', () => ID) id: string,
    @Arg('version', () => Int) version: number,
    @Arg('input', () => UpdateResidentInput) input: UpdateResidentInput,
    @Ctx() ctx: CommunityContext,
  ) {
    const current = await ctx.loaders.residentById.load(id);
    if (!current) throw notFound('Resident', id);
    await assertMayEditHousehold(ctx, current.householdId);
    if (input.householdId && input.householdId !== current.householdId) await assertMayEditHousehold(ctx, input.householdId);
    const updated = await ctx.db
      .update(residents)
      .set({ ...input, version: version + 1, updatedAt: new Date() })
      .where(and(eq(residents.id, id), eq(residents.version, version)))
      .returning({ id: residents.id });
    if (updated.length === 0) {
      throw conflict(`Resident ${id} was changed by someone else (you sent version ${version}); reload and retry.`, {
        currentVersion: current.version,
      });
    }
    return this.reload(ctx, id);
  }

  private async reload(ctx: CommunityContext, id: string): Promise<ResidentRecord> {
    ctx.loaders.residentById.clear(id);
    const [row] = await selectResidentRecords(ctx.db, ctx.viewer).where(eq(residents.id, id));
    return row!;
  }

  @FieldResolver(() => Int, { description: 'Age in whole years today.' })
  age(@Root() resident: ResidentRecord): number {
    return ageOn(resident.birthDate);
  }

  @FieldResolver(() => [ResidentTag])
  tags(@Root() resident: ResidentRecord): ResidentTag[] {
    return ageOn(resident.birthDate) >= ELDERLY_AGE ? [ResidentTag.ELDERLY, ...resident.tags] : resident.tags;
  }

  @FieldResolver(() => String, { nullable: true, description: 'Mobile phone; masked (138****5678) unless you are the person, their grid worker or an admin.' })
  phone(@Root() resident: ResidentRecord, @Ctx() ctx: CommunityContext): string | null {
    if (!resident.phone) return null;
    return canSeeContact(ctx.viewer, resident) ? resident.phone : maskPhone(resident.phone);
  }

  @FieldResolver(() => String, { description: 'ID number (身份证号), always masked.' })
  idNumber(@Root() resident: ResidentRecord): string {
    return maskIdNumber(resident.idNumber);
  }

  @FieldResolver(() => Household)
  async household(@Root() resident: ResidentRecord, @Ctx() ctx: CommunityContext) {
    return ctx.loaders.householdById.load(resident.householdId);
  }

  @FieldResolver(() => Grid, { description: 'The comprehensive grid (综合网格) the resident lives in.' })
  async grid(@Root() resident: ResidentRecord, @Ctx() ctx: CommunityContext) {
    return ctx.loaders.gridById.load(resident.gridId);
  }
}
