import { and, asc, eq, gt, max, ne, sql } from 'drizzle-orm';
import { DEMO_IDS } from '../../services/demo';
import { buildings, changeEvents, grids, households, residents } from '../../services/community/tables';
import { GATEWAY_HEADER } from '../../services/kit/auth';
import { client, dataOf, errorOf, rowCount, USER_ERRORS, userErrorOf, type UserErrorValue } from '../support/graphql';
import { givenResident, validIdNumber } from '../support/factories';
import { asGateway } from '../support/stack';
import { nodesOf, useCommunityStack, type Page } from './fixtures';

/**
 * The changes other subgraphs copy (issue 8): each is validated like any change, and writes its event to community's
 * outbox in the same transaction, or nothing at all.
 */
const world = useCommunityStack();
const asAdmin = <T>(query: string, variables?: Record<string, unknown>) => client(world.url, world.token.admin)<T>(query, variables);

type Payload<K extends string, E> = { [key in K]: E | null } & { userErrors: UserErrorValue[] };
type ResidentAnswer<M extends string> = { [key in M]: Payload<'resident', { id: string; version: number; household: { id: string } }> };
const mutation = (name: string, fields = 'id version household { id }') =>
  `mutation($input: ${name[0]!.toUpperCase()}${name.slice(1)}Input!) { ${name}(input: $input) { resident { ${fields} } ${USER_ERRORS} } }`;

const head = async () => (await world.stack.handle.db.select({ position: max(changeEvents.position) }).from(changeEvents))[0]!.position ?? 0;
/** The events written after `position`, oldest first. */
const eventsAfter = async (position: number) =>
  (await world.stack.handle.db.select().from(changeEvents).where(gt(changeEvents.position, position)).orderBy(asc(changeEvents.position))).map((e) => e.payload);

/** A household of another comprehensive grid than the pinned one, with where it lies. */
async function householdElsewhere() {
  const [row] = await world.stack.handle.db
    .select({ householdId: households.id, buildingId: buildings.id, gridId: buildings.gridId, communityId: grids.communityId })
    .from(households)
    .innerJoin(buildings, eq(buildings.id, households.buildingId))
    .innerJoin(grids, eq(grids.id, buildings.gridId))
    .where(and(ne(buildings.gridId, DEMO_IDS.grid), eq(grids.kind, 'COMPREHENSIVE')))
    .orderBy(households.id)
    .limit(1);
  return row!;
}

describe('moveResident', () => {
  it('moves the resident and publishes RESIDENT_MOVED with where they now live, in the same transaction', async () => {
    const resident = await givenResident(world.stack);
    const target = await householdElsewhere();
    const start = await head();
    const { moveResident } = dataOf(
      await asAdmin<ResidentAnswer<'moveResident'>>(mutation('moveResident'), { input: { id: resident.id, expectedVersion: resident.version, householdId: target.householdId } }),
    );
    expect(moveResident).toMatchObject({ resident: { version: resident.version + 1, household: { id: target.householdId } }, userErrors: [] });
    expect(await eventsAfter(start)).toEqual([
      { kind: 'RESIDENT_MOVED', residentId: resident.id, ...target, actorSub: 'test:admin' },
    ]);
  });

  it('answers a stale version, the same household, an unknown household and a worker of another grid without publishing anything', async () => {
    const resident = await givenResident(world.stack);
    const target = await householdElsewhere();
    const start = await head();
    const move = (input: Record<string, unknown>, token = world.token.admin) =>
      client(world.url, token)<ResidentAnswer<'moveResident'>>(mutation('moveResident'), { input: { id: resident.id, expectedVersion: resident.version, ...input } });

    const stale = dataOf(await move({ householdId: target.householdId, expectedVersion: resident.version + 7 })).moveResident;
    expect(userErrorOf(stale, 'CONFLICT').currentVersion).toBe(resident.version);
    expect(userErrorOf(dataOf(await move({ householdId: DEMO_IDS.household })).moveResident, 'BAD_USER_INPUT').field).toEqual(['input', 'householdId']);
    expect(userErrorOf(dataOf(await move({ householdId: 'household-nope' })).moveResident, 'NOT_FOUND').field).toEqual(['input', 'householdId']);
    // The pinned grid's worker may not see a household of another grid, and the other grid's worker not the resident:
    // both answer as for ids that do not exist.
    expect(userErrorOf(dataOf(await move({ householdId: target.householdId }, world.token.gridWorker)).moveResident, 'NOT_FOUND').field).toEqual(['input', 'householdId']);
    expect(userErrorOf(dataOf(await move({ householdId: target.householdId }, world.token.otherGridWorker)).moveResident, 'NOT_FOUND').field).toEqual(['input', 'id']);
    expect(await eventsAfter(start)).toEqual([]);
  });

  it('publishes nothing when the move rolls back after its event was written', async () => {
    const resident = await givenResident(world.stack);
    const target = await householdElsewhere();
    // A deferred trigger fails the move's transaction at its commit, after the change and its event were written.
    const db = world.stack.handle.db;
    await db.execute(sql`create function community.refuse_by_test() returns trigger language plpgsql as $$ begin raise exception 'refused by the test'; end $$`);
    await db.execute(
      sql.raw(`create constraint trigger refuse_move after update on community.residents deferrable initially deferred
        for each row when (new.household_id = '${target.householdId}') execute function community.refuse_by_test()`),
    );
    try {
      const start = await head();
      const response = await asAdmin<ResidentAnswer<'moveResident'>>(mutation('moveResident'), {
        input: { id: resident.id, expectedVersion: resident.version, householdId: target.householdId },
      });
      errorOf(response, 'INTERNAL_SERVER_ERROR');
      expect(await eventsAfter(start)).toEqual([]);
      expect(await head()).toBe(start);
      const [row] = await db.select({ householdId: residents.householdId, version: residents.version }).from(residents).where(eq(residents.id, resident.id));
      expect(row).toEqual({ householdId: DEMO_IDS.household, version: resident.version });
    } finally {
      await db.execute(sql`drop trigger refuse_move on community.residents`);
      await db.execute(sql`drop function community.refuse_by_test()`);
    }
  });
});

