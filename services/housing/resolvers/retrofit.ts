import { and, eq, type SQL } from 'drizzle-orm';
import { IsOptional } from 'class-validator';
import { Arg, Args, Authorized, Ctx, Field, FieldResolver, ID, InputType, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Capability } from '../../domain/capabilities';
import { actorOf } from '../../domain/people';
import { visibleOrNull } from '../../kit/access';
import { sqlStateOf, UNIQUE_VIOLATION, type Transaction } from '../../kit/db';
import { badInput, conflict, notFound } from '../../kit/errors';
import { createOnce } from '../../kit/idempotency';
import { mutate } from '../../kit/mutations';
import { PageArgs, pageOf } from '../../kit/pagination';
import { reference } from '../../kit/references';
import { CentsScalar } from '../../kit/scalars';
import { updateVersioned } from '../../kit/versioned';
import { advance, type Move } from '../../kit/workflow';
import { elevatorRetrofitRule, type HousingViewer } from '../access';
import { housingViewer, readBuilding, readRoll } from '../community';
import { selectTallies, type HousingContext } from '../loaders';
import { areaText } from '../rules/consent';
import { coefficientText, splitCost } from '../rules/cost-shares';
import type { RetrofitPhase as Phase } from '../rules/enums';
import { CONSENT_PHASES, retrofitWorkflow } from '../rules/phases';
import { decideConsent } from '../rules/consent';
import { consents, elevatorRetrofits, idempotencyKeys, retrofitPhaseTransitions, rollEntries, type ElevatorRetrofitRow } from '../tables';
import { RetrofitPhase } from '../types/enums';
import { BuildingReference } from '../types/references';
import {
  AdvanceRetrofitPhaseInput,
  AdvanceRetrofitPhasePayload,
  CloseConsentInput,
  CloseConsentPayload,
  Consent,
  CostShare,
  ElevatorRetrofit,
  ElevatorRetrofitConnection,
  OpenConsentInput,
  OpenConsentPayload,
  ProposeElevatorRetrofitInput,
  ProposeElevatorRetrofitPayload,
  RetrofitPhaseTransition,
} from '../types/retrofit';
import { consentValue, lockConsent } from './consent';

@InputType({ description: 'Which elevator retrofits to list.' })
export class ElevatorRetrofitFilter {
  @Field(() => ID, { nullable: true, description: 'Only this building\'s (楼栋).' })
  @IsOptional()
  buildingId?: string;

  @Field(() => ID, { nullable: true, description: 'Only this compound\'s (小区).' })
  @IsOptional()
  compoundId?: string;

  @Field(() => RetrofitPhase, { nullable: true, description: 'Only retrofits in this phase.' })
  @IsOptional()
  phase?: Phase;
}

/** The row if the viewer may see it, else null: a retrofit they may not see answers as one that does not exist. */
export function visibleRetrofit(viewer: HousingViewer, row: ElevatorRetrofitRow | null | undefined): ElevatorRetrofitRow | null {
  return visibleOrNull(elevatorRetrofitRule, viewer, row);
}

/** A retrofit the viewer may see, or NOT_FOUND naming the input field (for a missing one and a hidden one alike). */
export async function requireRetrofit(ctx: HousingContext, id: string, field = 'id'): Promise<ElevatorRetrofitRow> {
  const visible = visibleRetrofit(await housingViewer(ctx), await ctx.loaders.retrofitById.load(id));
  if (!visible) throw notFound('Elevator retrofit', id, field);
  return visible;
}

/**
 * A change sent with a version older than the record's is CONFLICT with the current version before anything else is
 * checked: the caller decided on a state that is gone, and must reload (the compare-and-set still guards the race).
 */
export function assertVersionRead(what: string, row: { id: string; version: number }, expectedVersion: number): void {
  if (row.version === expectedVersion) return;
  throw conflict(`${what} ${row.id} was changed by someone else (you read version ${expectedVersion}; it is now ${row.version}): reload and retry.`, {
    currentVersion: row.version,
    field: 'expectedVersion',
  });
}

const recordMove = (tx: Transaction, retrofitId: string, move: Move<Phase>) => tx.insert(retrofitPhaseTransitions).values({ retrofitId, ...move });

@Resolver(() => ElevatorRetrofit)
export class ElevatorRetrofitResolver {
  @Authorized()
  @Query(() => ElevatorRetrofit, {
    nullable: true,
    description: 'An elevator retrofit; null if there is none or the viewer may not see it (the same answer). Signed-in viewers (else UNAUTHENTICATED).',
  })
  async elevatorRetrofit(@Arg('id', () => ID, { description: 'The retrofit\'s id.' }) id: string, @Ctx() ctx: HousingContext) {
    return visibleRetrofit(await housingViewer(ctx), await ctx.loaders.retrofitById.load(id));
  }

