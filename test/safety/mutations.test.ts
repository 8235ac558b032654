import { and, eq, like } from 'drizzle-orm';
import { DEMO_IDS, buildDemoDistrict } from '../../services/demo';
import { alarms, auditLog, devices, hazardHistory, hazards, householdCopies } from '../../services/safety/tables';
import type { UserErrorValue } from '../support/graphql';
import { ALARM_FIELDS, client, dataOf, errorOf, rowCount, userErrorOf, USER_ERRORS, useSafetyStack, type AlarmValue } from './fixtures';

/**
 * Safety's writes against PostgreSQL (the concurrency tests need it: PGlite has one connection, so nothing would run
 * at the same time there).
 */
const onPostgres = process.env.DATABASE_URL ? describe : describe.skip;
if (!process.env.DATABASE_URL) console.warn('test/safety/mutations: DATABASE_URL is unset, so the concurrency tests are skipped: they need PostgreSQL.');

const world = useSafetyStack();
const gateway = (token?: string) => client(world.stack.gateway.url, token);
/** The safety subgraph itself, as a device gateway talks to it. */
const safety = (token?: string) => client(world.stack.subgraphs.safety!.url, token);

interface RaisePayload {
  raiseAlarm: { alarm: AlarmValue | null; userErrors: UserErrorValue[] } | null;
}
const RAISE = `mutation($input: RaiseAlarmInput!) { raiseAlarm(input: $input) { alarm { ${ALARM_FIELDS} } ${USER_ERRORS} } }`;

onPostgres('raiseAlarm under retries and concurrency', () => {
  it('creates exactly one alarm for 50 simultaneous calls with one key, and all 50 answer it', async () => {
    const input = { deviceId: DEMO_IDS.sosButton, kind: 'SOS', idempotencyKey: 'retry-storm-1' };
    const responses = await Promise.all(Array.from({ length: 50 }, () => gateway(world.token.deviceGateway)<RaisePayload>(RAISE, { input })));
    const ids = new Set(responses.map((r) => dataOf(r).raiseAlarm!.alarm!.id));
    expect(ids.size).toBe(1);
    expect(await rowCount(world.stack, alarms, and(eq(alarms.deviceId, DEMO_IDS.sosButton), eq(alarms.idempotencyKey, 'retry-storm-1')))).toBe(1);
  });

  it('answers the same key with another kind as CONFLICT, creating nothing', async () => {
    const input = { deviceId: DEMO_IDS.smokeAlarm, kind: 'SMOKE', idempotencyKey: 'conflict-1' };
    dataOf(await gateway(world.token.deviceGateway)<RaisePayload>(RAISE, { input }));
    const payload = dataOf(await gateway(world.token.deviceGateway)<RaisePayload>(RAISE, { input: { ...input, kind: 'GAS' } })).raiseAlarm;
    expect(payload!.alarm).toBeNull();
    expect(userErrorOf(payload, 'CONFLICT').field).toEqual(['input', 'idempotencyKey']);
    expect(await rowCount(world.stack, alarms, eq(alarms.idempotencyKey, 'conflict-1'))).toBe(1);
  });

  it('stores 500 alarms from 500 devices raised at once, each exactly once', async () => {
    const homes = buildDemoDistrict().households.slice(100, 600);
    const fitted = await world.stack.handle.db
      .insert(devices)
      .values(homes.map((h, i) => ({ id: `load-device-${i}`, householdId: h.id, kind: 'SMOKE_ALARM' as const })))
      .returning({ id: devices.id });
    const responses = await Promise.all(
      fitted.map(({ id }) => safety(world.token.deviceGateway)<RaisePayload>(RAISE, { input: { deviceId: id, kind: 'SMOKE', idempotencyKey: `load-${id}` } })),
    );
    expect(responses.filter((r) => dataOf(r).raiseAlarm!.alarm?.status === 'RAISED')).toHaveLength(500);
    const stored = await world.stack.handle.db.select({ deviceId: alarms.deviceId }).from(alarms).where(like(alarms.deviceId, 'load-device-%'));
    expect(stored).toHaveLength(500);
    expect(new Set(stored.map((s) => s.deviceId)).size).toBe(500);
  });
});

