import { and, eq, gte, lte, not, type SQL } from 'drizzle-orm';
import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { caseWorkflow, isCaseOverdue, sweepOverdueCases, transitionCase } from '../../kit/cases';
import { badInput, forbidden, notFound } from '../../kit/errors';
import { createOnce } from '../../kit/idempotency';
import { mutate } from '../../kit/mutations';
import { pageOf, PageArgs } from '../../kit/pagination';
import { reference } from '../../kit/references';
import type { Capability } from '../../domain/capabilities';
import { actorOf, hasRole, isAdmin, worksInGrid } from '../../domain/people';
import { inspectionRule, selectInspections, type HazardRecord, type InspectionRecord } from '../access';
import type { Database } from '../../kit/db';
import type { SafetyContext } from '../loaders';
import type { SafetySettings } from '../settings';
import { endOfDay, hazardDates, localDayOf } from '../rules/hazards';
import { hazards, hazardHistory, idempotencyKeys, inspections, type SiteRow } from '../tables';
import { HazardStatus } from '../types/enums';
import {
  Hazard,
  HazardConnection,
  HazardFilter,
  HazardHistoryEntry,
  Inspection,
  InspectionConnection,
  InspectionFilter,
  MoveHazardInput,
  MoveHazardPayload,
  RaiseOverdueHazardsInput,
  RaiseOverdueHazardsPayload,
  RecordInspectionInput,
  RecordInspectionPayload,
} from '../types/hazard';
import { BuildingReference } from '../types/references';
import { Site } from '../types/site';
import { hazardPage, isOpenHazard, isOverdueHazard } from './lists';

/** The kit's overdue sweep over hazards: each open hazard past its deadline rises one tier, once. */
export const raiseOverdueHazards = (db: Database, settings: SafetySettings) =>
  sweepOverdueCases(db, { table: hazards, history: hazardHistory, nextDeadlineMs: settings.hazardRaiseMs });

/** Inspecting a site and moving its hazards along: safety officers and admins anywhere, grid workers in their grids. */
function assertInspects(ctx: SafetyContext, site: Pick<SiteRow, 'id' | 'gridId'>) {
  if (isAdmin(ctx.viewer) || hasRole(ctx.viewer, 'safety_officer') || worksInGrid(ctx.viewer, site.gridId)) return;
  throw forbidden(`Only the workers of grid ${site.gridId}, safety officers and admins may inspect site ${site.id} or move its hazards.`);
}

export const hazardFilterWhere = (filter: HazardFilter | undefined, now: Date = new Date()): SQL | undefined => {
  const overdue = isOverdueHazard(now);
  return and(
    filter?.status ? eq(hazards.status, filter.status) : undefined,
    filter?.type ? eq(hazards.type, filter.type) : undefined,
    filter?.siteId ? eq(hazards.siteId, filter.siteId) : undefined,
    filter?.isOverdue === undefined || filter.isOverdue === null ? undefined : filter.isOverdue ? overdue : not(overdue!),
    filter?.isOpen === undefined || filter.isOpen === null ? undefined : filter.isOpen ? isOpenHazard() : not(isOpenHazard()),
  );
};

@Resolver(() => Inspection)
export class InspectionResolver {
  @Authorized()
  @Query(() => Inspection, { nullable: true, description: "An inspection by id; null if unknown. Safety officers, the site's grid workers and admins." })
  async inspection(@Arg('id', () => ID, { description: 'The inspection id.' }) id: string, @Ctx() ctx: SafetyContext) {
    return ctx.loaders.inspectionById.load(id);
  }

  @Authorized()
  @Query(() => InspectionConnection, { nullable: true, description: "Fire inspections (消防检查) the viewer may see: safety officers and admins all, grid workers their grids' sites." })
  async inspections(
    @Arg('filter', () => InspectionFilter, { nullable: true, description: 'Which inspections.' }) filter: InspectionFilter | undefined,
    @Args() page: PageArgs,
    @Ctx() ctx: SafetyContext,
  ) {
    return pageOf<InspectionRecord>(ctx.db, page, {
      where: and(
        inspectionRule.where(ctx.viewer),
        filter?.siteId ? eq(inspections.siteId, filter.siteId) : undefined,
        filter?.from ? gte(inspections.inspectedOn, filter.from) : undefined,
        filter?.to ? lte(inspections.inspectedOn, filter.to) : undefined,
      ),
      select: (condition) => selectInspections(ctx.db).where(condition),
      key: inspections.id,
      keyOf: (row) => row.id,
    });
  }

