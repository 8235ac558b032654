import { and, eq, lt, sql } from 'drizzle-orm';
import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { refusal } from '../../kit/access';
import { badInput, conflict, forbidden, notFound } from '../../kit/errors';
import { mutate } from '../../kit/mutations';
import { PageArgs } from '../../kit/pagination';
import { reference } from '../../kit/references';
import { advance } from '../../kit/workflow';
import type { Capability } from '../../domain/capabilities';
import { actorOf, hasRole, isAdmin, worksInGrid } from '../../domain/people';
import { assertWorkerOfGrid } from '../../domain/grid-workers';
import { seesGrid, type AlarmRecord } from '../access';
import type { SafetyContext } from '../loaders';
import { alarmWorkflow, responseSeconds, SERVICE_FOR_KIND } from '../rules/alarms';
import { ALARM_KINDS, type AlarmStatus as AlarmStatusValue } from '../rules/enums';
import { alarms, alarmTransitions, householdCopies, type AlarmRow } from '../tables';
import {
  AcknowledgeAlarmInput,
  AcknowledgeAlarmPayload,
  Alarm,
  AlarmConnection,
  AlarmTransition,
  DispatchAlarmInput,
  DispatchAlarmPayload,
  EscalateAlarmInput,
  EscalateAlarmPayload,
  EscalateUnacknowledgedAlarmsInput,
  EscalateUnacknowledgedAlarmsPayload,
  RaiseAlarmInput,
  RaiseAlarmPayload,
  ResolveAlarmInput,
  ResolveAlarmPayload,
  type AlarmStepInput,
} from '../types/alarm';
import { SafetyDevice } from '../types/device';
import { AlarmStatus } from '../types/enums';
import { GridWorkerReference, HouseholdReference } from '../types/references';
import { alarmPage, isOpenAlarm } from './lists';

export async function openAlarmsOf(ctx: SafetyContext, gridId: string, page: PageArgs) {
  if (!seesGrid(ctx.viewer, gridId)) throw refusal(ctx.viewer, `Only the workers of grid ${gridId}, safety officers and admins see its alarms.`);
  return alarmPage(ctx, page, and(eq(householdCopies.gridId, gridId), isOpenAlarm()));
}

/** Answering and closing alarms: the household grid's workers, safety officers and admins. */
function assertResponds(ctx: SafetyContext, alarm: AlarmRecord) {
  if (isAdmin(ctx.viewer) || hasRole(ctx.viewer, 'safety_officer') || worksInGrid(ctx.viewer, alarm.gridId)) return;
  throw forbidden(`Only the workers of the household's grid, safety officers and admins may handle alarm ${alarm.id}.`);
}

async function loadAlarm(ctx: SafetyContext, id: string): Promise<AlarmRecord> {
  const alarm = await ctx.loaders.alarmById.load(id);
  if (!alarm) throw notFound('Alarm', id, 'id');
  return alarm;
}

/** One step of an alarm on the kit's state machine, with the step's own columns set in the same transaction. */
async function step(ctx: SafetyContext, input: AlarmStepInput, to: AlarmStatusValue, prepare?: (alarm: AlarmRecord) => Promise<Partial<AlarmRow>>) {
  const current = await loadAlarm(ctx, input.id);
  assertResponds(ctx, current);
  alarmWorkflow.assertMove(current.status, to);
  const changes = { ...(await prepare?.(current)), ...(alarmWorkflow.allowed(to).length === 0 ? { closedAt: new Date() } : {}) };
  await advance(ctx.db, {
    machine: alarmWorkflow,
    table: alarms,
    current,
    to,
    expectedVersion: input.expectedVersion,
    actorSub: actorOf(ctx.viewer),
    note: input.note,
    record: async (tx, move) => {
      if (Object.keys(changes).length) await tx.update(alarms).set(changes).where(eq(alarms.id, current.id));
      await tx.insert(alarmTransitions).values({ alarmId: current.id, ...move });
    },
  });
  ctx.loaders.alarmById.clear(current.id);
  return ctx.loaders.alarmById.load(current.id);
}

@Resolver(() => Alarm)
export class AlarmResolver {
  @Authorized()
  @Query(() => Alarm, { nullable: true, description: "An alarm by id; null if unknown. Its household, its grid's workers, safety officers and admins." })
  async alarm(@Arg('id', () => ID, { description: 'The alarm id.' }) id: string, @Ctx() ctx: SafetyContext) {
    return ctx.loaders.alarmById.load(id);
  }

  @Authorized()
  @Query(() => AlarmConnection, {
    nullable: true,
    description: "Open alarms of a grid's homes (RAISED, ACKNOWLEDGED or DISPATCHED; 未处置报警). The grid's workers, safety officers and admins; FORBIDDEN otherwise.",
  })
  async openAlarms(@Arg('gridId', () => ID, { description: 'The grid.' }) gridId: string, @Args() page: PageArgs, @Ctx() ctx: SafetyContext) {
    return openAlarmsOf(ctx, gridId, page);
  }