describe('who may raise an alarm', () => {
  it('lets a resident raise an SOS for their own home, not a smoke alarm nor for another home', async () => {
    const own = dataOf(await gateway(world.token.elder)<RaisePayload>(RAISE, { input: { deviceId: DEMO_IDS.sosButton, kind: 'SOS', idempotencyKey: 'elder-1' } }));
    expect(own.raiseAlarm!.alarm).toMatchObject({ kind: 'SOS', status: 'RAISED' });
    errorOf(await gateway(world.token.elder)<RaisePayload>(RAISE, { input: { deviceId: DEMO_IDS.sosButton, kind: 'SMOKE', idempotencyKey: 'elder-2' } }), 'FORBIDDEN');
    // Another home's device is hidden from a neighbour: answered as an unknown one, nothing written, the attempt audited.
    const denied = () => rowCount(world.stack, auditLog, and(eq(auditLog.actorSub, 'resident:resident-00002'), eq(auditLog.subjectId, DEMO_IDS.sosButton), eq(auditLog.outcome, 'DENIED')));
    const deniedBefore = await denied();
    const neighbours = dataOf(await gateway(world.token.neighbour)<RaisePayload>(RAISE, { input: { deviceId: DEMO_IDS.sosButton, kind: 'SOS', idempotencyKey: 'n-1' } })).raiseAlarm;
    expect(neighbours!.alarm).toBeNull();
    expect(userErrorOf(neighbours, 'NOT_FOUND')).toMatchObject({ field: ['input', 'deviceId'], message: expect.stringContaining(DEMO_IDS.sosButton) });
    expect(await rowCount(world.stack, alarms, eq(alarms.idempotencyKey, 'n-1'))).toBe(0);
    expect(await denied()).toBe(deniedBefore + 1);
    errorOf(await gateway()<RaisePayload>(RAISE, { input: { deviceId: DEMO_IDS.sosButton, kind: 'SOS', idempotencyKey: 'anon-1' } }), 'UNAUTHENTICATED');
  });

  it('answers an unknown device as NOT_FOUND and a missing key as invalid input', async () => {
    const payload = dataOf(await gateway(world.token.deviceGateway)<RaisePayload>(RAISE, { input: { deviceId: 'device-none', kind: 'SOS', idempotencyKey: 'x-1' } })).raiseAlarm;
    expect(userErrorOf(payload, 'NOT_FOUND').field).toEqual(['input', 'deviceId']);
    errorOf(await gateway(world.token.deviceGateway)<RaisePayload>(RAISE, { input: { deviceId: DEMO_IDS.sosButton, kind: 'SOS' } }), 'BAD_USER_INPUT');
  });
});

