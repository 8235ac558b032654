import { and, eq, getTableColumns, sql, type SQL } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import type { Database, Transaction } from './db';
import { conflict, notFound } from './errors';

/** A table whose rows carry an optimistic-concurrency `version` (and usually an `updatedAt`). */
export type VersionedTable = PgTable & { id: PgColumn; version: PgColumn };

export interface VersionedTarget {
  /** How messages name the record, e.g. "Resident" or "The profile of resident". */
  what: string;
  id: string;
  /** The version the caller read. */
  expectedVersion: number;
  /** Further conditions the row must meet (e.g. its current status); otherwise it counts as changed. */
  where?: SQL;
}

/**
 * Compare-and-set: updates the row only if it still has the version the caller read, bumping the version (and
 * `updatedAt`). Someone else's change first is a CONFLICT naming the record and its current version; a missing
 * row is NOT_FOUND.
 */
export async function updateVersioned<T extends VersionedTable>(
  db: Database | Transaction,
  table: T,
  target: VersionedTarget,
  changes: Partial<T['$inferInsert']>,
): Promise<T['$inferSelect']> {
  const hasUpdatedAt = 'updatedAt' in getTableColumns(table);
  const set = { ...changes, version: sql`${table.version} + 1`, ...(hasUpdatedAt ? { updatedAt: new Date() } : {}) };
  // drizzle cannot type a set over a generic table: the columns are checked by `changes`' type above.
  const [updated] = (await db
    .update(table as PgTable)
    .set(set as never)
    .where(and(eq(table.id, target.id), eq(table.version, target.expectedVersion), target.where))
    .returning()) as T['$inferSelect'][];
  if (updated) return updated;
  const [current] = (await db.select({ version: table.version }).from(table as PgTable).where(eq(table.id, target.id))) as { version: number }[];
  if (!current) throw notFound(target.what, target.id, 'id');
  const why =
    current.version === target.expectedVersion
      ? 'is no longer in the state you read'
      : `was changed by someone else (you read version ${target.expectedVersion}; it is now ${current.version})`;
  throw conflict(
    `${target.what} ${target.id} ${why}: reload and retry.`,
    { currentVersion: current.version, field: 'expectedVersion' },
  );
}
