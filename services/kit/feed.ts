import { asc, eq, gt, sql } from 'drizzle-orm';
import { bigint, bigserial, jsonb, text, timestamp, type PgSchema } from 'drizzle-orm/pg-core';
import { Gauge } from 'prom-client';
import type { Database, Transaction } from './db';
import type { Logger } from './logger';
import { metricsRegistry } from './metrics';

/**
 * A change feed between subgraphs (docs/architecture.md "Facts one subgraph copies from another are kept true by community's
 * change feed"): the publisher writes each change's event into an outbox table in the SAME transaction as the change
 * (so nothing is published that did not happen, and nothing that happened is lost); consumers pull events by
 * position, and apply each batch and advance their cursor in ONE transaction of their own (so a crash between the
 * two applies nothing twice). Events carry the new values, so applying one again changes nothing.
 */

/** The publisher's outbox: one row per change, numbered by a monotonically increasing position. */
export const outboxTable = (schema: PgSchema) =>
  schema.table('change_events', {
    position: bigserial('position', { mode: 'number' }).primaryKey(),
    kind: text('kind').notNull(),
    /** The key of the entity that changed, e.g. a resident's id. */
    entityId: text('entity_id').notNull(),
    /** The new values (the event's whole state, not a diff). */
    payload: jsonb('payload').notNull(),
    occurredAt: timestamp('occurred_at', { withTimezone: true, mode: 'string' }).notNull().defaultNow(),
  });
export type OutboxTable = ReturnType<typeof outboxTable>;

/** A consumer's position in each feed it reads, kept in the consumer's own schema. */
export const feedCursorTable = (schema: PgSchema) =>
  schema.table('feed_cursors', {
    feed: text('feed').primaryKey(),
    position: bigint('position', { mode: 'number' }).notNull().default(0),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  });
export type FeedCursorTable = ReturnType<typeof feedCursorTable>;

export interface ChangeEvent<Payload = unknown> {
  position: number;
  kind: string;
  entityId: string;
  payload: Payload;
  occurredAt: string;
}

/** The NOTIFY channel a feed announces new events on (consumers on the same database wake at once). */
export const feedChannel = (feed: string) => `onegrid_changes_${feed.replace(/\W/g, '_')}`;

/**
 * Writes events in the caller's transaction and announces them (PostgreSQL delivers NOTIFY on commit only, so a
 * rolled-back change announces nothing either). Publishers of one feed take turns from here to their commit (a
 * transaction-scoped advisory lock): positions are drawn when the event is written, so without it a later position
 * could commit first, a consumer would move its cursor past the earlier one still in flight and never read it.
 */