describe('updateResident', () => {
  it('publishes RESIDENT_TAGS_CHANGED when the tags change, RESIDENT_MOVED for a household, and nothing for a new name', async () => {
    const resident = await givenResident(world.stack, { tags: ['VETERAN'] });
    const target = await householdElsewhere();
    const start = await head();
    const update = async (input: Record<string, unknown>) =>
      dataOf(await asAdmin<ResidentAnswer<'updateResident'>>(mutation('updateResident'), { input: { id: resident.id, ...input } })).updateResident.resident!;

    let { version } = await update({ expectedVersion: resident.version, name: '改名' });
    ({ version } = await update({ expectedVersion: version, tags: ['VETERAN'] }));
    expect(await eventsAfter(start)).toEqual([]);
    ({ version } = await update({ expectedVersion: version, tags: ['LIVES_ALONE', 'VETERAN'] }));
    await update({ expectedVersion: version, householdId: target.householdId });
    expect(await eventsAfter(start)).toEqual([
      { kind: 'RESIDENT_TAGS_CHANGED', residentId: resident.id, tags: ['LIVES_ALONE', 'VETERAN'], actorSub: 'test:admin' },
      { kind: 'RESIDENT_MOVED', residentId: resident.id, ...target, actorSub: 'test:admin' },
    ]);
  });
});

