import DataLoader from 'dataloader';
import { eq, getTableColumns, inArray, type SQL } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import type { Database } from './db';

/** `inArray` sends one parameter per key; PostgreSQL accepts 65,535 per statement. */
const MAX_BATCH = 1000;

/** A row the viewer may not see, loaded as if it did not exist (so a caller cannot tell the two apart). */
export const HIDDEN = Symbol('hidden');

/** Decides, per loaded row, whether the viewer may see it: null if so, HIDDEN to load it as missing, or an Error. */
export type RowPolicy<Row> = (row: Row) => Error | typeof HIDDEN | null;

/**
 * Per-request loader of rows by a unique key: one statement per batch, whatever the number of keys.
 * A missing key loads as null, and so does a row the policy hides; a row the policy refuses loads as its error.
 */
export function byKeyLoader<Row>(
  fetch: (keys: string[]) => Promise<Row[]>,
  keyOf: (row: Row) => string,
  policy?: RowPolicy<Row>,
): DataLoader<string, Row | null> {
  return new DataLoader(
    async (keys) => {
      const rows = await fetch([...keys]);
      const byKey = new Map(rows.map((row) => [keyOf(row), row]));
      return keys.map((key) => {
        const row = byKey.get(key);
        if (!row) return null;
        const verdict = policy?.(row) ?? null;
        return verdict === HIDDEN ? null : (verdict ?? row);
      });
    },
    { maxBatchSize: MAX_BATCH },
  );
}

/** Per-request loader of all rows sharing a foreign key, e.g. a household's residents. */
export function byForeignKeyLoader<Row>(
  fetch: (keys: string[]) => Promise<Row[]>,
  foreignKeyOf: (row: Row) => string,
): DataLoader<string, Row[]> {
  return new DataLoader(
    async (keys) => {
      const rows = await fetch([...keys]);
      const groups = new Map<string, Row[]>();
      for (const row of rows) {
        const key = foreignKeyOf(row);
        const group = groups.get(key);
        if (group) group.push(row);
        else groups.set(key, [row]);
      }
      return keys.map((key) => groups.get(key) ?? []);
    },
    { maxBatchSize: MAX_BATCH },
  );
}

/** The common case: select a table's rows whose `column` is one of the keys. */
export function selectWhereIn<T extends PgTable>(db: Database, table: T, column: PgColumn) {
  return async (keys: string[]): Promise<T['$inferSelect'][]> =>
    (await db.select().from(table as PgTable).where(inArray(column, keys))) as T['$inferSelect'][];
}

/** A loader of a table's rows by primary key `id`. */
export const rowsById = <T extends PgTable & { id: PgColumn }>(db: Database, table: T, policy?: RowPolicy<T['$inferSelect']>) =>
  byKeyLoader(selectWhereIn(db, table, table.id), (row) => (row as { id: string }).id, policy);

/** A loader of a table's rows grouped by a foreign-key column, e.g. `rowsByForeignKey(db, residents, residents.householdId, r => r.householdId)`. */
export const rowsByForeignKey = <T extends PgTable>(
  db: Database,
  table: T,
  column: PgColumn,
  foreignKeyOf: (row: T['$inferSelect']) => string,
) => byForeignKeyLoader(selectWhereIn(db, table, column), foreignKeyOf);

/** Per-request counts by key, from one grouped statement per batch; a key without rows counts 0. */
export function countLoader(fetch: (keys: string[]) => Promise<{ key: string | null; n: number }[]>): DataLoader<string, number> {
  return new DataLoader(
    async (keys) => {
      const counts = new Map((await fetch([...keys])).map((row) => [row.key, Number(row.n)]));
      return keys.map((key) => counts.get(key) ?? 0);
    },
    { maxBatchSize: MAX_BATCH },
  );
}

/**
 * Per-request loader of the rows a link table joins to each key, e.g. a grid's workers through grid assignments:
 * one statement per batch. Each row carries the key it was loaded for as `linkKey`.
 */
export function linkedRowsLoader<T extends PgTable>(
  db: Database,
  spec: {
    /** The link table's column holding the keys asked for, and the one pointing at `target`. */
    from: PgColumn;
    to: PgColumn;
    target: T;
    /** The target's column `to` points at. */
    targetKey: PgColumn;
    orderBy: (PgColumn | SQL)[];
  },
): DataLoader<string, (T['$inferSelect'] & { linkKey: string })[]> {
  type Row = T['$inferSelect'] & { linkKey: string };
  return byForeignKeyLoader<Row>(
    async (keys) =>
      (await db
        .select({ ...getTableColumns(spec.target as PgTable), linkKey: spec.from })
        .from(spec.from.table)
        .innerJoin(spec.target as PgTable, eq(spec.targetKey, spec.to))
        .where(inArray(spec.from, keys))
        .orderBy(...spec.orderBy)) as Row[],
    (row) => row.linkKey,
  );
}