  @Authorized()
  @Mutation(() => RaiseAlarmPayload, {
    nullable: true,
    description:
      'Raises an alarm (报警), exactly once per device and idempotencyKey whatever the retries: a retry returns the first alarm; the same key with another kind is CONFLICT. The device gateway, safety officers and admins for any device; grid workers in their grids; a resident an SOS for their own home.',
  })
  async raiseAlarm(@Arg('input', () => RaiseAlarmInput, { description: 'What to record or change, as the input type describes.' }) input: RaiseAlarmInput, @Ctx() ctx: SafetyContext) {
    return mutate(ctx, input, 'alarm', async () => {
      const device = await ctx.loaders.deviceById.load(input.deviceId);
      if (!device) throw notFound('SafetyDevice', input.deviceId, 'deviceId');
      const { viewer } = ctx;
      const mayRaise =
        isAdmin(viewer) || hasRole(viewer, 'device_gateway', 'safety_officer') || worksInGrid(viewer, device.gridId) || (device.isViewers && input.kind === 'SOS');
      if (!mayRaise) throw forbidden(`You may not raise a ${input.kind} alarm for device ${device.id}: residents raise an SOS for their own home.`);
      // The unique (device, key) index decides: of concurrent raises with one key, one inserts; the others wait for
      // it to commit and then find it.
      const [created] = await ctx.db
        .insert(alarms)
        .values({ deviceId: device.id, householdId: device.householdId, kind: input.kind, idempotencyKey: input.idempotencyKey })
        .onConflictDoNothing({ target: [alarms.deviceId, alarms.idempotencyKey] })
        .returning({ id: alarms.id });
      const [first] = created
        ? [created]
        : await ctx.db
            .select({ id: alarms.id, kind: alarms.kind })
            .from(alarms)
            .where(and(eq(alarms.deviceId, device.id), eq(alarms.idempotencyKey, input.idempotencyKey)));
      if (!first) throw new Error(`alarm of device ${device.id} with key ${input.idempotencyKey} neither inserted nor found`);
      if ('kind' in first && first.kind !== input.kind) {
        throw conflict(`idempotencyKey ${input.idempotencyKey} already raised a ${first.kind} alarm on device ${device.id}: use a new key for a new alarm.`, {
          field: 'idempotencyKey',
        });
      }
      return ctx.loaders.alarmById.load(first.id);
    });
  }

  @Authorized<Capability>('safety:respond')
  @Mutation(() => AcknowledgeAlarmPayload, { nullable: true, description: "Acknowledges an alarm (响应): RAISED → ACKNOWLEDGED. The household grid's workers, safety officers and admins." })
  async acknowledgeAlarm(@Arg('input', () => AcknowledgeAlarmInput, { description: 'What to record or change, as the input type describes.' }) input: AcknowledgeAlarmInput, @Ctx() ctx: SafetyContext) {
    return mutate(ctx, input, 'alarm', () => step(ctx, input, 'ACKNOWLEDGED', async () => ({ acknowledgedAt: new Date() })));
  }

  @Authorized<Capability>('safety:respond')
  @Mutation(() => DispatchAlarmPayload, {
    nullable: true,
    description: "Sends a responder (派员): ACKNOWLEDGED → DISPATCHED. The responder must be a grid worker of the household's grid (BAD_USER_INPUT otherwise; NOT_FOUND if unknown).",
  })
  async dispatchAlarm(@Arg('input', () => DispatchAlarmInput, { description: 'What to record or change, as the input type describes.' }) input: DispatchAlarmInput, @Ctx() ctx: SafetyContext) {
    return mutate(ctx, input, 'alarm', () =>
      step(ctx, input, 'DISPATCHED', async (alarm) => {
        // Who works in which grid is community's fact, read at the moment of dispatch with the caller's token.
        return { responderId: await assertWorkerOfGrid(ctx.peer('community'), input.responderId, alarm.gridId, 'responderId'), dispatchedAt: new Date() };
      }),
    );
  }

  @Authorized<Capability>('safety:respond')
  @Mutation(() => ResolveAlarmPayload, { nullable: true, description: 'Closes an alarm as RESOLVED (handled on site) or FALSE_ALARM. Illegal moves are BAD_USER_INPUT naming the allowed ones.' })
  async resolveAlarm(@Arg('input', () => ResolveAlarmInput, { description: 'What to record or change, as the input type describes.' }) input: ResolveAlarmInput, @Ctx() ctx: SafetyContext) {
    return mutate(ctx, input, 'alarm', async () => {
      if (input.outcome !== 'RESOLVED' && input.outcome !== 'FALSE_ALARM') throw badInput(`outcome must be RESOLVED or FALSE_ALARM, not ${input.outcome}.`, { field: 'outcome' });
      return step(ctx, input, input.outcome);
    });
  }

