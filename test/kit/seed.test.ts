import { count, sql } from 'drizzle-orm';
import { integer, pgTable, text } from 'drizzle-orm/pg-core';
import type { DatabaseHandle } from '../../services/kit/db';
import { insertInBatches, rowsFor, seedOnce } from '../../services/kit/seed';
import { openTestDatabase } from '../support/database';

const parents = pgTable('seed_parents', { id: integer('id').primaryKey(), label: text('label').notNull() });
const children = pgTable('seed_children', { id: integer('id').primaryKey(), parentId: integer('parent_id').notNull() });

const numbers = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

describe('seedOnce', () => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await openTestDatabase();
    await handle.db.execute(sql`create table seed_parents (id integer primary key, label text not null)`);
    await handle.db.execute(sql`create table seed_children (id integer primary key, parent_id integer not null references seed_parents (id))`);
  });
  afterAll(() => handle?.close());

  const rowCounts = async () => ({
    parents: (await handle.db.select({ n: count() }).from(parents))[0].n,
    children: (await handle.db.select({ n: count() }).from(children))[0].n,
  });
  const seed = (data: { parents: number[]; children: [number, number][] }, built: { times: number }) =>
    seedOnce(handle.db, {
      guard: parents,
      build: () => {
        built.times++;
        return data;
      },
      rows: ({ parents: ids, children: pairs }) => [
        rowsFor(parents, ids.map((id) => ({ id, label: `p${id}` }))),
        rowsFor(children, pairs.map(([id, parentId]) => ({ id, parentId }))),
      ],
    });

  it('writes nothing when a later table fails: one transaction', async () => {
    const built = { times: 0 };
    await expect(seed({ parents: numbers(1500), children: [[1, 1], [2, 99_999]] }, built)).rejects.toThrow();
    expect(built.times).toBe(1);
    expect(await rowCounts()).toEqual({ parents: 0, children: 0 });
  });

  it('builds and inserts table by table in batches of at most 1,000 rows, and returns what it built', async () => {
    const data = { parents: numbers(2500), children: numbers(1001).map((id) => [id, id] as [number, number]) };
    const built = { times: 0 };
    const before = handle.statements.count;
    await expect(seed(data, built)).resolves.toBe(data);
    // 3 + 2 inserts, the guard, and whatever the driver logs for the transaction itself.
    expect(handle.statements.count - before).toBeLessThanOrEqual(5 + 3);
    expect(await rowCounts()).toEqual({ parents: 2500, children: 1001 });
  });

  it('does nothing, not even build, once the guard table has a row', async () => {
    const built = { times: 0 };
    await expect(seed({ parents: [9001], children: [] }, built)).resolves.toBeUndefined();
    expect(built.times).toBe(0);
    expect(await rowCounts()).toEqual({ parents: 2500, children: 1001 });
  });

  it('refuses rows that set different columns before writing any', async () => {
    const rows = [{ id: 9001, label: 'a' }, { id: 9002 }] as { id: number; label: string }[];
    await expect(insertInBatches(handle.db, parents, rows)).rejects.toThrow('every row must set the same columns');
    expect(await rowCounts()).toEqual({ parents: 2500, children: 1001 });
  });
});
