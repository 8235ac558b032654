import { sql } from 'drizzle-orm';
import { integer, pgSchema, primaryKey, serial, text, timestamp } from 'drizzle-orm/pg-core';
import type { DatabaseHandle } from '../../services/kit/db';
import { openTestDatabase } from '../support/database';

/**
 * Generic tables for the kit's own tests: the kit is domain-free, so its tests use no domain word. Each test file
 * opens its own fresh database, so the schema name never collides.
 */
const kit = pgSchema('kit_test');

export const widgets = kit.table('widgets', {
  id: text('id').primaryKey(),
  status: text('status').notNull(),
  label: text('label').notNull(),
  version: integer('version').notNull().default(1),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});
export type Widget = typeof widgets.$inferSelect;

/** A workflow's record of moves (who/when/note), as `advance` writes it through `record`. */
export const widgetMoves = kit.table('widget_moves', {
  id: serial('id').primaryKey(),
  widgetId: text('widget_id').notNull(),
  fromStatus: text('from_status').notNull(),
  toStatus: text('to_status').notNull(),
  actorSub: text('actor_sub').notNull(),
  note: text('note'),
});

export const tags = kit.table('tags', {
  id: text('id').primaryKey(),
  label: text('label').notNull(),
});

/** A link table: which tags a widget carries. */
export const widgetTags = kit.table(
  'widget_tags',
  {
    widgetId: text('widget_id').notNull(),
    tagId: text('tag_id').notNull(),
  },
  (t) => [primaryKey({ columns: [t.widgetId, t.tagId] })],
);

const DDL = [
  sql`create schema kit_test`,
  sql`create table kit_test.widgets (
    id text primary key,
    status text not null,
    label text not null,
    version integer not null default 1,
    updated_at timestamptz not null default now()
  )`,
  sql`create table kit_test.widget_moves (
    id serial primary key,
    widget_id text not null references kit_test.widgets (id),
    from_status text not null,
    to_status text not null,
    actor_sub text not null,
    note text
  )`,
  sql`create table kit_test.tags (id text primary key, label text not null)`,
  sql`create table kit_test.widget_tags (
    widget_id text not null references kit_test.widgets (id),
    tag_id text not null references kit_test.tags (id),
    primary key (widget_id, tag_id)
  )`,
];

/** A fresh database (PostgreSQL when DATABASE_URL is set, else PGlite) holding the empty generic tables. */
export async function openWidgetDatabase(): Promise<DatabaseHandle> {
  const handle = await openTestDatabase();
  // One statement per call: PGlite's extended protocol takes one at a time.
  for (const statement of DDL) await handle.db.execute(statement);
  return handle;
}

/** `n` widgets `w01`…: ids sort in creation order, as keyset pagination needs. */
export const widgetRows = (n: number, row: (i: number) => Partial<typeof widgets.$inferInsert> = () => ({})) =>
  Array.from({ length: n }, (_, i) => ({ id: `w${String(i + 1).padStart(2, '0')}`, status: 'draft', label: `widget ${i + 1}`, ...row(i) }));