  @Authorized()
  @Query(() => ElevatorRetrofitConnection, {
    nullable: true,
    description: 'Elevator retrofits (加装电梯) the viewer may see, filtered, in pages: all for housing staff, their grids\' for grid workers, their building\'s for residents.',
  })
  async elevatorRetrofits(
    @Arg('filter', () => ElevatorRetrofitFilter, { nullable: true, description: 'Which retrofits.' }) filter: ElevatorRetrofitFilter | undefined,
    @Args(() => PageArgs) page: PageArgs,
    @Ctx() ctx: HousingContext,
  ) {
    const conditions: (SQL | undefined)[] = [elevatorRetrofitRule.where(await housingViewer(ctx))];
    if (filter?.buildingId) conditions.push(eq(elevatorRetrofits.buildingId, filter.buildingId));
    if (filter?.compoundId) conditions.push(eq(elevatorRetrofits.compoundId, filter.compoundId));
    if (filter?.phase) conditions.push(eq(elevatorRetrofits.status, filter.phase));
    return pageOf(ctx.db, page, {
      where: and(...conditions),
      select: (condition) => ctx.db.select().from(elevatorRetrofits).where(condition).$dynamic(),
      key: elevatorRetrofits.id,
      keyOf: (row) => row.id,
    });
  }

  @Authorized<Capability>('housing:manage')
  @Mutation(() => ProposeElevatorRetrofitPayload, {
    nullable: true,
    description:
      'Records a proposal to add a lift, PROPOSED (housing officers). NOT_FOUND for a building community does not know; CONFLICT when a retrofit of the same building or unit is already under way, or an idempotencyKey is reused with another input.',
  })
  async proposeElevatorRetrofit(@Arg('input', () => ProposeElevatorRetrofitInput, { description: 'What to do; see the input type.' }) input: ProposeElevatorRetrofitInput, @Ctx() ctx: HousingContext) {
    return mutate(ctx, input, 'elevatorRetrofit', async () => {
      const building = await readBuilding(ctx, input.buildingId, 'buildingId');
      const stairwellUnit = input.stairwellUnit ?? 0;
      const { id } = await createOnce(
        ctx.db,
        { table: idempotencyKeys, scope: `proposeElevatorRetrofit:${actorOf(ctx.viewer)}`, key: input.idempotencyKey, input: { ...input, clientMutationId: undefined } },
        async (tx) => {
          try {
            // A savepoint, so a refused insert leaves the idempotency claim's transaction usable for the error.
            const [created] = await tx.transaction(
              async (sp) =>
                await sp
                  .insert(elevatorRetrofits)
                  .values({
                    buildingId: input.buildingId,
                    compoundId: building.compoundId,
                    gridId: building.gridId,
                    stairwellUnit,
                    preparationGroup: input.preparationGroup.map(({ name, householdId, role }) => ({ name, householdId: householdId ?? null, role })),
                    totalCostCents: input.totalCostCents,
                    subsidyCents: input.governmentSubsidyCents,
                    createdBy: actorOf(ctx.viewer),
                  })
                  .returning({ id: elevatorRetrofits.id }),
            );
            return created!;
          } catch (error) {
            if (sqlStateOf(error) !== UNIQUE_VIOLATION) throw error;
            throw conflict(
              `A lift retrofit of building ${input.buildingId}${stairwellUnit ? ` unit ${stairwellUnit}` : ''} is already under way: finish or reject it first.`,
              { field: 'buildingId' },
            );
          }
        },
      );
      return requireRetrofit(ctx, id);
    });
  }

  @Authorized<Capability>('housing:manage')
  @Mutation(() => OpenConsentPayload, {
    nullable: true,
    description:
      'Opens the consent of a PROPOSED retrofit (housing officers): the eligible roll is fixed from the households community lists for the building (or unit) now, with their floors and areas, and the retrofit moves to CONSENT_COLLECTING. BAD_USER_INPUT if it is not PROPOSED or the roll would be empty; CONFLICT if expectedVersion is stale.',
  })
  async openConsent(@Arg('input', () => OpenConsentInput, { description: 'What to do; see the input type.' }) input: OpenConsentInput, @Ctx() ctx: HousingContext) {
    return mutate(ctx, input, 'elevatorRetrofit', async () => {
      const retrofit = await requireRetrofit(ctx, input.id);
      assertVersionRead('Elevator retrofit', retrofit, input.expectedVersion);
      retrofitWorkflow.assertMove(retrofit.status, 'CONSENT_COLLECTING');
      const roll = await readRoll(ctx, retrofit.buildingId, retrofit.stairwellUnit);
      if (roll.length === 0) throw badInput(`Building ${retrofit.buildingId} has no households to vote${retrofit.stairwellUnit ? ` in unit ${retrofit.stairwellUnit}` : ''}.`);
      return advance(ctx.db, {
        machine: retrofitWorkflow,
        table: elevatorRetrofits,
        current: { id: retrofit.id, status: retrofit.status },
        to: 'CONSENT_COLLECTING',
        actorSub: actorOf(ctx.viewer),
        expectedVersion: input.expectedVersion,
        record: async (tx, move) => {
          await recordMove(tx, retrofit.id, move);
          await openConsentWithRoll(tx, retrofit.id, roll, actorOf(ctx.viewer));
        },
      });
    });
  }

