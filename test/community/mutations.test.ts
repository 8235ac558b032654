import { eq, ne } from 'drizzle-orm';
import { DEMO_IDS } from '../../services/demo';
import { buildings, gridAssignments, households, residents } from '../../services/community/tables';
import { client, dataOf, errorOf, rowCount, USER_ERRORS, userErrorOf, type UserErrorValue } from '../support/graphql';
import { givenResident, validIdNumber } from '../support/factories';
import { tokenFor } from '../support/stack';
import { useCommunityStack } from './fixtures';

const world = useCommunityStack();

interface Payload {
  userErrors: UserErrorValue[];
  clientMutationId: string | null;
}
type ResidentPayload = Payload & { resident: { id: string; name: string; age: number; version: number; phone: string | null; household: { id: string } } | null };

const REGISTER = `mutation($input: RegisterResidentInput!) { registerResident(input: $input) { resident { id name age version phone household { id } } ${USER_ERRORS} } }`;
const UPDATE = `mutation($input: UpdateResidentInput!) { updateResident(input: $input) { resident { id name age version phone household { id } } ${USER_ERRORS} } }`;

/** A valid registration in the pinned household (grid-001); each call its own ID number. */
let sequence = 0;
const newResident = (change: Record<string, unknown> = {}) => {
  const birthDate = '1960-01-01';
  return { householdId: DEMO_IDS.household, name: '测试居民', gender: 'FEMALE', birthDate, phone: '13912345678', idNumber: validIdNumber(birthDate, ++sequence), tags: ['VETERAN'], ...change };
};

describe('registerResident', () => {
  it('registers a valid resident, then answers the same ID number with a CONFLICT user error', async () => {
    const admin = client(world.url, world.token.admin);
    const input = newResident({ birthDate: '1950-03-07', idNumber: validIdNumber('1950-03-07', 100), clientMutationId: 'register-1' });
    const { registerResident: created } = dataOf(await admin<{ registerResident: ResidentPayload }>(REGISTER, { input }));
    expect(created).toMatchObject({
      resident: { name: '测试居民', version: 1, phone: '13912345678', household: { id: DEMO_IDS.household } },
      userErrors: [],
      clientMutationId: 'register-1',
    });
    expect(created.resident!.age).toBeGreaterThanOrEqual(75);

    const before = await rowCount(world.stack, residents);
    const { registerResident: again } = dataOf(await admin<{ registerResident: ResidentPayload }>(REGISTER, { input: { ...input, clientMutationId: 'register-2' } }));
    expect(again.resident).toBeNull();
    expect(again.clientMutationId).toBe('register-2');
    expect(userErrorOf(again, 'CONFLICT').field).toEqual(['input', 'idNumber']);
    expect(await rowCount(world.stack, residents)).toBe(before);
  });

  it.each([
    ['a wrong check character', { idNumber: validIdNumber('1960-01-01', 1).slice(0, 17) + 'Z' }, 'idNumber', /check character/],
    ['an ID number of another birth date', { birthDate: '1961-03-07' }, 'idNumber', /check character and the birth date/],
    ['a birth date in the future', { birthDate: '2999-01-01', idNumber: validIdNumber('2999-01-01', 1) }, 'birthDate', /future/],
  ])('answers %s with a BAD_USER_INPUT user error naming the field, and writes nothing', async (_, change, field, message) => {
    const before = await rowCount(world.stack, residents);
    const { registerResident } = dataOf(
      await client(world.url, world.token.admin)<{ registerResident: ResidentPayload }>(REGISTER, { input: newResident(change) }),
    );
    expect(registerResident.resident).toBeNull();
    const error = userErrorOf(registerResident, 'BAD_USER_INPUT');
    expect(error.field).toEqual(['input', field]);
    expect(error.message).toMatch(message);
    expect(await rowCount(world.stack, residents)).toBe(before);
  });

  it.each([
    ['a phone that is not a mobile number', { phone: '12345' }, /phone must be an 11-digit mobile number/],
    ['an empty name', { name: '' }, /name/],
    ['the derived ELDERLY tag', { tags: ['ELDERLY'] }, /derived from age/],
    ['a date that does not exist', { birthDate: '1960-02-30' }, /Date/],
  ])('refuses malformed input (%s) as a BAD_USER_INPUT error, without a stack trace, and writes nothing', async (_, change, message) => {
    const before = await rowCount(world.stack, residents);
    const result = await client(world.url, world.token.admin)<{ registerResident: null }>(REGISTER, { input: newResident(change) });
    expect(errorOf(result, 'BAD_USER_INPUT').message).toMatch(message);
    expect(JSON.stringify(result.errors)).not.toMatch(/at .*\.(ts|js):\d+/);
    expect(await rowCount(world.stack, residents)).toBe(before);
  });

  it('answers grid workers outside the household grid and an unknown household alike (NOT_FOUND), and refuses non-workers (FORBIDDEN)', async () => {
    const before = await rowCount(world.stack, residents);
    const hidden = dataOf(await client(world.url, world.token.otherGridWorker)<{ registerResident: ResidentPayload }>(REGISTER, { input: newResident() }));
    expect(userErrorOf(hidden.registerResident, 'NOT_FOUND').field).toEqual(['input', 'householdId']);
    errorOf(await client(world.url, world.token.elder)<{ registerResident: null }>(REGISTER, { input: newResident() }), 'FORBIDDEN');
    errorOf(await client(world.url)<{ registerResident: null }>(REGISTER, { input: newResident() }), 'UNAUTHENTICATED');

    const { registerResident } = dataOf(
      await client(world.url, world.token.admin)<{ registerResident: ResidentPayload }>(REGISTER, { input: newResident({ householdId: 'household-nope' }) }),
    );
    expect(userErrorOf(registerResident, 'NOT_FOUND').field).toEqual(['input', 'householdId']);
    expect(await rowCount(world.stack, residents)).toBe(before);
  });

  it("lets the grid's own worker register a resident there", async () => {
    const { registerResident } = dataOf(
      await client(world.url, world.token.gridWorker)<{ registerResident: ResidentPayload }>(REGISTER, { input: newResident() }),
    );
    expect(registerResident.userErrors).toEqual([]);
    expect(registerResident.resident!.household.id).toBe(DEMO_IDS.household);
  });
});