describe('devices', () => {
  const HEARTBEAT = `mutation($input: RecordHeartbeatInput!) { recordHeartbeat(input: $input) { safetyDevice { id status batteryPercent lastHeartbeatAt } ${USER_ERRORS} } }`;
  type Heartbeat = { recordHeartbeat: { safetyDevice: { id: string; status: string; batteryPercent: number } | null; userErrors: UserErrorValue[] } };

  it('records heartbeats from the device gateway only, low battery shown', async () => {
    const device = dataOf(await safety(world.token.deviceGateway)<Heartbeat>(HEARTBEAT, { input: { deviceId: DEMO_IDS.smokeAlarm, batteryPercent: 12 } }));
    expect(device.recordHeartbeat.safetyDevice).toMatchObject({ status: 'LOW_BATTERY', batteryPercent: 12 });
    errorOf(await safety(world.token.gridWorker)<Heartbeat>(HEARTBEAT, { input: { deviceId: DEMO_IDS.smokeAlarm, batteryPercent: 90 } }), 'FORBIDDEN');
    errorOf(await safety(world.token.deviceGateway)<Heartbeat>(HEARTBEAT, { input: { deviceId: DEMO_IDS.smokeAlarm, batteryPercent: 101 } }), 'BAD_USER_INPUT');
    const unknown = dataOf(await safety(world.token.deviceGateway)<Heartbeat>(HEARTBEAT, { input: { deviceId: 'device-none', batteryPercent: 50 } }));
    expect(userErrorOf(unknown.recordHeartbeat, 'NOT_FOUND').field).toEqual(['input', 'deviceId']);
  });

  it("lists a grid's devices silent past the interval as offline, to its workers only", async () => {
    type Offline = { grid: { offlineDevices: { totalCount: number; edges: { node: { id: string; status: string } }[] } | null } };
    const query = `{ grid(id: "${DEMO_IDS.grid}") { offlineDevices(first: 100) { totalCount edges { node { id status } } } } }`;
    const before = dataOf(await gateway(world.token.gridWorker)<Offline>(query)).grid.offlineDevices!;
    expect(before.edges.every((e) => e.node.status === 'OFFLINE')).toBe(true);
    const [device] = await world.stack.handle.db
      .insert(devices)
      .values({ householdId: DEMO_IDS.household, kind: 'DOOR_SENSOR', lastHeartbeatAt: new Date(Date.now() - 3 * 86_400_000) })
      .returning();
    const after = dataOf(await gateway(world.token.gridWorker)<Offline>(query)).grid.offlineDevices!;
    expect(after.totalCount).toBe(before.totalCount + 1);
    expect(after.edges.map((e) => e.node.id)).toContain(device!.id);
    const refused = await gateway(world.token.otherGridWorker)<Offline>(query);
    expect(refused.data?.grid.offlineDevices).toBeNull();
    errorOf(refused, 'FORBIDDEN');
  });

  it('registers a device once per idempotency key, in a household community knows', async () => {
    const REGISTER = `mutation($input: RegisterDeviceInput!) { registerDevice(input: $input) { safetyDevice { id kind status household { id } } ${USER_ERRORS} } }`;
    type Register = { registerDevice: { safetyDevice: { id: string; kind: string; status: string } | null; userErrors: UserErrorValue[] } };
    const input = { householdId: DEMO_IDS.household, kind: 'GAS_DETECTOR', idempotencyKey: 'fit-gas-1' };
    const first = dataOf(await gateway(world.token.gridWorker)<Register>(REGISTER, { input })).registerDevice.safetyDevice!;
    const again = dataOf(await gateway(world.token.gridWorker)<Register>(REGISTER, { input })).registerDevice.safetyDevice!;
    expect(again.id).toBe(first.id);
    expect(first).toMatchObject({ kind: 'GAS_DETECTOR', status: 'OFFLINE' });
    const unknown = dataOf(await gateway(world.token.gridWorker)<Register>(REGISTER, { input: { ...input, householdId: 'household-none', idempotencyKey: 'fit-none' } }));
    expect(userErrorOf(unknown.registerDevice, 'NOT_FOUND').field).toEqual(['input', 'householdId']);
    errorOf(await gateway(world.token.otherGridWorker)<Register>(REGISTER, { input: { ...input, idempotencyKey: 'fit-other' } }), 'FORBIDDEN');
  });

  it('asks community for the grid of a household safety has no copy of yet, and keeps the copy', async () => {
    const home = buildDemoDistrict().households.find((h) => h.buildingId === 'building-0001' && h.id !== DEMO_IDS.household)!;
    await world.stack.handle.db.delete(householdCopies).where(eq(householdCopies.id, home.id));
    const REGISTER = `mutation($input: RegisterDeviceInput!) { registerDevice(input: $input) { safetyDevice { id household { id } } ${USER_ERRORS} } }`;
    const payload = dataOf(
      await gateway(world.token.gridWorker)<{ registerDevice: { safetyDevice: { id: string; household: { id: string } } | null } }>(REGISTER, {
        input: { householdId: home.id, kind: 'SMOKE_ALARM', idempotencyKey: 'fit-uncopied' },
      }),
    ).registerDevice;
    expect(payload.safetyDevice?.household).toEqual({ id: home.id });
    expect(await world.stack.handle.db.select({ gridId: householdCopies.gridId }).from(householdCopies).where(eq(householdCopies.id, home.id))).toEqual([{ gridId: DEMO_IDS.grid }]);
  });
});