describe('deregisterResident', () => {
  const DEREGISTER = mutation('deregisterResident', 'id version deregisteredAt deregistrationReason');
  type Deregistered = { deregisterResident: Payload<'resident', { id: string; version: number; deregisteredAt: string | null; deregistrationReason: string | null }> };

  it('takes the resident off every list, keeps their record for admins, and publishes RESIDENT_DEREGISTERED', async () => {
    const resident = await givenResident(world.stack, { name: '将注销' });
    const asWorker = client(world.url, world.token.gridWorker);
    /** Where the resident is listed: by name, in their grid, among their household's members. */
    const listed = async () => {
      const { named, inGrid, member } = dataOf(
        await asWorker<{ named: Page<{ id: string }>; inGrid: Page<{ id: string }>; member: { household: { residents: { id: string }[] } } }>(
          `query($grid: ID!, $id: ID!) {
            named: residents(filter: { nameContains: "将注销" }, first: 10) { edges { node { id } } }
            inGrid: residents(filter: { gridId: $grid, nameContains: "将注销" }, first: 10) { edges { node { id } } }
            member: resident(id: $id) { household { residents { id } } }
          }`,
          { grid: DEMO_IDS.grid, id: resident.id },
        ),
      );
      return { named: nodesOf(named).map((r) => r.id), inGrid: nodesOf(inGrid).map((r) => r.id), members: member.household.residents.map((r) => r.id) };
    };
    expect(await listed()).toEqual({ named: [resident.id], inGrid: [resident.id], members: expect.arrayContaining([resident.id]) });
    const start = await head();

    const { deregisterResident } = dataOf(await asWorker<Deregistered>(DEREGISTER, { input: { id: resident.id, expectedVersion: resident.version, reason: 'MOVED_AWAY' } }));
    expect(deregisterResident).toMatchObject({ resident: { version: resident.version + 1, deregisteredAt: expect.any(String), deregistrationReason: 'MOVED_AWAY' }, userErrors: [] });
    expect(await eventsAfter(start)).toEqual([
      {
        kind: 'RESIDENT_DEREGISTERED',
        residentId: resident.id,
        reason: 'MOVED_AWAY',
        deregisteredAt: deregisterResident.resident!.deregisteredAt,
        actorSub: `worker:${DEMO_IDS.fullTimeWorker}`,
      },
    ]);

    // Off every list; by id, the record and why it closed.
    const after = await listed();
    expect([after.named, after.inGrid]).toEqual([[], []]);
    expect(after.members).not.toContain(resident.id);
    const { resident: byId } = dataOf(
      await asAdmin<{ resident: { name: string; deregisteredAt: string; deregistrationReason: string } }>(
        `query($id: ID!) { resident(id: $id) { name deregisteredAt deregistrationReason } }`,
        { id: resident.id },
      ),
    );
    expect(byId).toEqual({ name: '将注销', deregisteredAt: deregisterResident.resident!.deregisteredAt, deregistrationReason: 'MOVED_AWAY' });

    // Nothing more changes on a deregistered record, and nothing more is published.
    const again = dataOf(await asAdmin<Deregistered>(DEREGISTER, { input: { id: resident.id, expectedVersion: resident.version + 1, reason: 'DECEASED' } })).deregisterResident;
    expect(userErrorOf(again, 'BAD_USER_INPUT').message).toContain('deregistered');
    const update = dataOf(await asAdmin<ResidentAnswer<'updateResident'>>(mutation('updateResident'), { input: { id: resident.id, expectedVersion: resident.version + 1, tags: ['DISABLED'] } })).updateResident;
    expect(userErrorOf(update, 'BAD_USER_INPUT').field).toEqual(['input', 'id']);
    expect(await eventsAfter(start)).toHaveLength(1);
  });

  it('answers workers of other grids as for a resident that does not exist, and refuses residents', async () => {
    const resident = await givenResident(world.stack);
    const input = { id: resident.id, expectedVersion: resident.version, reason: 'DECEASED' };
    const hidden = dataOf(await client(world.url, world.token.otherGridWorker)<ResidentAnswer<'deregisterResident'>>(DEREGISTER, { input }));
    expect(userErrorOf(hidden.deregisterResident, 'NOT_FOUND').field).toEqual(['input', 'id']);
    errorOf(await client(world.url, world.token.elder)(DEREGISTER, { input }), 'FORBIDDEN');
  });
});

describe('reassignBuilding', () => {
  const REASSIGN = `mutation($input: ReassignBuildingInput!) { reassignBuilding(input: $input) { building { id grid { id } microGrid { id } } ${USER_ERRORS} } }`;
  type Reassigned = { reassignBuilding: Payload<'building', { id: string; grid: { id: string }; microGrid: { id: string } | null }> };

  it('moves a building to another comprehensive grid and publishes BUILDING_REASSIGNED with every household of it', async () => {
    // Not the pinned household's building: other tests register residents there as its grid's worker.
    const [building] = await world.stack.handle.db
      .select()
      .from(buildings)
      .where(and(eq(buildings.gridId, DEMO_IDS.grid), sql`${buildings.microGridId} is not null`, sql`${buildings.id} <> (select building_id from community.households where id = ${DEMO_IDS.household})`))
      .limit(1);
    const target = await householdElsewhere();
    const dwellings = await world.stack.handle.db.select({ id: households.id }).from(households).where(eq(households.buildingId, building!.id)).orderBy(households.id);
    const start = await head();
    const { reassignBuilding } = dataOf(await asAdmin<Reassigned>(REASSIGN, { input: { buildingId: building!.id, gridId: target.gridId } }));
    // Its micro-grid was part of the old grid: it no longer applies.
    expect(reassignBuilding).toMatchObject({ building: { id: building!.id, grid: { id: target.gridId }, microGrid: null }, userErrors: [] });
    expect(await eventsAfter(start)).toEqual([
      { kind: 'BUILDING_REASSIGNED', buildingId: building!.id, gridId: target.gridId, communityId: target.communityId, householdIds: dwellings.map((d) => d.id), actorSub: 'test:admin' },
    ]);
    expect(dwellings.length).toBeGreaterThan(0);
  });

  it('answers a micro-grid, the same grid and unknown ids with user errors, refuses non-admins, and publishes nothing', async () => {
    const [building] = await world.stack.handle.db.select().from(buildings).where(eq(buildings.gridId, DEMO_IDS.grid)).limit(1);
    const [micro] = await world.stack.handle.db.select().from(grids).where(eq(grids.kind, 'MICRO')).limit(1);
    const start = await head();
    const reassign = async (input: Record<string, unknown>) => dataOf(await asAdmin<Reassigned>(REASSIGN, { input: { buildingId: building!.id, ...input } })).reassignBuilding;
    expect(userErrorOf(await reassign({ gridId: micro!.id }), 'BAD_USER_INPUT').field).toEqual(['input', 'gridId']);
    expect(userErrorOf(await reassign({ gridId: building!.gridId }), 'BAD_USER_INPUT').message).toContain('already');
    expect(userErrorOf(await reassign({ gridId: 'grid-nope' }), 'NOT_FOUND').field).toEqual(['input', 'gridId']);
    expect(userErrorOf(await reassign({ buildingId: 'building-nope', gridId: DEMO_IDS.grid }), 'NOT_FOUND').field).toEqual(['input', 'buildingId']);
    errorOf(await client(world.url, world.token.gridWorker)(REASSIGN, { input: { buildingId: building!.id, gridId: 'grid-002' } }), 'FORBIDDEN');
    expect(await eventsAfter(start)).toEqual([]);
  });
});

