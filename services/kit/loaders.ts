import DataLoader from 'dataloader';
import { eq, getTableColumns, sql, type SQL } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import type { Viewer } from './auth';
import type { Database } from './db';

/** Keys per statement: one array parameter, but a bounded one. */
const MAX_BATCH = 1000;

/** A statement built once and run with the keys as its one array parameter. */
type PreparedByKeys<Row> = { execute(parameters: { keys: string[] }): Promise<Row[]> };

/**
 * The kit's loader statements, prepared once per database (not rebuilt by drizzle on every request): `= any($keys)`
 * takes one array parameter, so a batch of any size is the same statement, which PostgreSQL also plans once.
 */
const preparedStatements = new WeakMap<object, Map<string, Map<unknown, PreparedByKeys<unknown>>>>();
let preparedCount = 0;
function prepared<Row>(db: Database, kind: string, key: unknown, build: (keys: SQL) => { prepare(name: string): unknown }): PreparedByKeys<Row> {
  let kinds = preparedStatements.get(db);
  if (!kinds) preparedStatements.set(db, (kinds = new Map()));
  let statements = kinds.get(kind);
  if (!statements) kinds.set(kind, (statements = new Map()));
  let statement = statements.get(key);
  if (!statement) {
    statement = build(sql`any(${sql.placeholder('keys')})`).prepare(`onegrid_loader_${++preparedCount}`) as PreparedByKeys<unknown>;
    statements.set(key, statement);
  }
  return statement as PreparedByKeys<Row>;
}

/** `column = any($keys)`: the condition of a statement built by `preparedByKeys`. */
export const isAnyOf = (column: PgColumn, keys: SQL) => sql`${column} = ${keys}`;

/**
 * A subgraph's own loader statement, built once per database (`name`: `<subgraph>.<loader>`, as subgraphs may share
 * one database) and run with each batch's keys: `build` receives the keys parameter for `isAnyOf(column, keys)`.
 * Only for statements that do not depend on the viewer (those that do: preparedForViewer).
 */
export function preparedByKeys<Row>(db: Database, name: string, build: (keys: SQL) => { prepare(name: string): unknown }) {
  const statement = prepared<Row>(db, 'named', name, build);
  return (keys: string[]) => statement.execute({ keys });
}

/** Viewers whose statements are kept, per database: beyond it the oldest viewer's go first. */
const MAX_VIEWERS = 200;
const viewerStatements = new WeakMap<object, Map<string, Map<string, PreparedByKeys<unknown>>>>();

/** Everything a statement may read of a viewer: the same key, the same SQL and parameters. */
const viewerKey = (viewer: Viewer) =>
  JSON.stringify([viewer.authenticated, viewer.sub, viewer.roles, viewer.residentId, viewer.gridIds, viewer.audience, viewer.scopes]);

/**
 * A loader statement that depends on the viewer (a rule's `where`, an "is it the viewer's" flag), built by drizzle once
 * per viewer rather than on every request: keyed by every claim of the viewer, so a statement is only ever run for a
 * viewer whose claims are exactly those it was built for. `build` must depend on nothing else that changes (the
 * clock: no `new Date()`), as with preparedByKeys.
 */
export function preparedForViewer<Row>(db: Database, name: string, viewer: Viewer, build: (keys: SQL) => { prepare(name: string): unknown }) {
  let viewers = viewerStatements.get(db);
  if (!viewers) viewerStatements.set(db, (viewers = new Map()));
  const key = viewerKey(viewer);
  let statements = viewers.get(key);
  if (!statements) {
    if (viewers.size >= MAX_VIEWERS) viewers.delete(viewers.keys().next().value!);
    viewers.set(key, (statements = new Map()));
  }
  let statement = statements.get(name);
  if (!statement) {
    statement = build(sql`any(${sql.placeholder('keys')})`).prepare(`onegrid_loader_${++preparedCount}`) as PreparedByKeys<unknown>;
    statements.set(name, statement);
  }
  const prepared = statement as PreparedByKeys<Row>;
  return (keys: string[]) => prepared.execute({ keys });
}

/**
 * The columns of a subquery that selects a whole table's row (`db.select().from(table)…as(name)`), under the table's
 * keys: to select that row as one nested object, which drizzle reads as null when a left join found none.
 */
export function columnsOf<T extends PgTable>(subquery: object, table: T): ReturnType<typeof getTableColumns<T>> {
  const fields = subquery as Record<string, unknown>;
  return Object.fromEntries(Object.keys(getTableColumns(table)).map((key) => [key, fields[key]])) as ReturnType<typeof getTableColumns<T>>;
}

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
  const statement = prepared<T['$inferSelect']>(db, 'rows', column, (keys) => db.select().from(table as PgTable).where(isAnyOf(column, keys)));
  return (keys: string[]) => statement.execute({ keys });
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
  // One statement per link (its column `to` names it), whatever the request.
  const statement = prepared<Row>(db, 'links', spec.to, (keys) =>
    db
      .select({ ...getTableColumns(spec.target as PgTable), linkKey: spec.from })
      .from(spec.from.table)
      .innerJoin(spec.target as PgTable, eq(spec.targetKey, spec.to))
      .where(isAnyOf(spec.from, keys))
      .orderBy(...spec.orderBy),
  );
  return byForeignKeyLoader<Row>((keys) => statement.execute({ keys }), (row) => row.linkKey);
}