  @Authorized<Capability>('safety:respond')
  @Mutation(() => EscalateAlarmPayload, { nullable: true, description: 'Hands an open alarm to an emergency service (升级至119/120/110): → ESCALATED.' })
  async escalateAlarm(@Arg('input', () => EscalateAlarmInput, { description: 'What to record or change, as the input type describes.' }) input: EscalateAlarmInput, @Ctx() ctx: SafetyContext) {
    return mutate(ctx, input, 'alarm', () => step(ctx, input, 'ESCALATED', async () => ({ escalatedTo: input.service })));
  }

  @Authorized<Capability>('safety:sweep')
  @Mutation(() => EscalateUnacknowledgedAlarmsPayload, {
    nullable: true,
    description:
      'The escalation sweep: every alarm still RAISED past the allowed time is ESCALATED to the service for its kind. Safe to run often and from several places at once: each alarm is escalated once. Safety officers, the device gateway and admins.',
  })
  async escalateUnacknowledgedAlarms(@Arg('input', () => EscalateUnacknowledgedAlarmsInput, { description: 'What to record or change, as the input type describes.' }) input: EscalateUnacknowledgedAlarmsInput, @Ctx() ctx: SafetyContext) {
    return mutate(ctx, input, 'escalatedAlarms', async () => {
      const ids = await escalateUnacknowledged(ctx);
      return (await ctx.loaders.alarmById.loadMany(ids)).filter((alarm): alarm is AlarmRecord => !!alarm && !(alarm instanceof Error));
    });
  }

  @FieldResolver(() => [AlarmStatus], { description: 'The states it may move to next (none once final).' })
  allowedTransitions(@Root() alarm: AlarmRecord) {
    return alarmWorkflow.allowed(alarm.status);
  }

  @FieldResolver(() => Int, { nullable: true, description: 'Seconds from raising to acknowledging (响应时长); null until acknowledged.' })
  responseSeconds(@Root() alarm: AlarmRecord) {
    return responseSeconds(alarm);
  }

  @FieldResolver(() => SafetyDevice, { nullable: true, description: 'The device that raised it.' })
  async device(@Root() alarm: AlarmRecord, @Ctx() ctx: SafetyContext) {
    return ctx.loaders.deviceById.load(alarm.deviceId);
  }

  @FieldResolver(() => HouseholdReference, { nullable: true, description: 'The home it came from (户).' })
  household(@Root() alarm: AlarmRecord) {
    return reference(alarm.householdId);
  }

  @FieldResolver(() => GridWorkerReference, { nullable: true, description: "The responder sent (处置人): a grid worker of the household's grid; null until dispatched." })
  responder(@Root() alarm: AlarmRecord) {
    return alarm.responderId ? reference(alarm.responderId) : null;
  }

  @FieldResolver(() => [AlarmTransition], { description: 'Every step after raising, oldest first.' })
  async transitions(@Root() alarm: AlarmRecord, @Ctx() ctx: SafetyContext) {
    return ctx.loaders.transitionsByAlarm.load(alarm.id);
  }
}

/**
 * Escalates every alarm nobody acknowledged in time, in ONE conditional UPDATE with its transitions in the same
 * transaction: a concurrent sweep (another replica) waits on the rows, re-checks `status = RAISED` after the first
 * commits, and skips them. Returns the ids escalated by this sweep.
 */
export async function escalateUnacknowledged(ctx: Pick<SafetyContext, 'db' | 'settings'>, now: Date = new Date()): Promise<string[]> {
  const serviceForKind = sql`(case ${alarms.kind} ${sql.join(
    ALARM_KINDS.map((kind) => sql`when ${kind}::safety.alarm_kind then ${SERVICE_FOR_KIND[kind]}::safety.emergency_service`),
    sql` `,
  )} end)`;
  return ctx.db.transaction(async (tx) => {
    const escalated = await tx
      .update(alarms)
      .set({ status: 'ESCALATED', escalatedTo: serviceForKind, closedAt: now, version: sql`${alarms.version} + 1`, updatedAt: now })
      .where(and(eq(alarms.status, 'RAISED'), lt(alarms.raisedAt, new Date(now.getTime() - ctx.settings.acknowledgeWithinMs))))
      .returning({ id: alarms.id });
    if (escalated.length) {
      await tx.insert(alarmTransitions).values(
        escalated.map(({ id }) => ({ alarmId: id, from: 'RAISED' as const, to: 'ESCALATED' as const, actorSub: 'sweep', note: 'not acknowledged in time: escalated automatically' })),
      );
    }
    return escalated.map(({ id }) => id);
  });
}