describe('updateResident', () => {
  it('updates with optimistic concurrency: a stale expectedVersion is a CONFLICT user error with the current version', async () => {
    const { id, version } = await givenResident(world.stack);
    const worker = client(world.url, world.token.gridWorker);
    const first = dataOf(await worker<{ updateResident: ResidentPayload }>(UPDATE, { input: { id, expectedVersion: version, phone: '13800001111' } }));
    expect(first.updateResident.userErrors).toEqual([]);
    expect(first.updateResident.resident).toMatchObject({ id, phone: '13800001111', version: version + 1 });

    const stale = dataOf(await worker<{ updateResident: ResidentPayload }>(UPDATE, { input: { id, expectedVersion: version, phone: '13800002222' } }));
    expect(stale.updateResident.resident).toBeNull();
    const conflict = userErrorOf(stale.updateResident, 'CONFLICT');
    expect(conflict.currentVersion).toBe(version + 1);
    expect(conflict.field).toEqual(['input', 'expectedVersion']);
    const now = dataOf(await worker<{ resident: { phone: string; version: number } }>(`{ resident(id: "${id}") { phone version } }`));
    expect(now.resident).toEqual({ phone: '13800001111', version: version + 1 });
  });

  it("answers two aliased updates in one request, the second stale: the first one's payload with its new version and the second one's user errors", async () => {
    const { id, version } = await givenResident(world.stack);
    const both = `mutation($first: UpdateResidentInput!, $second: UpdateResidentInput!) {
      first: updateResident(input: $first) { resident { id name version } ${USER_ERRORS} }
      second: updateResident(input: $second) { resident { id name version } ${USER_ERRORS} } }`;
    type Both = { first: ResidentPayload; second: ResidentPayload };
    const result = await client(world.url, world.token.gridWorker)<Both>(both, {
      first: { id, expectedVersion: version, name: '第一次', clientMutationId: 'first' },
      second: { id, expectedVersion: version, name: '第二次', clientMutationId: 'second' },
    });
    const { first, second } = dataOf(result);
    expect(first).toEqual({ resident: { id, name: '第一次', version: version + 1 }, userErrors: [], clientMutationId: 'first' });
    expect(second.resident).toBeNull();
    expect(second.clientMutationId).toBe('second');
    expect(userErrorOf(second, 'CONFLICT').currentVersion).toBe(version + 1);
    const [row] = await world.stack.handle.db.select({ name: residents.name, version: residents.version }).from(residents).where(eq(residents.id, id));
    expect(row).toEqual({ name: '第一次', version: version + 1 });
  });

  it('answers an unknown resident or household, one of another grid and a move out of the grid alike: NOT_FOUND', async () => {
    const { id, version } = await givenResident(world.stack);
    const admin = client(world.url, world.token.admin);
    const unknown = dataOf(await admin<{ updateResident: ResidentPayload }>(UPDATE, { input: { id: 'resident-nope', expectedVersion: 1, name: '无' } }));
    expect(userErrorOf(unknown.updateResident, 'NOT_FOUND').field).toEqual(['input', 'id']);
    const nowhere = dataOf(await admin<{ updateResident: ResidentPayload }>(UPDATE, { input: { id, expectedVersion: version, householdId: 'household-nope' } }));
    expect(userErrorOf(nowhere.updateResident, 'NOT_FOUND').field).toEqual(['input', 'householdId']);

    const hidden = dataOf(await client(world.url, world.token.otherGridWorker)<{ updateResident: ResidentPayload }>(UPDATE, { input: { id, expectedVersion: version, name: '外人' } }));
    expect(userErrorOf(hidden.updateResident, 'NOT_FOUND').field).toEqual(['input', 'id']);
    // A household of another grid: the grid-001 worker may not see it, so it answers as one that does not exist.
    const [elsewhere] = await world.stack.handle.db
      .select({ id: households.id })
      .from(households)
      .innerJoin(buildings, eq(buildings.id, households.buildingId))
      .where(ne(buildings.gridId, DEMO_IDS.grid))
      .limit(1);
    const move = dataOf(await client(world.url, world.token.gridWorker)<{ updateResident: ResidentPayload }>(UPDATE, { input: { id, expectedVersion: version, householdId: elsewhere!.id } }));
    expect(userErrorOf(move.updateResident, 'NOT_FOUND').field).toEqual(['input', 'householdId']);
    const after = dataOf(await admin<{ resident: { version: number; household: { id: string } } }>(`{ resident(id: "${id}") { version household { id } } }`));
    expect(after.resident).toEqual({ version, household: { id: DEMO_IDS.household } });
  });
});

