import { eq } from 'drizzle-orm';
import type { DatabaseHandle, Transaction } from '../../services/kit/db';
import { advance, stateMachine, type Move } from '../../services/kit/workflow';
import { openWidgetDatabase, widgetMoves, widgetRows, widgets } from './widgets';

const STATUSES = ['draft', 'active', 'paused', 'retired'] as const;
type Status = (typeof STATUSES)[number];
const lifecycle = stateMachine<Status>('A widget', {
  draft: ['active', 'retired'],
  active: ['paused', 'retired'],
  paused: ['active', 'retired'],
  retired: [],
});

describe('stateMachine', () => {
  it('lists its states and the moves each allows', () => {
    expect(lifecycle.states).toEqual(STATUSES);
    expect(lifecycle.allowed('draft')).toEqual(['active', 'retired']);
    expect(lifecycle.allowed('retired')).toEqual([]);
  });

  it('accepts an allowed move', () => {
    expect(() => lifecycle.assertMove('active', 'paused')).not.toThrow();
  });

  it('refuses an illegal move naming the current state and the allowed moves, on the field "to"', () => {
    const error = (() => {
      try {
        lifecycle.assertMove('draft', 'paused');
      } catch (e) {
        return e;
      }
    })();
    expect(error).toMatchObject({
      message: 'A widget that is draft can only move to active or retired, not paused.',
      extensions: { code: 'BAD_USER_INPUT', field: 'to', from: 'draft', to: 'paused', allowed: ['active', 'retired'] },
    });
  });

  it('says a final state is final', () => {
    expect(() => lifecycle.assertMove('retired', 'active')).toThrow(
      expect.objectContaining({
        message: 'A widget that is retired is final and cannot move to active.',
        extensions: expect.objectContaining({ code: 'BAD_USER_INPUT', field: 'to' }),
      }),
    );
  });
});

describe('advance', () => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await openWidgetDatabase();
    await handle.db.insert(widgets).values(widgetRows(10));
  });
  afterAll(() => handle?.close());

  const stored = async (id: string) => (await handle.db.select().from(widgets).where(eq(widgets.id, id)))[0]!;
  const movesOf = (id: string) => handle.db.select().from(widgetMoves).where(eq(widgetMoves.widgetId, id)).orderBy(widgetMoves.id);
  const recordFor = (id: string) => (tx: Transaction, move: Move<Status>) =>
    tx.insert(widgetMoves).values({ widgetId: id, fromStatus: move.from, toStatus: move.to, actorSub: move.actorSub, note: move.note });
  const failingRecord = async () => {
    throw new Error('the record could not be written');
  };
  const move = (
    id: string,
    from: Status,
    to: Status,
    extra: { expectedVersion?: number; note?: string; record?: (tx: Transaction, move: Move<Status>) => Promise<unknown>; set?: { label?: string } } = {},
  ) =>
    advance(handle.db, { machine: lifecycle, table: widgets, current: { id, status: from }, to, actorSub: 'user:7', record: recordFor(id), ...extra });

  describe('without expectedVersion', () => {
    it('moves the row and records who moved it and why', async () => {
      const moved = await move('w01', 'draft', 'active', { note: 'ready' });
      expect(moved).toMatchObject({ id: 'w01', status: 'active' });
      expect(await stored('w01')).toMatchObject({ status: 'active' });
      expect(await movesOf('w01')).toEqual([expect.objectContaining({ fromStatus: 'draft', toStatus: 'active', actorSub: 'user:7', note: 'ready' })]);
    });

    it('records a missing note as null', async () => {
      await move('w07', 'draft', 'active');
      expect(await movesOf('w07')).toEqual([expect.objectContaining({ toStatus: 'active', note: null })]);
    });

    it('refuses an illegal move before touching the database', async () => {
      const before = handle.statements.count;
      await expect(move('w02', 'draft', 'paused')).rejects.toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'to' } });
      expect(handle.statements.count).toBe(before);
      expect(await stored('w02')).toMatchObject({ status: 'draft', version: 1 });
      expect(await movesOf('w02')).toEqual([]);
    });

    it('is a CONFLICT when the row moved meanwhile, and records nothing', async () => {
      await handle.db.update(widgets).set({ status: 'retired' }).where(eq(widgets.id, 'w03'));
      await expect(move('w03', 'draft', 'active')).rejects.toMatchObject({ extensions: { code: 'CONFLICT' } });
      expect(await stored('w03')).toMatchObject({ status: 'retired' });
      expect(await movesOf('w03')).toEqual([]);
    });

    it('sets further columns with the status in the same update', async () => {
      expect(await move('w10', 'draft', 'active', { set: { label: 'moved' } })).toMatchObject({ status: 'active', label: 'moved' });
      expect(await stored('w10')).toMatchObject({ status: 'active', label: 'moved' });
    });

    it('keeps the status when recording the move fails: one transaction', async () => {
      await expect(move('w04', 'draft', 'active', { record: failingRecord })).rejects.toThrow('the record could not be written');
      expect(await stored('w04')).toMatchObject({ status: 'draft' });
    });
  });

  describe('with expectedVersion', () => {
    it('moves the row, bumps its version and records the move', async () => {
      const moved = await move('w05', 'draft', 'active', { expectedVersion: 1 });
      expect(moved).toMatchObject({ status: 'active', version: 2 });
      expect(await movesOf('w05')).toEqual([expect.objectContaining({ fromStatus: 'draft', toStatus: 'active' })]);
    });

    it('is a CONFLICT with the current version when someone else changed the row first', async () => {
      await handle.db.update(widgets).set({ label: 'edited', version: 2 }).where(eq(widgets.id, 'w08'));
      await expect(move('w08', 'draft', 'active', { expectedVersion: 1 })).rejects.toMatchObject({
        extensions: { code: 'CONFLICT', currentVersion: 2, field: 'expectedVersion' },
      });
      expect(await stored('w08')).toMatchObject({ status: 'draft', version: 2 });
      expect(await movesOf('w08')).toEqual([]);
    });

    it('is a CONFLICT when the status moved meanwhile even if the version matches', async () => {
      // A write that bypassed the version: the status condition still catches it.
      await handle.db.update(widgets).set({ status: 'paused' }).where(eq(widgets.id, 'w06'));
      await expect(move('w06', 'draft', 'active', { expectedVersion: 1 })).rejects.toMatchObject({ extensions: { code: 'CONFLICT' } });
      expect(await stored('w06')).toMatchObject({ status: 'paused', version: 1 });
    });

    it('keeps status and version when recording the move fails', async () => {
      await expect(move('w09', 'draft', 'retired', { expectedVersion: 1, record: failingRecord })).rejects.toThrow(
        'the record could not be written',
      );
      expect(await stored('w09')).toMatchObject({ status: 'draft', version: 1 });
    });
  });
});
