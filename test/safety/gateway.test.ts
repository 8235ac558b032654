import { and, eq, inArray, sql } from 'drizzle-orm';
import { DEMO_IDS } from '../../services/demo';
import { SAFETY_DEMO_IDS } from '../../services/safety/demo';
import { alarms, alarmTransitions } from '../../services/safety/tables';
import type { UserErrorValue } from '../support/graphql';
import { ALARM_FIELDS, client, dataOf, rowCount, userErrorOf, USER_ERRORS, useSafetyStack, type AlarmValue } from './fixtures';

const world = useSafetyStack();
const gateway = (token?: string) => client(world.stack.gateway.url, token);

interface Payload {
  alarm: AlarmValue | null;
  userErrors: UserErrorValue[];
}

const OVERVIEW = `query Overview($id: ID!) {
  resident(id: $id) {
    name
    safetyDevices { kind status lastHeartbeatAt }
    alarms(open: true) { totalCount edges { node { kind status responseSeconds responder { name phone } } } }
    household { building { hazards(open: true) { totalCount edges { node { type status rectifyBy reinspectionDueOn site { name } } } } } }
  }
}`;

interface Overview {
  resident: {
    name: string;
    safetyDevices: { kind: string; status: string; lastHeartbeatAt: string | null }[];
    alarms: { totalCount: number; edges: { node: { kind: string; status: string; responseSeconds: number | null; responder: { name: string; phone: string } | null } }[] };
    household: { building: { hazards: { totalCount: number; edges: { node: { type: string; status: string; rectifyBy: string; reinspectionDueOn: string; site: { name: string } } }[] } } };
  };
}

const raise = (token: string, deviceId: string, kind: string, idempotencyKey: string) =>
  gateway(token)<{ raiseAlarm: Payload }>(`mutation($input: RaiseAlarmInput!) { raiseAlarm(input: $input) { alarm { ${ALARM_FIELDS} } ${USER_ERRORS} } }`, {
    input: { deviceId, kind, idempotencyKey },
  });

const step = (token: string, mutation: string, input: Record<string, unknown>) =>
  gateway(token)<Record<string, Payload>>(
    `mutation($input: ${mutation[0]!.toUpperCase()}${mutation.slice(1)}Input!) { ${mutation}(input: $input) { alarm { ${ALARM_FIELDS} responder { id name } transitions { from to actorSub } } ${USER_ERRORS} } }`,
    { input },
  );

describe('one request through the gateway', () => {
  it("returns a resident's devices, open alarms with the responder's name and phone, and their building's open hazards", async () => {
    const { resident } = dataOf(await gateway(world.token.elder)<Overview>(OVERVIEW, { id: DEMO_IDS.elderLivingAlone }));
    expect(resident.safetyDevices.map((d) => d.kind).sort()).toEqual(['SMOKE_ALARM', 'SOS_BUTTON']);
    for (const device of resident.safetyDevices) {
      expect(device).toEqual({ kind: device.kind, status: expect.stringMatching(/^(ONLINE|LOW_BATTERY)$/), lastHeartbeatAt: expect.any(String) });
    }
    const sos = resident.alarms.edges.map((e) => e.node).find((a) => a.kind === 'SOS');
    expect(sos).toEqual({ kind: 'SOS', status: 'DISPATCHED', responseSeconds: 95, responder: { name: expect.any(String), phone: expect.stringMatching(/^1\d{10}$/) } });
    const hazards = resident.household.building.hazards.edges.map((e) => e.node);
    expect(hazards).toEqual([
      { type: 'EBIKE_INDOOR_CHARGING', status: 'ACCEPTED', rectifyBy: '2026-12-04', reinspectionDueOn: '2026-12-09', site: { name: expect.stringContaining('阳光花园') } },
    ]);
  });

  it("gives an officer of another domain the resident but not their devices and alarms: a home without any, as far as they learn", async () => {
    const response = await gateway(world.token.housingOfficer)<{ resident: { name: string; safetyDevices: unknown[]; alarms: { totalCount: number } } }>(
      `{ resident(id: "${DEMO_IDS.elderLivingAlone}") { name safetyDevices { kind } alarms { totalCount } } }`,
    );
    expect(response.errors).toBeUndefined();
    expect(response.data?.resident).toEqual({ name: expect.any(String), safetyDevices: [], alarms: { totalCount: 0 } });
  });
});

