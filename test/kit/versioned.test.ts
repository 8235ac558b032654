import { eq } from 'drizzle-orm';
import type { DatabaseHandle } from '../../services/kit/db';
import { updateVersioned } from '../../services/kit/versioned';
import { openWidgetDatabase, widgetRows, widgets } from './widgets';

describe('updateVersioned', () => {
  let handle: DatabaseHandle;
  const LONG_AGO = new Date('2020-01-01T00:00:00Z');
  beforeAll(async () => {
    handle = await openWidgetDatabase();
    await handle.db.insert(widgets).values(widgetRows(5, () => ({ updatedAt: LONG_AGO })));
  });
  afterAll(() => handle?.close());

  const stored = async (id: string) => (await handle.db.select().from(widgets).where(eq(widgets.id, id)))[0]!;

  it('updates, bumps version and updatedAt, and returns the row as stored', async () => {
    const updated = await updateVersioned(handle.db, widgets, { what: 'Widget', id: 'w01', expectedVersion: 1 }, { label: 'renamed' });
    expect(updated).toMatchObject({ id: 'w01', label: 'renamed', version: 2 });
    expect(updated.updatedAt.getTime()).toBeGreaterThan(LONG_AGO.getTime());
    expect(await stored('w01')).toEqual(updated);
  });

  it('refuses a stale version: CONFLICT naming the record and its current version, nothing written', async () => {
    await updateVersioned(handle.db, widgets, { what: 'Widget', id: 'w02', expectedVersion: 1 }, { label: 'first' });
    const error = await updateVersioned(handle.db, widgets, { what: 'Widget', id: 'w02', expectedVersion: 1 }, { label: 'second' }).catch((e: unknown) => e);
    expect(error).toMatchObject({ extensions: { code: 'CONFLICT', currentVersion: 2, field: 'expectedVersion' } });
    expect((error as Error).message).toMatch(/^Widget w02 .*version 1.*now 2/);
    expect(await stored('w02')).toMatchObject({ label: 'first', version: 2 });
  });

  it('answers NOT_FOUND on the id field for a missing row', async () => {
    await expect(updateVersioned(handle.db, widgets, { what: 'Widget', id: 'w99', expectedVersion: 1 }, { label: 'x' })).rejects.toMatchObject({
      message: 'Widget w99 was not found.',
      extensions: { code: 'NOT_FOUND', field: 'id' },
    });
  });

  it('counts an unmet extra condition as a change by someone else', async () => {
    const target = { what: 'Widget', id: 'w03', expectedVersion: 1, where: eq(widgets.status, 'active') };
    await expect(updateVersioned(handle.db, widgets, target, { label: 'x' })).rejects.toMatchObject({
      message: 'Widget w03 is no longer in the state you read: reload and retry.',
      extensions: { code: 'CONFLICT', currentVersion: 1, field: 'expectedVersion' },
    });
    expect(await stored('w03')).toMatchObject({ label: 'widget 3', version: 1, updatedAt: LONG_AGO });
  });

  it('lets exactly one of many simultaneous updates from the same version win', async () => {
    const attempts = 8;
    const outcomes = await Promise.allSettled(
      Array.from({ length: attempts }, (_, i) =>
        updateVersioned(handle.db, widgets, { what: 'Widget', id: 'w04', expectedVersion: 1 }, { label: `attempt ${i}` }),
      ),
    );
    const won = outcomes.filter((o) => o.status === 'fulfilled');
    expect(won).toHaveLength(1);
    for (const lost of outcomes.filter((o) => o.status === 'rejected')) {
      expect(lost.reason).toMatchObject({ extensions: { code: 'CONFLICT', currentVersion: 2 } });
    }
    expect(await stored('w04')).toMatchObject({ version: 2, label: (won[0] as PromiseFulfilledResult<{ label: string }>).value.label });
  });

  it('works inside a caller\'s transaction, and rolls back with it', async () => {
    await expect(
      handle.db.transaction(async (tx) => {
        await updateVersioned(tx, widgets, { what: 'Widget', id: 'w05', expectedVersion: 1 }, { label: 'rolled back' });
        throw new Error('a later step failed');
      }),
    ).rejects.toThrow('a later step failed');
    expect(await stored('w05')).toMatchObject({ label: 'widget 5', version: 1 });
  });
});
