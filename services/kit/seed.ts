import { getTableColumns, sql, type Table } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import type { Database, Transaction } from './db';

/** A row to insert into `T`, as a demo builds it. */
export type Insert<T extends { $inferInsert: object }> = T['$inferInsert'];

/** Hears how a seed goes: its total rows once built, then the rows of each batch inserted. */
export interface SeedProgress {
  begin(totalRows: number): void;
  advance(rows: number): void;
}

/** Which synthetic data a subgraph seeds: the generator's PRNG seed, its scale, and who hears of progress. */
export interface SeedOptions {
  seed?: number;
  scale?: number;
  progress?: SeedProgress;
}

/** One table's rows, in the order a seed inserts them (foreign keys first). */
export interface SeedRows {
  table: Table;
  rows: readonly object[];
}

/** Pairs a table with its rows, checking the rows against the table's insert type. */
export function rowsFor<T extends Table>(table: T, rows: readonly T['$inferInsert'][]): SeedRows {
  return { table, rows };
}

/**
 * Seeds a subgraph once, in one transaction: does nothing when `guard` already has a row (a restart, or another
 * replica that seeded first), otherwise builds the data and inserts its rows table by table, in batches. Returns
 * what it built, or undefined when it did nothing. A failure rolls everything back, so there is no half-seeded
 * database to guard against.
 */
export async function seedOnce<Data>(
  db: Database,
  seed: { guard: PgTable; build: () => Data; rows: (data: Data) => readonly SeedRows[] },
  progress?: SeedProgress,
): Promise<Data | undefined> {
  return db.transaction(async (tx) => {
    const existing = await tx.select({ one: sql`1` }).from(seed.guard).limit(1);
    if (existing.length > 0) return undefined;
    const data = seed.build();
    const tables = seed.rows(data);
    progress?.begin(tables.reduce((sum, { rows }) => sum + rows.length, 0));
    for (const { table, rows } of tables) await insertInBatches(tx, table, rows, progress);
    return data;
  });
}

const BATCH_ROWS = 1000;

/**
 * Bulk insert for seeds: each batch of rows is ONE JSON parameter that json_populate_recordset expands. Building a
 * parameter per value in drizzle cost more than the inserts themselves, and one parameter never meets PostgreSQL's
 * limit of 65,535 per statement. Every row must set the same columns (a missing key would insert NULL, not the
 * column's default).
 */
export async function insertInBatches<T extends Table>(
  tx: Transaction | Database,
  table: T,
  rows: readonly T['$inferInsert'][],
  progress?: Pick<SeedProgress, 'advance'>,
): Promise<void> {
  if (rows.length === 0) return;
  const keys = Object.keys(rows[0]!);
  const stray = rows.find((row) => Object.keys(row).length !== keys.length || keys.some((key) => !(key in row)));
  if (stray) throw new Error(`insertInBatches: every row must set the same columns (${keys.join(', ')}); got ${Object.keys(stray).join(', ')}`);
  const columns = Object.entries(getTableColumns(table)).filter(([key]) => keys.includes(key));
  const names = sql.join(columns.map(([, column]) => sql.identifier(column.name)), sql`, `);
  for (let i = 0; i < rows.length; i += BATCH_ROWS) {
    const records = rows
      .slice(i, i + BATCH_ROWS)
      .map((row: Record<string, unknown>) => Object.fromEntries(columns.map(([key, column]) => [column.name, row[key]])));
    await tx.execute(sql`insert into ${table} (${names}) select ${names} from json_populate_recordset(null::${table}, ${JSON.stringify(records)}::json)`);
    progress?.advance(records.length);
  }
}
