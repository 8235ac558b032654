import { count, sql } from 'drizzle-orm';
import { pgSchema, text } from 'drizzle-orm/pg-core';
import type { DatabaseHandle } from '../../services/kit/db';
import { createOnce, idempotencyKeysTable, requestDigest, requestOf } from '../../services/kit/idempotency';
import { openTestDatabase } from '../support/database';

const schema = pgSchema('idem_kit');
const keys = idempotencyKeysTable(schema);
const things = schema.table('things', { id: text('id').primaryKey().default(sql`gen_random_uuid()::text`), label: text('label').notNull() });

let handle: DatabaseHandle;
beforeAll(async () => {
  handle = await openTestDatabase();
  // The tables as drizzle-kit migrates them from their definitions: the key table's primary key is what stops a
  // second claim of a key, so it must come from the definition under test, not from DDL copied beside it.
  const { generateDrizzleJson, generateMigration } = await import('drizzle-kit/api');
  for (const statement of await generateMigration(generateDrizzleJson({}), generateDrizzleJson({ schema, keys, things }))) {
    await handle.db.execute(sql.raw(statement));
  }
}, 60_000);
afterAll(() => handle?.close());

const makeThing = (key: string | undefined, label: string, scope = 'makeThing:alice') =>
  createOnce(handle.db, { table: keys, scope, key, input: { label } }, async (tx) => (await tx.insert(things).values({ label }).returning({ id: things.id }))[0]!);
const thingsLabelled = async (label: string) => (await handle.db.select({ n: count() }).from(things).where(sql`${things.label} = ${label}`))[0]!.n;

describe('createOnce', () => {
  it('creates once per key: a retry with the same input replays the first result', async () => {
    const first = await makeThing('k-1', 'one');
    const retry = await makeThing('k-1', 'one');
    expect(first.replayed).toBe(false);
    expect(retry).toEqual({ id: first.id, replayed: true });
    expect(await thingsLabelled('one')).toBe(1);
  });

  it('refuses the same key with a different input (CONFLICT on idempotencyKey)', async () => {
    await makeThing('k-2', 'two');
    await expect(makeThing('k-2', 'other')).rejects.toMatchObject({
      message: 'This idempotencyKey was already used with a different input: use a new key for a new request.',
      extensions: { code: 'CONFLICT', field: 'idempotencyKey' },
    });
    expect(await thingsLabelled('other')).toBe(0);
  });

  it('keeps callers apart: the same key in another scope creates its own', async () => {
    const alice = await makeThing('k-3', 'three');
    const bob = await makeThing('k-3', 'three', 'makeThing:bob');
    expect(bob.id).not.toBe(alice.id);
  });

  it('creates exactly one under 50 concurrent retries of one key', async () => {
    const results = await Promise.all(Array.from({ length: 50 }, () => makeThing('k-burst', 'burst')));
    expect(new Set(results.map((r) => r.id)).size).toBe(1);
    expect(results.filter((r) => !r.replayed)).toHaveLength(1);
    expect(await thingsLabelled('burst')).toBe(1);
  });

  it('forgets a key whose create failed, so a retry can succeed', async () => {
    await expect(
      createOnce(handle.db, { table: keys, scope: 's', key: 'k-fail', input: {} }, async () => {
        throw new Error('create failed');
      }),
    ).rejects.toThrow('create failed');
    expect((await makeThing('k-fail', 'after failure', 's')).replayed).toBe(false);
  });

  it('creates every time without a key', async () => {
    const first = await makeThing(undefined, 'keyless');
    const second = await makeThing(undefined, 'keyless');
    expect([first.replayed, second.replayed]).toEqual([false, false]);
    expect(second.id).not.toBe(first.id);
    expect(await thingsLabelled('keyless')).toBe(2);
  });

  it('tells requests apart by what they ask for, not by the key or the client\'s echo', () => {
    const sent = { label: 'x', idempotencyKey: 'k', clientMutationId: 'try-1' };
    expect(requestOf(sent)).toEqual({ label: 'x' });
    expect(requestDigest(requestOf({ ...sent, clientMutationId: 'try-2' }))).toBe(requestDigest(requestOf(sent)));
  });

  it('digests inputs independently of property order, and tells different inputs apart', () => {
    expect(requestDigest({ a: 1, b: [1, { c: 2, d: 3 }] })).toBe(requestDigest({ b: [1, { d: 3, c: 2 }], a: 1 }));
    expect(requestDigest({ a: 1 })).not.toBe(requestDigest({ a: 2 }));
    expect(requestDigest({ a: 1, b: undefined })).toBe(requestDigest({ a: 1 }));
    // A list is not an object keyed by position, nor a string a list of characters; dates differ by their instant.
    expect(requestDigest({ a: [1, 2] })).not.toBe(requestDigest({ a: { 0: 1, 1: 2 } }));
    expect(requestDigest({ a: 'xy' })).not.toBe(requestDigest({ a: ['x', 'y'] }));
    expect(requestDigest({ at: new Date('2026-01-01T00:00:00Z') })).not.toBe(requestDigest({ at: new Date('2026-01-02T00:00:00Z') }));
    expect(requestDigest({ a: null })).not.toBe(requestDigest({ a: {} }));
  });
});