describe('inspections and hazards on the case workflow', () => {
  const RECORD = `mutation($input: RecordInspectionInput!) { recordInspection(input: $input) {
    inspection { id inspectedOn hazards { id type status tier noticeDueOn rectifyBy reinspectionDueOn version allowedTransitions isOverdue } } ${USER_ERRORS} } }`;
  type Hazard = { id: string; type: string; status: string; tier: string; noticeDueOn: string | null; rectifyBy: string; reinspectionDueOn: string; version: number; allowedTransitions: string[]; isOverdue: boolean };
  type Record = { recordInspection: { inspection: { id: string; hazards: Hazard[] } | null; userErrors: UserErrorValue[] } };
  const MOVE = `mutation($input: MoveHazardInput!) { moveHazard(input: $input) { hazard { status version history { fromStatus toStatus actorSub } } ${USER_ERRORS} } }`;
  type Move = { moveHazard: { hazard: { status: string; version: number; history: { fromStatus: string; toStatus: string }[] } | null; userErrors: UserErrorValue[] } };

  it('counts the notice and re-inspection days in working days across a weekend', async () => {
    // Friday 2026-11-27: the notice is due Wednesday; put right by Friday 2026-12-04, re-inspection by Wednesday.
    const input = {
      siteId: 'site-market',
      inspectedOn: '2026-11-27',
      idempotencyKey: 'inspect-friday',
      hazards: [
        { type: 'EVACUATION_BLOCKED', severity: 'MAJOR', remedy: 'DEADLINE', description: '安全出口被货物堵塞', rectifyBy: '2026-12-04' },
        { type: 'ILLEGAL_WIRING', severity: 'GENERAL', remedy: 'IMMEDIATE', description: '私拉电线，已当场拆除' },
      ],
    };
    const inspection = dataOf(await gateway(world.token.safetyOfficer)<Record>(RECORD, { input })).recordInspection.inspection!;
    const found = inspection.hazards.map(({ type, noticeDueOn, rectifyBy, reinspectionDueOn, status, tier }) => ({ type, noticeDueOn, rectifyBy, reinspectionDueOn, status, tier }));
    expect(found.sort((a, b) => a.type.localeCompare(b.type))).toEqual([
      { type: 'EVACUATION_BLOCKED', noticeDueOn: '2026-12-02', rectifyBy: '2026-12-04', reinspectionDueOn: '2026-12-09', status: 'REPORTED', tier: 'GRID' },
      { type: 'ILLEGAL_WIRING', noticeDueOn: null, rectifyBy: '2026-11-27', reinspectionDueOn: '2026-12-02', status: 'REPORTED', tier: 'GRID' },
    ]);
    const retry = dataOf(await gateway(world.token.safetyOfficer)<Record>(RECORD, { input })).recordInspection.inspection!;
    expect(retry.id).toBe(inspection.id);
    expect(await rowCount(world.stack, hazards, eq(hazards.inspectionId, inspection.id))).toBe(2);
  });

  it('refuses a deadline remedy without a day after the inspection, and writes nothing', async () => {
    const input = { siteId: 'site-market', inspectedOn: '2026-11-27', hazards: [{ type: 'OTHER', severity: 'GENERAL', remedy: 'DEADLINE', description: '?' }] };
    const payload = dataOf(await gateway(world.token.safetyOfficer)<Record>(RECORD, { input })).recordInspection;
    expect(userErrorOf(payload, 'BAD_USER_INPUT').field).toEqual(['input', 'hazards', '0', 'rectifyBy']);
  });

  it('moves a hazard along its case, refusing an illegal move with the allowed ones named', async () => {
    const [hazard] = await world.stack.handle.db.select().from(hazards).where(eq(hazards.id, 'hazard-elder-building-ebikes'));
    const moved = dataOf(await gateway(world.token.gridWorker)<Move>(MOVE, { input: { id: hazard!.id, expectedVersion: hazard!.version, to: 'FILED', note: '立案' } })).moveHazard.hazard!;
    expect(moved).toMatchObject({ status: 'FILED', version: hazard!.version + 1 });
    expect(moved.history.at(-1)).toMatchObject({ fromStatus: 'ACCEPTED', toStatus: 'FILED' });
    const illegal = dataOf(await gateway(world.token.gridWorker)<Move>(MOVE, { input: { id: hazard!.id, expectedVersion: moved.version, to: 'CLOSED' } })).moveHazard;
    expect(userErrorOf(illegal, 'BAD_USER_INPUT').message).toBe('A case that is FILED can only move to DISPATCHED, not CLOSED.');
    // Another grid's hazard is hidden from its worker: answered as an unknown one, left as it was, the attempt audited.
    const denied = () => rowCount(world.stack, auditLog, and(eq(auditLog.actorSub, 'worker:other'), eq(auditLog.subjectId, hazard!.id), eq(auditLog.outcome, 'DENIED')));
    const deniedBefore = await denied();
    const hidden = dataOf(await gateway(world.token.otherGridWorker)<Move>(MOVE, { input: { id: hazard!.id, expectedVersion: moved.version, to: 'DISPATCHED' } })).moveHazard;
    expect(hidden.hazard).toBeNull();
    expect(userErrorOf(hidden, 'NOT_FOUND').field).toEqual(['input', 'id']);
    expect(await rowCount(world.stack, hazards, and(eq(hazards.id, hazard!.id), eq(hazards.version, moved.version), eq(hazards.status, 'FILED')))).toBe(1);
    expect(await denied()).toBe(deniedBefore + 1);
    // A resident of the building sees the hazard but may not move it.
    errorOf(await gateway(world.token.elder)<Move>(MOVE, { input: { id: hazard!.id, expectedVersion: moved.version, to: 'DISPATCHED' } }), 'FORBIDDEN');
  });

  it('raises an overdue hazard one tier exactly once when two sweeps run at once', async () => {
    const sweep = () =>
      gateway(world.token.safetyOfficer)<{ raiseOverdueHazards: { raisedHazards: { id: string; tier: string }[] } }>(
        `mutation { raiseOverdueHazards(input: {}) { raisedHazards { id tier } ${USER_ERRORS} } }`,
      );
    const raised = (await Promise.all([sweep(), sweep()])).flatMap((r) => dataOf(r).raiseOverdueHazards.raisedHazards);
    expect(raised.filter((h) => h.id === 'hazard-market-load')).toEqual([{ id: 'hazard-market-load', tier: 'COMMUNITY' }]);
    expect(await rowCount(world.stack, hazardHistory, and(eq(hazardHistory.caseId, 'hazard-market-load'), eq(hazardHistory.kind, 'RAISE')))).toBe(1);
  });

  it('lists hazards by filter, overdue ones included, for officers', async () => {
    type List = { hazards: { totalCount: number; edges: { node: { id: string; isOverdue: boolean } }[] } };
    const overdue = dataOf(await gateway(world.token.safetyOfficer)<List>(`{ hazards(filter: { isOverdue: true }) { totalCount edges { node { id isOverdue } } } }`)).hazards;
    expect(overdue.edges.every((e) => e.node.isOverdue)).toBe(true);
    const panels = dataOf(await gateway(world.token.safetyOfficer)<List>(`{ hazards(filter: { type: COMBUSTIBLE_SANDWICH_PANEL }) { totalCount edges { node { id isOverdue } } } }`)).hazards;
    expect(panels.edges.map((e) => e.node.id)).toEqual(['hazard-market-panels']);
    const residents = dataOf(await gateway(world.token.elder)<List>(`{ hazards { totalCount edges { node { id isOverdue } } } }`)).hazards;
    expect(residents.edges.map((e) => e.node.id)).toEqual(['hazard-elder-building-ebikes']);
  });
});