describe("a grid's open alarms", () => {
  it("are its workers' to see, with the responder, and FORBIDDEN to another grid's", async () => {
    type Open = { openAlarms: { edges: { node: { id: string; status: string; responder: { name: string } | null } }[] } | null };
    const query = `{ openAlarms(gridId: "${DEMO_IDS.grid}", first: 100) { edges { node { id status responder { name } } } } }`;
    const { openAlarms } = dataOf(await gateway(world.token.gridWorker)<Open>(query));
    expect(openAlarms!.edges.map((e) => e.node)).toContainEqual({ id: SAFETY_DEMO_IDS.elderSos, status: 'DISPATCHED', responder: { name: expect.any(String) } });
    expect(openAlarms!.edges.every((e) => ['RAISED', 'ACKNOWLEDGED', 'DISPATCHED'].includes(e.node.status))).toBe(true);
    const refused = await gateway(world.token.otherGridWorker)<Open>(query);
    expect(refused.data?.openAlarms).toBeNull();
    expect(refused.errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
  });
});

describe('the alarm lifecycle through the gateway', () => {
  it('runs RAISED → ACKNOWLEDGED → DISPATCHED → RESOLVED, each step recorded, with the response time derived', async () => {
    const raised = dataOf(await raise(world.token.deviceGateway, DEMO_IDS.smokeAlarm, 'SMOKE', 'gw-lifecycle-1')).raiseAlarm.alarm!;
    expect(raised).toMatchObject({ status: 'RAISED', version: 1, responseSeconds: null, allowedTransitions: ['ACKNOWLEDGED', 'FALSE_ALARM', 'ESCALATED'] });

    const acknowledged = dataOf(await step(world.token.gridWorker, 'acknowledgeAlarm', { id: raised.id, expectedVersion: 1 })).acknowledgeAlarm!.alarm!;
    expect(acknowledged).toMatchObject({ status: 'ACKNOWLEDGED', version: 2, acknowledgedAt: expect.any(String) });
    expect(acknowledged.responseSeconds).toBe(Math.max(0, Math.round((Date.parse(acknowledged.acknowledgedAt!) - Date.parse(raised.raisedAt)) / 1000)));

    const dispatched = dataOf(
      await step(world.token.gridWorker, 'dispatchAlarm', { id: raised.id, expectedVersion: 2, responderId: DEMO_IDS.fullTimeWorker, note: '上门查看' }),
    ).dispatchAlarm!.alarm as AlarmValue & { responder: { id: string; name: string } };
    expect(dispatched).toMatchObject({ status: 'DISPATCHED', version: 3, responder: { id: DEMO_IDS.fullTimeWorker, name: expect.any(String) } });

    const resolved = dataOf(await step(world.token.gridWorker, 'resolveAlarm', { id: raised.id, expectedVersion: 3, outcome: 'RESOLVED' })).resolveAlarm!.alarm as AlarmValue & {
      transitions: { from: string; to: string; actorSub: string }[];
    };
    expect(resolved).toMatchObject({ status: 'RESOLVED', version: 4, closedAt: expect.any(String), allowedTransitions: [] });
    expect(resolved.transitions.map((t) => `${t.from}→${t.to}`)).toEqual(['RAISED→ACKNOWLEDGED', 'ACKNOWLEDGED→DISPATCHED', 'DISPATCHED→RESOLVED']);
  });

  it('refuses an illegal transition as BAD_USER_INPUT naming the allowed moves, and writes nothing', async () => {
    const raised = dataOf(await raise(world.token.deviceGateway, DEMO_IDS.smokeAlarm, 'SMOKE', 'gw-illegal-1')).raiseAlarm.alarm!;
    const payload = dataOf(await step(world.token.gridWorker, 'resolveAlarm', { id: raised.id, expectedVersion: 1, outcome: 'RESOLVED' })).resolveAlarm!;
    expect(payload.alarm).toBeNull();
    expect(userErrorOf(payload, 'BAD_USER_INPUT').message).toBe('An alarm that is RAISED can only move to ACKNOWLEDGED or FALSE_ALARM or ESCALATED, not RESOLVED.');
    expect(await rowCount(world.stack, alarmTransitions, eq(alarmTransitions.alarmId, raised.id))).toBe(0);
    const [row] = await world.stack.handle.db.select().from(alarms).where(eq(alarms.id, raised.id));
    expect(row).toMatchObject({ status: 'RAISED', version: 1 });
  });

  it("refuses a responder from another grid (BAD_USER_INPUT) and a stale version (CONFLICT)", async () => {
    const raised = dataOf(await raise(world.token.deviceGateway, DEMO_IDS.smokeAlarm, 'SMOKE', 'gw-responder-1')).raiseAlarm.alarm!;
    dataOf(await step(world.token.gridWorker, 'acknowledgeAlarm', { id: raised.id, expectedVersion: 1 }));
    const stale = dataOf(await step(world.token.gridWorker, 'dispatchAlarm', { id: raised.id, expectedVersion: 1, responderId: DEMO_IDS.fullTimeWorker })).dispatchAlarm!;
    expect(userErrorOf(stale, 'CONFLICT').currentVersion).toBe(2);
    const elsewhere = dataOf(await step(world.token.gridWorker, 'dispatchAlarm', { id: raised.id, expectedVersion: 2, responderId: 'worker-0300' })).dispatchAlarm!;
    expect(userErrorOf(elsewhere, 'BAD_USER_INPUT')).toMatchObject({ field: ['input', 'responderId'] });
    const unknown = dataOf(await step(world.token.gridWorker, 'dispatchAlarm', { id: raised.id, expectedVersion: 2, responderId: 'worker-none' })).dispatchAlarm!;
    expect(userErrorOf(unknown, 'NOT_FOUND').field).toEqual(['input', 'responderId']);
  });

  it('escalates an alarm nobody acknowledged exactly once when two sweeps run at once', async () => {
    const first = dataOf(await raise(world.token.deviceGateway, DEMO_IDS.sosButton, 'SOS', 'gw-sweep-1')).raiseAlarm.alarm!;
    const second = dataOf(await raise(world.token.deviceGateway, DEMO_IDS.smokeAlarm, 'SMOKE', 'gw-sweep-2')).raiseAlarm.alarm!;
    const mine = [first.id, second.id];
    // Nobody answered for ten minutes (the allowed time is five).
    await world.stack.handle.db.update(alarms).set({ raisedAt: sql`now() - interval '10 minutes'` }).where(inArray(alarms.id, mine));
    const sweep = () =>
      gateway(world.token.safetyOfficer)<{ escalateUnacknowledgedAlarms: { escalatedAlarms: { id: string; status: string; escalatedTo: string }[]; userErrors: UserErrorValue[] } }>(
        `mutation { escalateUnacknowledgedAlarms(input: {}) { escalatedAlarms { id status escalatedTo } ${USER_ERRORS} } }`,
      );
    const results = (await Promise.all([sweep(), sweep()])).map((r) => dataOf(r).escalateUnacknowledgedAlarms.escalatedAlarms.filter((a) => mine.includes(a.id)));
    // Each alarm escalated by one sweep only (the replicas' own schedule may have been first: then by neither).
    const escalated = results.flat();
    expect(new Set(escalated.map((a) => a.id)).size).toBe(escalated.length);
    expect(await rowCount(world.stack, alarmTransitions, and(inArray(alarmTransitions.alarmId, mine), eq(alarmTransitions.to, 'ESCALATED')))).toBe(2);
    const rows = await world.stack.handle.db.select({ id: alarms.id, status: alarms.status, escalatedTo: alarms.escalatedTo }).from(alarms).where(inArray(alarms.id, mine));
    expect(Object.fromEntries(rows.map((a) => [a.id, `${a.status} ${a.escalatedTo}`]))).toEqual({ [first.id]: 'ESCALATED AMBULANCE_120', [second.id]: 'ESCALATED FIRE_119' });
    // A third sweep finds nothing of these left to escalate.
    expect(dataOf(await sweep()).escalateUnacknowledgedAlarms.escalatedAlarms.filter((a) => mine.includes(a.id))).toEqual([]);
  });
});

describe('the public drill schedule', () => {
  it('is open to anonymous callers, with the overdue sites of a community', async () => {
    const { community } = dataOf(
      await gateway()<{ community: { fireDrills: { totalCount: number }; overdueDrills: { edges: { node: { id: string; isKeyUnit: boolean } }[] } } }>(
        `{ community(id: "community-01") { fireDrills { totalCount } overdueDrills { edges { node { id isKeyUnit } } } } }`,
      ),
    );
    expect(community.fireDrills.totalCount).toBe(5);
    expect(community.overdueDrills.edges.map((e) => e.node.id)).toContain('site-kindergarten-2');
    expect(community.overdueDrills.edges.map((e) => e.node.id)).not.toContain('site-kindergarten-1');
    const { market } = dataOf(await gateway()<{ market: { areaM2: string; builtYear: number } }>(`{ market: site(id: "${SAFETY_DEMO_IDS.market}") { areaM2 builtYear } }`));
    expect(market).toEqual({ areaM2: '20000.00', builtYear: 1997 });
  });
});