export async function publishChanges(
  tx: Transaction,
  outbox: OutboxTable,
  feed: string,
  events: { kind: string; entityId: string; payload: unknown }[],
): Promise<void> {
  if (events.length === 0) return;
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${feedChannel(feed)}))`);
  await tx.insert(outbox).values(events.map(({ kind, entityId, payload }) => ({ kind, entityId, payload })));
  await tx.execute(sql`select pg_notify(${feedChannel(feed)}, '')`);
}

export interface FeedPage {
  events: ChangeEvent[];
  /** The newest position published so far (0 when none), for the consumer's lag. */
  head: number;
}

export const MAX_FEED_PAGE = 1000;

/** Events after `after`, oldest first, at most `limit` of them. */
export async function readChanges(db: Database, outbox: OutboxTable, after: number, limit: number): Promise<FeedPage> {
  const events = await db
    .select()
    .from(outbox)
    .where(gt(outbox.position, after))
    .orderBy(asc(outbox.position))
    .limit(Math.min(Math.max(limit, 1), MAX_FEED_PAGE));
  const [head] = await db.select({ position: sql<number>`coalesce(max(${outbox.position}), 0)`.mapWith(Number) }).from(outbox);
  return { events: events as ChangeEvent[], head: head?.position ?? 0 };
}

const eventsBehind = new Gauge({
  name: 'onegrid_feed_events_behind',
  help: 'Change-feed events published but not yet applied, per consumer.',
  labelNames: ['consumer'] as const,
  registers: [metricsRegistry],
});
const secondsBehind = new Gauge({
  name: 'onegrid_feed_seconds_behind',
  help: 'Age in seconds of the oldest change-feed event not yet applied (0 when caught up), per consumer.',
  labelNames: ['consumer'] as const,
  registers: [metricsRegistry],
});

export interface FeedLag {
  /** The position applied so far. */
  position: number;
  eventsBehind: number;
  secondsBehind: number;
  /** The last failure to fetch or apply, if the consumer is stuck on it. */
  lastError?: string;
}

export interface FeedConsumerOptions {
  /** Names the consumer in logs and metrics, e.g. "elderly-care<-community". */
  name: string;
  /** The feed's name in the cursor table, e.g. "community". */
  feed: string;
  db: Database;
  cursors: FeedCursorTable;
  fetchPage(after: number, limit: number): Promise<FeedPage>;
  /** Applies a batch in the consumer's transaction; throwing rolls the batch and the cursor back (retried later). */
  apply(tx: Transaction, events: ChangeEvent[]): Promise<void>;
  intervalMs: number;
  batchSize: number;
  log: Logger;
  /** Registers a wake-up (e.g. LISTEN); returns how to unregister. */
  subscribe?(wake: () => void): Promise<() => Promise<void>>;
}

export interface FeedConsumer {
  /** Fetches and applies one batch; the number of events applied. */
  pollOnce(): Promise<number>;
  lag(): FeedLag;
  stop(): Promise<void>;
}

/**
 * A consumer loop: polls every `intervalMs` (and at once when woken), applies batches in order, and on a failure
 * stops at the failing event, logs why and retries after the interval, never skipping it.
 */
export function startFeedConsumer(options: FeedConsumerOptions): FeedConsumer {
  const { db, cursors, feed, log } = options;
  const state: FeedLag = { position: 0, eventsBehind: 0, secondsBehind: 0 };
  let stopped = false;
  let wakeUp: (() => void) | undefined;
  /** A notification came while a batch was being fetched or applied: poll again at once instead of sleeping. */
  let woken = false;
  let unsubscribe: (() => Promise<void>) | undefined;

  const report = (page: FeedPage, applied: ChangeEvent[]) => {
    const oldestPending = page.events[applied.length];
    state.eventsBehind = Math.max(page.head - state.position, 0);
    state.secondsBehind = oldestPending && state.eventsBehind > 0 ? Math.max((Date.now() - Date.parse(oldestPending.occurredAt)) / 1000, 0) : 0;
    eventsBehind.set({ consumer: options.name }, state.eventsBehind);
    secondsBehind.set({ consumer: options.name }, state.secondsBehind);
  };

  async function pollOnce(): Promise<number> {
    await db.insert(cursors).values({ feed, position: 0 }).onConflictDoNothing();
    const [cursor] = await db.select({ position: cursors.position }).from(cursors).where(eq(cursors.feed, feed));
    state.position = cursor?.position ?? 0;
    const page = await options.fetchPage(state.position, options.batchSize);
    // Reported before applying: a consumer stuck at a batch it cannot apply shows how far behind that leaves it.
    report(page, []);
    if (page.events.length === 0) return 0;
    const applied = await db.transaction(async (tx) => {
      // Replicas of one consumer share the cursor: the row lock serialises them, and one that lost the race
      // finds the cursor moved and applies nothing.
      const [locked] = await tx.select({ position: cursors.position }).from(cursors).where(eq(cursors.feed, feed)).for('update');
      if (locked?.position !== state.position) return [];
      await options.apply(tx, page.events);
      const last = page.events.at(-1)!.position;
      await tx.update(cursors).set({ position: last, updatedAt: new Date() }).where(eq(cursors.feed, feed));
      return page.events;
    });
    if (applied.length) state.position = applied.at(-1)!.position;
    report(page, applied);
    return applied.length;
  }

  async function loop() {
    while (!stopped) {
      let caughtUp = true;
      woken = false;
      try {
        caughtUp = (await pollOnce()) < options.batchSize;
        delete state.lastError;
      } catch (error) {
        state.lastError = error instanceof Error ? error.message : String(error);
        log.error({ err: error, consumer: options.name, position: state.position }, 'change feed: could not apply the next batch; retrying');
      }
      if (stopped || !caughtUp || woken) continue;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, options.intervalMs);
        wakeUp = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      wakeUp = undefined;
    }
  }

  const running = (async () => {
    if (options.subscribe) {
      try {
        unsubscribe = await options.subscribe(() => {
          woken = true;
          wakeUp?.();
        });
      } catch (error) {
        // Waking early is an optimisation; the interval alone keeps the copies true.
        log.warn({ err: error, consumer: options.name }, 'change feed: no notifications, polling only');
      }
    }
    await loop();
  })();

  return {
    pollOnce,
    lag: () => ({ ...state }),
    stop: async () => {
      stopped = true;
      wakeUp?.();
      await running;
      await unsubscribe?.();
    },
  };
}