  @Authorized<Capability>('housing:manage')
  @Mutation(() => CloseConsentPayload, {
    nullable: true,
    description:
      'Closes and counts a retrofit\'s consent (housing officers): every vote cast before is counted, none after; the retrofit moves to PUBLICIZED if approved, REJECTED if not. BAD_USER_INPUT if it is not collecting consent; CONFLICT if expectedVersion is stale or the consent is already closed.',
  })
  async closeConsent(@Arg('input', () => CloseConsentInput, { description: 'What to do; see the input type.' }) input: CloseConsentInput, @Ctx() ctx: HousingContext) {
    return mutate(ctx, input, 'elevatorRetrofit', async () => {
      const retrofit = await requireRetrofit(ctx, input.id);
      assertVersionRead('Elevator retrofit', retrofit, input.expectedVersion);
      if (retrofit.status !== 'CONSENT_COLLECTING') {
        throw badInput(`Elevator retrofit ${retrofit.id} is ${retrofit.status}: only one that is CONSENT_COLLECTING has a consent to close.`);
      }
      return closeConsentOf(ctx.db, { retrofitId: retrofit.id, expectedVersion: input.expectedVersion, actorSub: actorOf(ctx.viewer) });
    });
  }

  @Authorized<Capability>('housing:manage')
  @Mutation(() => AdvanceRetrofitPhasePayload, {
    nullable: true,
    description:
      'Moves a retrofit one phase forward from PUBLICIZED on (housing officers). BAD_USER_INPUT for any other move, including the consent\'s own (open and close the consent instead); CONFLICT if expectedVersion is stale.',
  })
  async advanceRetrofitPhase(@Arg('input', () => AdvanceRetrofitPhaseInput, { description: 'What to do; see the input type.' }) input: AdvanceRetrofitPhaseInput, @Ctx() ctx: HousingContext) {
    return mutate(ctx, input, 'elevatorRetrofit', async () => {
      const retrofit = await requireRetrofit(ctx, input.id);
      assertVersionRead('Elevator retrofit', retrofit, input.expectedVersion);
      if (CONSENT_PHASES.includes(input.to)) {
        throw badInput(`A retrofit enters ${input.to} only through the consent: use openConsent or closeConsent.`, { field: 'to' });
      }
      return advance(ctx.db, {
        machine: retrofitWorkflow,
        table: elevatorRetrofits,
        current: { id: retrofit.id, status: retrofit.status },
        to: input.to,
        actorSub: actorOf(ctx.viewer),
        note: input.note,
        expectedVersion: input.expectedVersion,
        record: (tx, move) => recordMove(tx, retrofit.id, move),
      });
    });
  }

  @FieldResolver(() => RetrofitPhase, { description: 'Where the retrofit stands (加装电梯阶段).' })
  phase(@Root() retrofit: ElevatorRetrofitRow) {
    return retrofit.status;
  }

  @FieldResolver(() => BuildingReference, { nullable: true, description: 'The building (楼栋) the lift is added to.' })
  building(@Root() retrofit: ElevatorRetrofitRow) {
    return reference(retrofit.buildingId);
  }

  @FieldResolver(() => Int, { nullable: true, description: 'The stairwell unit (单元) the lift serves; null for the whole building.' })
  stairwellUnit(@Root() retrofit: ElevatorRetrofitRow) {
    return retrofit.stairwellUnit === 0 ? null : retrofit.stairwellUnit;
  }

  @FieldResolver(() => CentsScalar, { description: 'Government subsidy (政府补贴), in cents.' })
  governmentSubsidyCents(@Root() retrofit: ElevatorRetrofitRow) {
    return retrofit.subsidyCents;
  }

  @FieldResolver(() => CentsScalar, { description: 'What the households pay together: total cost less the subsidy, never below 0.' })
  residentsPayCents(@Root() retrofit: ElevatorRetrofitRow) {
    return Math.max(retrofit.totalCostCents - retrofit.subsidyCents, 0);
  }

  @FieldResolver(() => [RetrofitPhase], { description: 'The phases it may move to next (empty once IN_SERVICE or REJECTED).' })
  allowedTransitions(@Root() retrofit: ElevatorRetrofitRow) {
    return retrofitWorkflow.allowed(retrofit.status);
  }

