import { and, eq, getTableColumns, gte, lt, type SQL } from 'drizzle-orm';
import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { forbidden, notFound } from '../../kit/errors';
import { createOnce } from '../../kit/idempotency';
import { mutate } from '../../kit/mutations';
import { pageOf, PageArgs } from '../../kit/pagination';
import { reference } from '../../kit/references';
import { DateScalar } from '../../kit/scalars';
import type { Capability } from '../../domain/capabilities';
import { actorOf, hasRole, isAdmin, worksInGrid } from '../../domain/people';
import type { SafetyContext } from '../loaders';
import { drillIntervalMonths, nextDrillDue } from '../rules/drills';
import { endOfDay, localDayOf } from '../rules/hazards';
import { fireDrills, idempotencyKeys, sites, type FireDrillRow, type SiteRow } from '../tables';
import { BuildingReference, CommunityReference } from '../types/references';
import { FireDrill, FireDrillConnection, FireDrillFilter, RecordFireDrillInput, RecordFireDrillPayload, Site, SiteConnection, SiteFilter } from '../types/site';

/** The public drill schedule: drills of the sites matching, any viewer. */
export const drillPage = (ctx: SafetyContext, page: PageArgs, filter: FireDrillFilter | undefined) =>
  pageOf<FireDrillRow>(ctx.db, page, {
    where: and(
      filter?.siteId ? eq(fireDrills.siteId, filter.siteId) : undefined,
      filter?.communityId ? eq(sites.communityId, filter.communityId) : undefined,
      filter?.from ? gte(fireDrills.heldAt, new Date(Date.parse(`${filter.from}T00:00:00+08:00`))) : undefined,
      filter?.to ? lt(fireDrills.heldAt, endOfDay(filter.to)) : undefined,
    ),
    select: (condition) => ctx.db.select(getTableColumns(fireDrills)).from(fireDrills).innerJoin(sites, eq(sites.id, fireDrills.siteId)).where(condition).$dynamic(),
    key: fireDrills.id,
    keyOf: (row) => row.id,
  });


export const sitePage = (ctx: SafetyContext, page: PageArgs, condition: SQL | undefined) =>
  pageOf<SiteRow>(ctx.db, page, { where: condition, select: (c) => ctx.db.select().from(sites).where(c).$dynamic(), key: sites.id, keyOf: (row) => row.id });

@Resolver(() => Site)
export class SiteResolver {
  @Query(() => Site, { nullable: true, description: 'A site by id; null if unknown. Public.' })
  async site(@Arg('id', () => ID, { description: 'The site id.' }) id: string, @Ctx() ctx: SafetyContext) {
    return ctx.loaders.siteById.load(id);
  }

  @Query(() => SiteConnection, { nullable: true, description: 'Sites inspected and drilled for fire safety (消防场所). Public.' })
  async sites(@Arg('filter', () => SiteFilter, { nullable: true, description: 'Which sites.' }) filter: SiteFilter | undefined, @Args() page: PageArgs, @Ctx() ctx: SafetyContext) {
    return sitePage(ctx, page, and(filter?.communityId ? eq(sites.communityId, filter.communityId) : undefined, filter?.kind ? eq(sites.kind, filter.kind) : undefined));
  }

  @FieldResolver(() => CommunityReference, { nullable: true, description: 'The community it lies in (社区).' })
  community(@Root() site: SiteRow) {
    return reference(site.communityId);
  }

  @FieldResolver(() => BuildingReference, { nullable: true, description: 'The residential building it is, for a BUILDING site.' })
  building(@Root() site: SiteRow) {
    return site.buildingId ? reference(site.buildingId) : null;
  }

  @FieldResolver(() => Date, { nullable: true, description: 'When its last drill was held; null if never.' })
  async lastDrillAt(@Root() site: SiteRow, @Ctx() ctx: SafetyContext) {
    return (await ctx.loaders.lastDrillBySite.load(site.id))?.at ?? null;
  }

  @FieldResolver(() => DateScalar, { description: 'The day its next drill is due: 6 months after the last for a key unit, a year for others; today if it never drilled.' })
  async nextDrillDueOn(@Root() site: SiteRow, @Ctx() ctx: SafetyContext) {
    const last = (await ctx.loaders.lastDrillBySite.load(site.id))?.at ?? null;
    return localDayOf(nextDrillDue(last, drillIntervalMonths(site, { keyUnitMonths: ctx.settings.keyUnitDrillMonths, otherMonths: ctx.settings.otherDrillMonths })));
  }

  @FieldResolver(() => FireDrillConnection, { description: 'Its drills, held and planned.' })
  async fireDrills(@Root() site: SiteRow, @Args() page: PageArgs, @Ctx() ctx: SafetyContext) {
    return drillPage(ctx, page, { siteId: site.id });
  }
}

@Resolver(() => FireDrill)
export class FireDrillResolver {
  @Query(() => FireDrillConnection, { nullable: true, description: 'Fire drills (消防演练), held and planned: the public drill schedule, for anyone.' })
  async fireDrills(@Arg('filter', () => FireDrillFilter, { nullable: true, description: 'Which drills.' }) filter: FireDrillFilter | undefined, @Args() page: PageArgs, @Ctx() ctx: SafetyContext) {
    return drillPage(ctx, page, filter);
  }

  @Authorized<Capability>('safety:inspect')
  @Mutation(() => RecordFireDrillPayload, { nullable: true, description: "Records a fire drill held or planned at a site. Safety officers, the site's grid workers and admins." })
  async recordFireDrill(@Arg('input', () => RecordFireDrillInput, { description: 'What to record or change, as the input type describes.' }) input: RecordFireDrillInput, @Ctx() ctx: SafetyContext) {
    return mutate(ctx, input, 'fireDrill', async () => {
      const site = await ctx.loaders.siteById.load(input.siteId);
      if (!site) throw notFound('Site', input.siteId, 'siteId');
      if (!isAdmin(ctx.viewer) && !hasRole(ctx.viewer, 'safety_officer') && !worksInGrid(ctx.viewer, site.gridId)) {
        throw forbidden(`Only the workers of grid ${site.gridId}, safety officers and admins may record drills at site ${site.id}.`);
      }
      const values = {
        siteId: site.id,
        heldAt: input.heldAt,
        organizer: input.organizer,
        participants: input.participants,
        scenario: input.scenario,
        evacuationSeconds: input.evacuationSeconds ?? null,
        hazardsFound: input.hazardsFound ?? 0,
      };
      const { id } = await createOnce(
        ctx.db,
        { table: idempotencyKeys, scope: `recordFireDrill:${actorOf(ctx.viewer)}`, key: input.idempotencyKey, input: values },
        async (tx) => (await tx.insert(fireDrills).values(values).returning({ id: fireDrills.id }))[0]!,
      );
      return ctx.loaders.fireDrillById.load(id);
    });
  }

  @FieldResolver(() => Site, { nullable: true, description: 'Where it is held.' })
  async site(@Root() drill: FireDrillRow, @Ctx() ctx: SafetyContext) {
    return ctx.loaders.siteById.load(drill.siteId);
  }
}
