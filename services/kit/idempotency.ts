import { createHash } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { primaryKey, text, timestamp, type PgSchema } from 'drizzle-orm/pg-core';
import type { Database, Transaction } from './db';
import { conflict } from './errors';

/**
 * Idempotent creates: a client sends an `idempotencyKey` with a create and may retry it freely. The first request
 * with a key creates; a retry with the same key and the same input gets the same record back; the same key with a
 * different input is a CONFLICT. Enforced by the primary key of a table in the subgraph's own schema (never
 * check-then-insert), so concurrent retries cannot both create.
 */
export const idempotencyKeysTable = (schema: PgSchema) =>
  schema.table(
    'idempotency_keys',
    {
      /** The operation and the caller, e.g. `raiseAlarm:device-gateway`: one caller's key never answers another's. */
      // Stryker disable next-line StringLiteral: drizzle names a column without a name after its key, here the same.
      scope: text('scope').notNull(),
      // Stryker disable next-line StringLiteral: as above, the column's key is its name.
      key: text('key').notNull(),
      /** A digest of the input the key was first used with. */
      requestHash: text('request_hash').notNull(),
      /** The id of what the first request created. */
      resultId: text('result_id').notNull(),
      createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    },
    (t) => [primaryKey({ columns: [t.scope, t.key] })],
  );
export type IdempotencyKeysTable = ReturnType<typeof idempotencyKeysTable>;

/**
 * A stable digest of an input: keys sorted, so property order does not matter. A property set to undefined counts
 * as absent (JSON leaves it out).
 */
export function requestDigest(input: unknown): string {
  const canonical = (value: unknown): unknown =>
    Array.isArray(value)
      ? value.map(canonical)
      : value && typeof value === 'object' && !(value instanceof Date)
        ? Object.fromEntries(
            Object.entries(value)
              .sort(([a], [b]) => a.localeCompare(b))
              .map(([k, v]) => [k, canonical(v)]),
          )
        : value;
  return createHash('sha256').update(JSON.stringify(canonical(input))).digest('hex');
}

/**
 * What a create's input asks for: the input without its idempotency key and its clientMutationId (an echo a retry
 * may change), so that a retry is told apart from another request by what it asks for alone.
 */
export function requestOf<T extends { idempotencyKey?: string | null; clientMutationId?: string | null }>(
  input: T,
): Omit<T, 'idempotencyKey' | 'clientMutationId'> {
  const { idempotencyKey: _key, clientMutationId: _echo, ...request } = input;
  return request;
}

/**
 * Runs `create` once per (scope, key): in one transaction, claims the key, creates, and records what was created.
 * A retry (same key, same input) returns the first result's id with `replayed: true` and creates nothing; a
 * concurrent retry waits for the first to commit, then replays it. Without a key, `create` simply runs.
 */
export async function createOnce(
  db: Database,
  options: { table: IdempotencyKeysTable; scope: string; key: string | undefined; input: unknown },
  create: (tx: Transaction) => Promise<{ id: string }>,
): Promise<{ id: string; replayed: boolean }> {
  const { table, scope, key } = options;
  if (!key) return db.transaction(async (tx) => ({ id: (await create(tx)).id, replayed: false }));
  const requestHash = requestDigest(options.input);
  return db.transaction(async (tx) => {
    // Stryker disable next-line StringLiteral: a placeholder the update below replaces before commit; no one else reads it.
    const claim = { scope, key, requestHash, resultId: '' };
    // Claims the key; a concurrent claim of the same key waits here until this transaction ends.
    const [claimed] = await tx
      .insert(table)
      .values(claim)
      .onConflictDoNothing()
      .returning({ key: table.key });
    if (claimed) {
      const { id } = await create(tx);
      await tx.update(table).set({ resultId: id }).where(and(eq(table.scope, scope), eq(table.key, key)));
      return { id, replayed: false };
    }
    const [first] = await tx.select().from(table).where(and(eq(table.scope, scope), eq(table.key, key)));
    if (!first || first.requestHash !== requestHash) {
      throw conflict('This idempotencyKey was already used with a different input: use a new key for a new request.', { field: 'idempotencyKey' });
    }
    return { id: first.resultId, replayed: true };
  });
}