  @Authorized<Capability>('safety:inspect')
  @Mutation(() => RecordInspectionPayload, {
    nullable: true,
    description:
      "Records an inspection of a site with the hazards found; each hazard opens a case (REPORTED) with its deadline notice and re-inspection days counted in working days. Safety officers, the site's grid workers and admins.",
  })
  async recordInspection(@Arg('input', () => RecordInspectionInput, { description: 'What to record or change, as the input type describes.' }) input: RecordInspectionInput, @Ctx() ctx: SafetyContext) {
    return mutate(ctx, input, 'inspection', async () => {
      const site = await ctx.loaders.siteById.load(input.siteId);
      if (!site) throw notFound('Site', input.siteId, 'siteId');
      assertInspects(ctx, site);
      if (input.inspectedOn > localDayOf(new Date())) throw badInput('inspectedOn is in the future: record an inspection once it happened.', { field: 'inspectedOn' });
      const found = input.hazards.map((hazard, i) => {
        if (hazard.remedy === 'DEADLINE' && (!hazard.rectifyBy || hazard.rectifyBy <= input.inspectedOn)) {
          throw badInput('A hazard to put right by a deadline needs rectifyBy, a day after the inspection.', { field: `hazards[${i}].rectifyBy` });
        }
        const dates = hazardDates(input.inspectedOn, hazard, ctx.settings);
        return {
          siteId: site.id,
          buildingId: site.buildingId,
          source: 'PATROL' as const,
          type: hazard.type,
          severity: hazard.severity,
          remedy: hazard.remedy,
          description: hazard.description,
          ...dates,
          // The case must be closed (re-inspected and verified) by the end of the re-inspection day.
          deadline: endOfDay(dates.reinspectionDueOn),
        };
      });
      const { id } = await createOnce(
        ctx.db,
        { table: idempotencyKeys, scope: `recordInspection:${actorOf(ctx.viewer)}`, key: input.idempotencyKey, input: { ...input, clientMutationId: undefined } },
        async (tx) => {
          const [inspection] = await tx
            .insert(inspections)
            .values({ siteId: site.id, inspectedOn: input.inspectedOn, inspectorSub: actorOf(ctx.viewer), findings: input.findings ?? null })
            .returning({ id: inspections.id });
          if (found.length) await tx.insert(hazards).values(found.map((hazard) => ({ ...hazard, inspectionId: inspection!.id })));
          return inspection!;
        },
      );
      return ctx.loaders.inspectionById.load(id);
    });
  }

  @FieldResolver(() => Site, { nullable: true, description: 'The site inspected.' })
  async site(@Root() inspection: InspectionRecord, @Ctx() ctx: SafetyContext) {
    return ctx.loaders.siteById.load(inspection.siteId);
  }

  @FieldResolver(() => [Hazard], { description: 'The hazards found (at most 50 per inspection).' })
  async hazards(@Root() inspection: InspectionRecord, @Ctx() ctx: SafetyContext) {
    return ctx.loaders.hazardsByInspection.load(inspection.id);
  }
}

@Resolver(() => Hazard)
export class HazardResolver {
  @Authorized()
  @Query(() => Hazard, { nullable: true, description: 'A hazard by id; null if unknown.' })
  async hazard(@Arg('id', () => ID, { description: 'The hazard id.' }) id: string, @Ctx() ctx: SafetyContext) {
    return ctx.loaders.hazardById.load(id);
  }