describe('the change feed endpoint', () => {
  const changesUrl = (query = '') => `${world.url.replace(/\/graphql$/, '/changes')}${query}`;

  it('answers OneGrid services only: 403 without the gateway credential, even for an admin', async () => {
    expect((await fetch(changesUrl())).status).toBe(403);
    expect((await fetch(changesUrl(), { headers: { authorization: `Bearer ${world.token.admin}` } })).status).toBe(403);
    expect((await fetch(changesUrl(), { headers: { [GATEWAY_HEADER]: 'not-the-secret' } })).status).toBe(403);
  });

  it('pages by position, oldest first, with the head for the lag', async () => {
    for (let i = 0; i < 3; i++) {
      const resident = await givenResident(world.stack);
      dataOf(await asAdmin(mutation('updateResident'), { input: { id: resident.id, expectedVersion: resident.version, tags: ['DISABLED'] } }));
    }
    const newest = await head();
    type FeedPage = { events: { position: number; kind: string }[]; head: number };
    const page = async (after: number, limit: number) => (await (await fetch(changesUrl(`?after=${after}&limit=${limit}`), { headers: asGateway })).json()) as FeedPage;
    const first = await page(newest - 3, 2);
    const second = await page(first.events.at(-1)!.position, 2);
    expect(first.events.map((e) => e.position)).toEqual([newest - 2, newest - 1]);
    expect(second.events.map((e) => e.position)).toEqual([newest]);
    expect(first.head).toBe(newest);
    expect(first.events.map((e) => e.kind)).toEqual(['RESIDENT_TAGS_CHANGED', 'RESIDENT_TAGS_CHANGED']);
    expect((await fetch(changesUrl('?after=-1'), { headers: asGateway })).status).toBe(400);
    expect((await fetch(changesUrl('?limit=0'), { headers: asGateway })).status).toBe(400);
  });
});

describe('registerResident with an idempotencyKey', () => {
  const REGISTER = `mutation($input: RegisterResidentInput!) { registerResident(input: $input) { resident { id } ${USER_ERRORS} } }`;
  type Registered = { registerResident: Payload<'resident', { id: string }> };
  const input = (sequence: number, change: Record<string, unknown> = {}) => ({
    householdId: DEMO_IDS.household,
    name: '重试登记',
    gender: 'MALE',
    birthDate: '1970-05-05',
    idNumber: validIdNumber('1970-05-05', sequence),
    ...change,
  });

  it('registers one resident for 20 concurrent requests with one key, each answered with that resident', async () => {
    const before = await rowCount(world.stack, residents);
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) => asAdmin<Registered>(REGISTER, { input: { ...input(201), idempotencyKey: 'register-burst', clientMutationId: `try-${i}` } })),
    );
    const ids = answers.map((answer) => dataOf(answer).registerResident.resident?.id);
    expect(new Set(ids).size).toBe(1);
    expect(ids[0]).toEqual(expect.any(String));
    expect(await rowCount(world.stack, residents)).toBe(before + 1);
  });

  it('answers another input with the same key with a CONFLICT on idempotencyKey, creating nothing', async () => {
    const first = dataOf(await asAdmin<Registered>(REGISTER, { input: { ...input(202), idempotencyKey: 'register-once' } })).registerResident;
    expect(first.userErrors).toEqual([]);
    const before = await rowCount(world.stack, residents);
    const other = dataOf(await asAdmin<Registered>(REGISTER, { input: { ...input(203), idempotencyKey: 'register-once' } })).registerResident;
    expect(userErrorOf(other, 'CONFLICT').field).toEqual(['input', 'idempotencyKey']);
    // Another caller's key is their own: the same key creates for them.
    const worker = dataOf(await client(world.url, world.token.gridWorker)<Registered>(REGISTER, { input: { ...input(204), idempotencyKey: 'register-once' } })).registerResident;
    expect(worker.userErrors).toEqual([]);
    expect(await rowCount(world.stack, residents)).toBe(before + 1);
  });
});
