import { countDistinct, count, eq, inArray, sql } from 'drizzle-orm';
import { pgSchema, bigint } from 'drizzle-orm/pg-core';
import { grids, residents } from '../../services/community/tables';
import { elderlyProfiles } from '../../services/elderly-care/tables';
import type { RunningSubgraph } from '../../services/kit/subgraph';
import { givenElders, type GivenElder } from '../support/elders';
import { caughtUp, communityClient, consumerOf, CONSUMER, householdElsewhere, positions, startElderlyCare, until, useFeedStack } from './fixtures';

/**
 * Exactly once (issue 8): elderly care applies each of community's changes once, whether its consumer was stopped
 * while they were made or failed between applying a batch and committing it.
 */
const world = useFeedStack();

/** Every application of an event that committed, written in the consumer's transaction by the test's wrapper. */
const feedTest = pgSchema('feed_test');
const applications = feedTest.table('applications', { position: bigint('position', { mode: 'number' }).notNull() });

let replica: RunningSubgraph | undefined;
beforeAll(async () => {
  await world.stack.handle.db.execute(sql`create schema feed_test`);
  await world.stack.handle.db.execute(sql`create table feed_test.applications (position bigint not null)`);
  // The stack's own consumer stops for good: the replicas the tests start apply the changes.
  await consumerOf(world.stack).stop();
});
afterEach(async () => {
  await replica?.stop();
  replica = undefined;
});

/** The applications recorded for the positions after `after`: how many, and how many different positions. */
const applied = async (after: number) =>
  (await world.stack.handle.db.select({ n: count(), distinct: countDistinct(applications.position) }).from(applications).where(sql`${applications.position} > ${after}`))[0]!;

/** Community's record of a resident: its version and recorded tags. */
async function residentsOf(ids: string[]) {
  const rows = await world.stack.handle.db.select({ id: residents.id, version: residents.version, tags: residents.tags, householdId: residents.householdId }).from(residents).where(inArray(residents.id, ids));
  return new Map(rows.map((row) => [row.id, row]));
}

const profilesOf = async (elders: GivenElder[]) =>
  new Map(
    (await world.stack.handle.db.select().from(elderlyProfiles).where(inArray(elderlyProfiles.id, elders.map((e) => e.id)))).map((p) => [p.id, p]),
  );

/** DISABLED on, then off, then on…: each toggle changes elderly care's care tags. */
const toggled = (tags: string[]) => (tags.includes('DISABLED') ? tags.filter((tag) => tag !== 'DISABLED') : [...tags, 'DISABLED']);

const withoutDisabled = sql`not ('DISABLED' = any(${elderlyProfiles.careTags}))`;

describe('a stopped consumer', () => {
  it('applies every one of 200 changes made while it was stopped exactly once after it restarts', async () => {
    const elders = await givenElders(world.stack, 10, withoutDisabled);
    expect(elders).toHaveLength(10);
    const target = await householdElsewhere(world.stack);
    const [targetGrid] = await world.stack.handle.db.select({ communityId: grids.communityId }).from(grids).where(eq(grids.id, target.gridId));
    const before = await profilesOf(elders);
    const community = await residentsOf(elders.map((e) => e.residentId));
    const { head: start } = await positions(world.stack);
    const act = communityClient(world.stack, world.token.admin);

    // Per elder, 20 changes in order (11 moves between their household and the target, 9 tag toggles); the elders
    // side by side, so publishers also race each other.
    await Promise.all(
      elders.map(async ({ residentId }) => {
        const record = community.get(residentId)!;
        const home = record.householdId;
        let { version } = record;
        let tags: string[] = record.tags;
        for (let i = 0, moves = 0; i < 20; i++) {
          if (i % 2 === 0 || i === 19) version = (await act.move(residentId, version, ++moves % 2 === 1 ? target.householdId : home)).version;
          else version = (await act.retag(residentId, version, (tags = toggled(tags)))).version;
        }
      }),
    );
    const { head } = await positions(world.stack);
    expect(head - start).toBe(200);
    expect((await positions(world.stack)).applied).toBe(start);

    replica = await startElderlyCare(world.stack, (apply) => async (tx, events, settings) => {
      await apply(tx, events, settings);
      await tx.insert(applications).values(events.map((event) => ({ position: event.position })));
    });
    await caughtUp(world.stack);

    expect(await applied(start)).toEqual({ n: 200, distinct: 200 });
    const after = await profilesOf(elders);
    for (const elder of elders) {
      expect(after.get(elder.id)).toMatchObject({
        householdId: target.householdId,
        gridId: target.gridId,
        communityId: targetGrid!.communityId,
        careTags: expect.arrayContaining(['DISABLED']),
        // Every change changed the copy, once: 20 versions on.
        version: before.get(elder.id)!.version + 20,
      });
    }
    expect(replica.consumers[CONSUMER]!.lag()).toMatchObject({ position: head, eventsBehind: 0, secondsBehind: 0 });
  });
});

describe('a consumer failing between applying a batch and committing it', () => {
  it('applies nothing twice and loses nothing, and shows why it is stuck while it is', async () => {
    const elders = (await givenElders(world.stack, 30, withoutDisabled)).slice(-5);
    const before = await profilesOf(elders);
    const community = await residentsOf(elders.map((e) => e.residentId));
    const { head: start } = await positions(world.stack);
    const act = communityClient(world.stack, world.token.admin);
    await Promise.all(
      elders.map(async ({ residentId }) => {
        const record = community.get(residentId)!;
        let { version } = record;
        let tags: string[] = record.tags;
        for (let i = 0; i < 9; i++) version = (await act.retag(residentId, version, (tags = toggled(tags)))).version;
      }),
    );

    let failing = true;
    let attempts = 0;
    replica = await startElderlyCare(world.stack, (apply) => async (tx, events, settings) => {
      attempts++;
      await apply(tx, events, settings);
      await tx.insert(applications).values(events.map((event) => ({ position: event.position })));
      // The fault strikes after the batch was applied, before the transaction with the cursor commits.
      if (failing) throw new Error('the consumer dies before committing');
    });
    await until(async () => attempts >= 3);

    // Stuck at the batch, saying why, on /readyz and /metrics; nothing of it committed.
    const readyz = (await (await fetch(replica.url.replace(/\/graphql$/, '/readyz'))).json()) as { details: { feeds: Record<string, { eventsBehind: number; lastError?: string }> } };
    expect(readyz.details.feeds[CONSUMER]).toMatchObject({ eventsBehind: 45, lastError: 'the consumer dies before committing' });
    const metrics = await (await fetch(replica.url.replace(/\/graphql$/, '/metrics'))).text();
    expect(metrics).toContain(`onegrid_feed_events_behind{consumer="${CONSUMER}"} 45`);
    expect(await applied(start)).toEqual({ n: 0, distinct: 0 });
    expect((await positions(world.stack)).applied).toBe(start);

    failing = false;
    await caughtUp(world.stack);
    expect(await applied(start)).toEqual({ n: 45, distinct: 45 });
    const after = await profilesOf(elders);
    for (const elder of elders) {
      expect(after.get(elder.id)!.careTags).toContain('DISABLED');
      expect(after.get(elder.id)!.version).toBe(before.get(elder.id)!.version + 9);
    }
  });
});