describe('assignGridWorker', () => {
  const ASSIGN = `mutation($input: AssignGridWorkerInput!) { assignGridWorker(input: $input) { grid { id workers(first: 100) { totalCount edges { node { id } } } } ${USER_ERRORS} } }`;
  type AssignPayload = Payload & { grid: { id: string; workers: { totalCount: number; edges: { node: { id: string } }[] } } | null };

  it('assigns a grid worker to a grid, idempotently, admins only', async () => {
    const input = { gridId: 'grid-002', gridWorkerId: DEMO_IDS.fullTimeWorker, clientMutationId: 'assign' };
    const worker = await tokenFor({ roles: ['grid_worker'], gridIds: ['grid-002'] });
    errorOf(await client(world.url, worker)<{ assignGridWorker: null }>(ASSIGN, { input }), 'FORBIDDEN');

    const admin = client(world.url, world.token.admin);
    const once = dataOf(await admin<{ assignGridWorker: AssignPayload }>(ASSIGN, { input })).assignGridWorker;
    const twice = dataOf(await admin<{ assignGridWorker: AssignPayload }>(ASSIGN, { input })).assignGridWorker;
    expect(twice.userErrors).toEqual([]);
    expect(twice.clientMutationId).toBe('assign');
    const ids = twice.grid!.workers.edges.map((e) => e.node.id);
    expect(ids.filter((id) => id === DEMO_IDS.fullTimeWorker)).toHaveLength(1);
    expect(once.grid!.workers.totalCount).toBe(ids.length);
    expect(await rowCount(world.stack, gridAssignments, eq(gridAssignments.gridId, 'grid-002'))).toBe(ids.length);
  });

  it('answers an unknown grid or worker with NOT_FOUND naming the field', async () => {
    const admin = client(world.url, world.token.admin);
    const noWorker = dataOf(await admin<{ assignGridWorker: AssignPayload }>(ASSIGN, { input: { gridId: 'grid-002', gridWorkerId: 'worker-nope' } }));
    expect(noWorker.assignGridWorker.grid).toBeNull();
    expect(userErrorOf(noWorker.assignGridWorker, 'NOT_FOUND').field).toEqual(['input', 'gridWorkerId']);
    const noGrid = dataOf(await admin<{ assignGridWorker: AssignPayload }>(ASSIGN, { input: { gridId: 'grid-nope', gridWorkerId: DEMO_IDS.fullTimeWorker } }));
    expect(userErrorOf(noGrid.assignGridWorker, 'NOT_FOUND').field).toEqual(['input', 'gridId']);
  });
});