  @FieldResolver(() => [RetrofitPhaseTransition], { description: 'Every phase change, oldest first.' })
  async phaseHistory(@Root() retrofit: ElevatorRetrofitRow, @Ctx() ctx: HousingContext) {
    return ctx.loaders.retrofitTransitions.load(retrofit.id);
  }

  @FieldResolver(() => Consent, { nullable: true, description: 'The owners\' consent (业主表决); null before it opens.' })
  async consent(@Root() retrofit: ElevatorRetrofitRow, @Ctx() ctx: HousingContext) {
    const row = await ctx.loaders.consentByRetrofit.load(retrofit.id);
    if (!row) return null;
    const tally = await ctx.loaders.tallyByConsent.load(row.id);
    return tally instanceof Error ? tally : consentValue(row, tally);
  }

  @FieldResolver(() => [CostShare], {
    nullable: true,
    description:
      'What each household on the roll pays (分摊), by floor coefficient × floor area (local rule; floors 1–2 pay 0); the shares add up to residentsPayCents exactly, leftover cents going to the largest remainders. Null before the consent fixes the roll.',
  })
  async costShares(@Root() retrofit: ElevatorRetrofitRow, @Ctx() ctx: HousingContext) {
    const row = await ctx.loaders.consentByRetrofit.load(retrofit.id);
    if (!row) return null;
    const roll = await ctx.loaders.rollByConsent.load(row.id);
    const shares = splitCost(
      roll.map((entry) => ({ householdId: entry.householdId, floor: entry.floor, area: BigInt(entry.areaHundredths) })),
      retrofit.totalCostCents,
      retrofit.subsidyCents,
      ctx.settings.floorCoefficients,
    );
    return shares.map((share) => ({
      householdId: share.householdId,
      floor: share.floor,
      areaM2: areaText(share.area),
      floorCoefficient: coefficientText(share.coefficient),
      shareCents: share.shareCents,
    }));
  }
}

/** Opens the consent of a retrofit with its roll, in the caller's transaction (at most one consent per retrofit). */
export async function openConsentWithRoll(
  tx: Transaction,
  retrofitId: string,
  roll: readonly { householdId: string; unit: number; floor: number; area: bigint }[],
  actorSub: string,
): Promise<string> {
  const [opened] = await tx.insert(consents).values({ retrofitId, openedBy: actorSub }).onConflictDoNothing().returning({ id: consents.id });
  if (!opened) throw conflict(`Elevator retrofit ${retrofitId} already has a consent.`);
  await tx.insert(rollEntries).values(
    roll.map((h) => ({ consentId: opened.id, householdId: h.householdId, unit: h.unit, floor: h.floor, areaHundredths: Number(h.area) })),
  );
  return opened.id;
}

/**
 * Closes a retrofit's consent and moves the retrofit by its result, in one transaction. Closing first takes the
 * consent's lock exclusively (see lockConsent): it waits for the votes in progress to commit, so all of them are in the
 * tally read next; a vote arriving later waits for this transaction and then finds the consent CLOSED (CONFLICT). No
 * vote is ever lost silently. A stale expectedVersion rolls it all back (the consent stays open).
 */
export async function closeConsentOf(
  db: HousingContext['db'],
  options: { retrofitId: string; expectedVersion: number; actorSub: string },
): Promise<ElevatorRetrofitRow> {
  const { retrofitId, expectedVersion, actorSub } = options;
  return db.transaction(async (tx) => {
    await lockConsent(tx, retrofitId, 'close');
    const [closed] = await tx
      .update(consents)
      .set({ status: 'CLOSED', closedAt: new Date(), closedBy: actorSub })
      .where(and(eq(consents.retrofitId, retrofitId), eq(consents.status, 'OPEN')))
      .returning();
    if (!closed) {
      const [existing] = await tx.select({ status: consents.status }).from(consents).where(eq(consents.retrofitId, retrofitId));
      if (!existing) throw badInput(`Elevator retrofit ${retrofitId} has no consent to close: open it first.`);
      throw conflict(`The consent of elevator retrofit ${retrofitId} is already closed.`);
    }
    const [tally] = await selectTallies(tx, [closed.id]);
    const { approved } = decideConsent(tally!);
    const to: Phase = approved ? 'PUBLICIZED' : 'REJECTED';
    const moved = await updateVersioned(
      tx,
      elevatorRetrofits,
      { what: 'Elevator retrofit', id: retrofitId, expectedVersion, where: eq(elevatorRetrofits.status, 'CONSENT_COLLECTING') },
      { status: to },
    );
    await recordMove(tx, retrofitId, { from: 'CONSENT_COLLECTING', to, actorSub, note: approved ? 'consent approved' : 'consent not approved' });
    return moved;
  });
}