describe('fire drills', () => {
  it('records a drill once per key, and anyone reads the schedule', async () => {
    const RECORD = `mutation($input: RecordFireDrillInput!) { recordFireDrill(input: $input) { fireDrill { id participants site { name } } ${USER_ERRORS} } }`;
    type Drill = { recordFireDrill: { fireDrill: { id: string; participants: number } | null; userErrors: UserErrorValue[] } };
    const input = { siteId: 'site-kindergarten-2', heldAt: '2026-11-25T02:00:00.000Z', organizer: '阳光花园幼儿园', participants: 150, scenario: '午睡时段火灾疏散', evacuationSeconds: 190, idempotencyKey: 'drill-1' };
    const first = dataOf(await gateway(world.token.gridWorker)<Drill>(RECORD, { input })).recordFireDrill.fireDrill!;
    const again = dataOf(await gateway(world.token.gridWorker)<Drill>(RECORD, { input })).recordFireDrill.fireDrill!;
    expect(again.id).toBe(first.id);
    errorOf(await gateway()<Drill>(RECORD, { input: { ...input, idempotencyKey: 'drill-anon' } }), 'UNAUTHENTICATED');
    const { fireDrills } = dataOf(await gateway()<{ fireDrills: { edges: { node: { id: string } }[] } }>(`{ fireDrills(filter: { siteId: "site-kindergarten-2" }) { edges { node { id } } } }`));
    expect(fireDrills.edges.map((e) => e.node.id)).toContain(first.id);
    const { site } = dataOf(await gateway()<{ site: { nextDrillDueOn: string } }>(`{ site(id: "site-kindergarten-2") { nextDrillDueOn } }`));
    expect(site.nextDrillDueOn).toBe('2027-05-25');
  });
});

describe('inputs that name nothing', () => {
  it('answers a missing site as NOT_FOUND', async () => {
    const payload = dataOf(
      await gateway(world.token.safetyOfficer)<{ recordInspection: { userErrors: UserErrorValue[] } }>(
        `mutation { recordInspection(input: { siteId: "site-none", inspectedOn: "2026-11-27", hazards: [] }) { ${USER_ERRORS} } }`,
      ),
    ).recordInspection;
    expect(userErrorOf(payload, 'NOT_FOUND').field).toEqual(['input', 'siteId']);
  });
});

