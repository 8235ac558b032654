import { count, countDistinct, sql } from 'drizzle-orm';
import { pgSchema, text } from 'drizzle-orm/pg-core';
import type { DatabaseHandle, Transaction } from '../../services/kit/db';
import { feedChannel, feedCursorTable, outboxTable, publishChanges, readChanges, startFeedConsumer, type ChangeEvent, type FeedConsumer } from '../../services/kit/feed';
import { createLogger } from '../../services/kit/logger';
import { openTestDatabase } from '../support/database';

// A publisher schema with its outbox, and a consumer schema with its cursor and its copies of the publisher's facts.
const publisher = pgSchema('feed_publisher');
const consumerSchema = pgSchema('feed_consumer');
const outbox = outboxTable(publisher);
const cursors = feedCursorTable(consumerSchema);
const sources = publisher.table('sources', { id: text('id').primaryKey(), value: text('value').notNull() });
const copies = consumerSchema.table('copies', { id: text('id').primaryKey(), value: text('value').notNull() });
/** Every application of an event, to prove exactly-once: no key, so a second application shows as a second row. */
const applications = consumerSchema.table('applications', { position: text('position').notNull() });

let handle: DatabaseHandle;
const log = createLogger('silent', 'test');

beforeAll(async () => {
  handle = await openTestDatabase();
  // One statement per call: PGlite's extended protocol takes no multi-statement strings.
  await handle.db.execute(sql`create schema feed_publisher`);
  await handle.db.execute(sql`create schema feed_consumer`);
  await handle.db.execute(sql`create table feed_publisher.change_events (position bigserial primary key, kind text not null, entity_id text not null, payload jsonb not null, occurred_at timestamptz not null default now())`);
  await handle.db.execute(sql`create table feed_publisher.sources (id text primary key, value text not null)`);
  await handle.db.execute(sql`create table feed_consumer.feed_cursors (feed text primary key, position bigint not null default 0, updated_at timestamptz not null default now())`);
  await handle.db.execute(sql`create table feed_consumer.copies (id text primary key, value text not null)`);
  await handle.db.execute(sql`create table feed_consumer.applications (position text not null)`);
}, 60_000);
afterAll(() => handle?.close());

beforeEach(async () => {
  await handle.db.execute(sql`truncate feed_publisher.change_events, feed_publisher.sources, feed_consumer.feed_cursors, feed_consumer.copies, feed_consumer.applications restart identity`);
});

/** A change to the publisher's fact and its event, in one transaction. */
const change = (id: string, value: string) =>
  handle.db.transaction(async (tx) => {
    await tx.insert(sources).values({ id, value }).onConflictDoUpdate({ target: sources.id, set: { value } });
    await publishChanges(tx, outbox, 'publisher', [{ kind: 'VALUE_SET', entityId: id, payload: { value } }]);
  });

/** Sets the copy to the event's value (idempotent) and records the application. */
async function applyToCopies(tx: Transaction, events: ChangeEvent[]) {
  for (const event of events) {
    const { value } = event.payload as { value: string };
    await tx.insert(copies).values({ id: event.entityId, value }).onConflictDoUpdate({ target: copies.id, set: { value } });
    await tx.insert(applications).values({ position: String(event.position) });
  }
}

const consumerOf = (apply = applyToCopies, options: { batchSize?: number; intervalMs?: number; subscribe?: boolean } = {}): FeedConsumer =>
  startFeedConsumer({
    name: 'consumer<-publisher',
    feed: 'publisher',
    db: handle.db,
    cursors,
    fetchPage: (after, limit) => readChanges(handle.db, outbox, after, limit),
    apply,
    intervalMs: options.intervalMs ?? 20,
    batchSize: options.batchSize ?? 50,
    log,
    subscribe: options.subscribe ? (wake) => handle.listen(feedChannel('publisher'), wake) : undefined,
  });