  @Authorized()
  @Query(() => HazardConnection, { nullable: true, description: "Fire hazards (火灾隐患) the viewer may see: officers and admins all, grid workers their grids' sites, residents their own building's." })
  async hazards(
    @Arg('filter', () => HazardFilter, { nullable: true, description: 'Which hazards.' }) filter: HazardFilter | undefined,
    @Args() page: PageArgs,
    @Ctx() ctx: SafetyContext,
  ) {
    return hazardPage(ctx, page, hazardFilterWhere(filter));
  }

  @Authorized<Capability>('safety:inspect')
  @Mutation(() => MoveHazardPayload, {
    nullable: true,
    description: "Moves a hazard's case one step (e.g. ACCEPTED → FILED), recorded in its history. Illegal moves are BAD_USER_INPUT naming the allowed ones; a stale expectedVersion is CONFLICT.",
  })
  async moveHazard(@Arg('input', () => MoveHazardInput, { description: 'What to record or change, as the input type describes.' }) input: MoveHazardInput, @Ctx() ctx: SafetyContext) {
    return mutate(ctx, input, 'hazard', async () => {
      const current = await ctx.loaders.hazardById.load(input.id);
      if (!current) throw notFound('Hazard', input.id, 'id');
      assertInspects(ctx, { id: current.siteId, gridId: current.gridId ?? '' });
      await transitionCase(ctx.db, { table: hazards, history: hazardHistory, current, to: input.to, expectedVersion: input.expectedVersion, actorSub: actorOf(ctx.viewer), note: input.note });
      ctx.loaders.hazardById.clear(current.id);
      return ctx.loaders.hazardById.load(current.id);
    });
  }

  @Authorized<Capability>('safety:sweep')
  @Mutation(() => RaiseOverdueHazardsPayload, {
    nullable: true,
    description: 'The overdue sweep: every open hazard past its deadline rises one tier (grid → community → subdistrict → city) with a new deadline, once however many sweeps run at once.',
  })
  async raiseOverdueHazards(@Arg('input', () => RaiseOverdueHazardsInput, { description: 'What to record or change, as the input type describes.' }) input: RaiseOverdueHazardsInput, @Ctx() ctx: SafetyContext) {
    return mutate(ctx, input, 'raisedHazards', async () => {
      const raised = await raiseOverdueHazards(ctx.db, ctx.settings);
      return (await ctx.loaders.hazardById.loadMany(raised.map((r) => r.id))).filter((h): h is HazardRecord => !!h && !(h instanceof Error));
    });
  }

  @FieldResolver(() => [HazardStatus], { description: 'The states its case may move to next (none once final).' })
  allowedTransitions(@Root() hazard: HazardRecord) {
    return caseWorkflow.allowed(hazard.status);
  }

  @FieldResolver(() => Boolean, { description: 'Whether it is past its deadline and not finished (超期).' })
  isOverdue(@Root() hazard: HazardRecord) {
    return isCaseOverdue(hazard);
  }

  @FieldResolver(() => [HazardHistoryEntry], { description: 'Every transition and raise of its case, oldest first.' })
  async history(@Root() hazard: HazardRecord, @Ctx() ctx: SafetyContext) {
    return (await ctx.loaders.historyByHazard.load(hazard.id)).sort((a, b) => a.at.getTime() - b.at.getTime());
  }

  @FieldResolver(() => Site, { nullable: true, description: 'Where it was found.' })
  async site(@Root() hazard: HazardRecord, @Ctx() ctx: SafetyContext) {
    return ctx.loaders.siteById.load(hazard.siteId);
  }

  @FieldResolver(() => Inspection, { nullable: true, description: "The inspection that found it (null for viewers who may not see inspections)." })
  async inspection(@Root() hazard: HazardRecord, @Ctx() ctx: SafetyContext) {
    return (await ctx.loaders.inspectionById.loadMany([hazard.inspectionId]).then(([i]) => (i instanceof Error ? null : i))) ?? null;
  }

  @FieldResolver(() => BuildingReference, { nullable: true, description: 'The residential building it is in, when the site is one (楼栋).' })
  building(@Root() hazard: HazardRecord) {
    return hazard.buildingId ? reference(hazard.buildingId) : null;
  }
}