async function until(condition: () => Promise<boolean>, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('timed out waiting for the consumer');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
const applied = async () => (await handle.db.select({ n: count(), distinct: countDistinct(applications.position) }).from(applications))[0]!;

describe('change feed', () => {
  it('publishes with the change, or not at all when the change rolls back', async () => {
    await expect(
      handle.db.transaction(async (tx) => {
        await tx.insert(sources).values({ id: 'a', value: 'lost' });
        await publishChanges(tx, outbox, 'publisher', [{ kind: 'VALUE_SET', entityId: 'a', payload: { value: 'lost' } }]);
        throw new Error('the change fails after publishing');
      }),
    ).rejects.toThrow('the change fails');
    expect(await readChanges(handle.db, outbox, 0, 10)).toEqual({ events: [], head: 0 });
    await change('a', 'kept');
    const page = await readChanges(handle.db, outbox, 0, 10);
    expect(page.head).toBe(page.events[0]!.position);
    expect(page.events.map((e) => [e.kind, e.entityId, e.payload])).toEqual([['VALUE_SET', 'a', { value: 'kept' }]]);
  });

  it('makes a second publisher wait for the first to commit, so positions become visible in order', async () => {
    // PGlite runs one transaction at a time: the race needs two connections.
    if (handle.driver !== 'postgres') return;
    let releaseFirst!: () => void;
    const firstMayCommit = new Promise<void>((resolve) => (releaseFirst = resolve));
    let firstPublished!: () => void;
    const published = new Promise<void>((resolve) => (firstPublished = resolve));
    const first = handle.db.transaction(async (tx) => {
      await publishChanges(tx, outbox, 'publisher', [{ kind: 'VALUE_SET', entityId: 'first', payload: {} }]);
      firstPublished();
      await firstMayCommit;
    });
    await published;
    let secondDone = false;
    const second = change('second', 'v').then(() => (secondDone = true));
    await new Promise((resolve) => setTimeout(resolve, 300));
    // The second publisher waits: had it drawn its position and committed, a consumer could pass the first's.
    expect(secondDone).toBe(false);
    expect((await readChanges(handle.db, outbox, 0, 10)).events).toEqual([]);
    releaseFirst();
    await Promise.all([first, second]);
    expect((await readChanges(handle.db, outbox, 0, 10)).events.map((e) => e.entityId)).toEqual(['first', 'second']);
  });

  it('reads in the background without counting toward the statements requests cost', async () => {
    await change('a', 'v');
    const before = handle.statements.count;
    expect((await readChanges(handle.background, outbox, 0, 10)).events).toHaveLength(1);
    expect(handle.statements.count).toBe(before);
    await readChanges(handle.db, outbox, 0, 10);
    expect(handle.statements.count).toBe(before + 2);
  });

  it('pages by position, oldest first', async () => {
    for (let i = 0; i < 7; i++) await change(`k${i}`, `v${i}`);
    const first = await readChanges(handle.db, outbox, 0, 3);
    const second = await readChanges(handle.db, outbox, first.events.at(-1)!.position, 10);
    expect(first.events.map((e) => e.entityId)).toEqual(['k0', 'k1', 'k2']);
    expect(second.events.map((e) => e.entityId)).toEqual(['k3', 'k4', 'k5', 'k6']);
    expect(second.head).toBe(7);
  });

  it('applies 200 changes exactly once across a stop and a restart, leaving the copies equal to the sources', async () => {
    for (let i = 0; i < 100; i++) await change(`k${i % 40}`, `first-${i}`);
    const consumer = consumerOf();
    await until(async () => (await applied()).n >= 100);
    await consumer.stop();
    for (let i = 100; i < 200; i++) await change(`k${i % 40}`, `second-${i}`);
    const restarted = consumerOf();
    await until(async () => (await applied()).n >= 200);
    await restarted.pollOnce();
    await restarted.stop();
    expect(await applied()).toEqual({ n: 200, distinct: 200 });
    const [sourceRows, copyRows] = [await handle.db.select().from(sources).orderBy(sources.id), await handle.db.select().from(copies).orderBy(copies.id)];
    expect(copyRows).toEqual(sourceRows);
    expect(restarted.lag()).toMatchObject({ position: 200, eventsBehind: 0, secondsBehind: 0 });
  });

  it('stops at a batch it cannot apply, applies none of it, and retries it until it applies once', async () => {
    for (let i = 0; i < 10; i++) await change(`k${i}`, `v${i}`);
    let failures = 0;
    // The fault strikes after the batch was applied, before the cursor's transaction commits.
    const crashing = async (tx: Transaction, events: ChangeEvent[]) => {
      await applyToCopies(tx, events);
      if (failures++ < 3) throw new Error('crash between applying and committing');
    };
    const consumer = consumerOf(crashing, { batchSize: 4 });
    await until(async () => (await applied()).n >= 10);
    await consumer.stop();
    expect(failures).toBeGreaterThanOrEqual(4);
    expect(await applied()).toEqual({ n: 10, distinct: 10 });
    expect(await handle.db.select().from(copies).orderBy(copies.id)).toEqual(await handle.db.select().from(sources).orderBy(sources.id));
  });

  it('reports the events it is stuck behind, and why', async () => {
    for (let i = 0; i < 5; i++) await change(`k${i}`, `v${i}`);
    const consumer = consumerOf(async () => {
      throw new Error('cannot apply');
    });
    await until(async () => consumer.lag().lastError !== undefined);
    expect(consumer.lag()).toMatchObject({ position: 0, eventsBehind: 5, lastError: 'cannot apply' });
    expect(consumer.lag().secondsBehind).toBeGreaterThanOrEqual(0);
    await consumer.stop();
  });

  it('reports how far behind it is', async () => {
    for (let i = 0; i < 10; i++) await change(`k${i}`, `v${i}`);
    // Stopped at once: only the explicit polls below run.
    const consumer = consumerOf(applyToCopies, { batchSize: 4, intervalMs: 60_000 });
    await consumer.stop();
    await handle.db.execute(sql`truncate feed_consumer.copies, feed_consumer.applications, feed_consumer.feed_cursors`);
    expect(await consumer.pollOnce()).toBe(4);
    expect(consumer.lag()).toMatchObject({ position: 4, eventsBehind: 6 });
    expect(consumer.lag().secondsBehind).toBeGreaterThanOrEqual(0);
    expect(await consumer.pollOnce()).toBe(4);
    expect(await consumer.pollOnce()).toBe(2);
    expect(consumer.lag()).toMatchObject({ position: 10, eventsBehind: 0, secondsBehind: 0 });
  });

  it('wakes at once on a notification instead of waiting for the interval', async () => {
    const consumer = consumerOf(applyToCopies, { intervalMs: 60_000, subscribe: true });
    // Let the first poll find nothing and the consumer go to sleep for a minute.
    await new Promise((resolve) => setTimeout(resolve, 300));
    const started = Date.now();
    await change('woken', 'now');
    await until(async () => (await applied()).n >= 1, 10_000);
    expect(Date.now() - started).toBeLessThan(10_000);
    await consumer.stop();
  });

  it('does not miss a notification that arrives while it applies a batch', async () => {
    // PGlite runs one transaction at a time: the change cannot commit while the batch is being applied.
    if (handle.driver !== 'postgres') return;
    await change('first', 'v');
    let applying!: () => void;
    const firstBatch = new Promise<void>((resolve) => (applying = resolve));
    const slowFirst = async (tx: Transaction, events: ChangeEvent[]) => {
      applying();
      // Long enough for the change below to commit and notify while this batch is still being applied.
      if (events[0]!.entityId === 'first') await new Promise((resolve) => setTimeout(resolve, 500));
      await applyToCopies(tx, events);
    };
    const consumer = consumerOf(slowFirst, { intervalMs: 60_000, subscribe: true });
    await firstBatch;
    await change('second', 'v');
    await until(async () => (await applied()).n >= 2, 10_000);
    await consumer.stop();
  });
});
