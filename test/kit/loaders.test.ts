import { and, count, eq, inArray } from 'drizzle-orm';
import { viewerFromClaims } from '../../services/kit/auth';
import type { DatabaseHandle } from '../../services/kit/db';
import { forbidden } from '../../services/kit/errors';
import { byKeyLoader, countLoader, HIDDEN, isAnyOf, linkedRowsLoader, preparedForViewer, selectWhereIn } from '../../services/kit/loaders';
import { openWidgetDatabase, tags, widgetRows, widgets, widgetTags, type Widget } from './widgets';

describe('kit loaders', () => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await openWidgetDatabase();
    await handle.db.insert(widgets).values(widgetRows(4, (i) => ({ status: i === 3 ? 'secret' : 'active' })));
    // Labels sort in another order than ids, so the loaders' order is the one asked for, not the key's.
    await handle.db.insert(tags).values([
      { id: 't1', label: 'red' },
      { id: 't2', label: 'blue' },
      { id: 't3', label: 'green' },
    ]);
    await handle.db.insert(widgetTags).values([
      { widgetId: 'w01', tagId: 't1' },
      { widgetId: 'w01', tagId: 't2' },
      { widgetId: 'w01', tagId: 't3' },
      { widgetId: 'w02', tagId: 't1' },
      { widgetId: 'w03', tagId: 't1' },
    ]);
  });
  afterAll(() => handle?.close());

  /** The values of loading `keys` together, and how many SQL statements that took. */
  async function loadAll<V>(load: (key: string) => Promise<V>, keys: string[]): Promise<{ values: V[]; statements: number }> {
    const before = handle.statements.count;
    const values = await Promise.all(keys.map(load));
    return { values, statements: handle.statements.count - before };
  }

  describe('countLoader', () => {
    const widgetsPerTag = () =>
      countLoader(async (keys) =>
        handle.db
          .select({ key: widgetTags.tagId, n: count() })
          .from(widgetTags)
          .where(inArray(widgetTags.tagId, keys))
          .groupBy(widgetTags.tagId),
      );

    it('counts per key in one statement, 0 for a key without rows', async () => {
      const loader = widgetsPerTag();
      const { values, statements } = await loadAll((key) => loader.load(key), ['t1', 't2', 't9', 't3']);
      expect(values).toEqual([3, 1, 0, 1]);
      expect(statements).toBe(1);
    });
  });

  describe('linkedRowsLoader', () => {
    const tagsOfWidget = () =>
      linkedRowsLoader(handle.db, { from: widgetTags.widgetId, to: widgetTags.tagId, target: tags, targetKey: tags.id, orderBy: [tags.label] });

    it('loads each key\'s linked rows in the given order, [] for none, in one statement', async () => {
      const loader = tagsOfWidget();
      const { values, statements } = await loadAll((key) => loader.load(key), ['w01', 'w04', 'w02']);
      expect(values.map((rows) => rows.map((tag) => tag.label))).toEqual([['blue', 'green', 'red'], [], ['red']]);
      expect(values[0]![0]).toEqual({ id: 't2', label: 'blue', linkKey: 'w01' });
      expect(statements).toBe(1);
    });
  });

  describe('byKeyLoader', () => {
    const visibleWidgets = () =>
      byKeyLoader<Widget>(
        selectWhereIn(handle.db, widgets, widgets.id),
        (row) => row.id,
        (row) => (row.status === 'secret' ? forbidden(`You may not see widget ${row.id}.`) : null),
      );

    it('loads rows by key in one statement, null for a missing key', async () => {
      const loader = visibleWidgets();
      const { values, statements } = await loadAll((key) => loader.load(key), ['w02', 'w99', 'w01']);
      expect(values.map((row) => row?.id ?? null)).toEqual(['w02', null, 'w01']);
      expect(statements).toBe(1);
    });

    it('loads a row the policy refuses as the policy\'s error, leaving the others', async () => {
      const loader = visibleWidgets();
      const [refused, allowed] = await Promise.allSettled([loader.load('w04'), loader.load('w03')]);
      expect(refused).toMatchObject({ status: 'rejected', reason: { message: 'You may not see widget w04.', extensions: { code: 'FORBIDDEN' } } });
      expect(allowed).toMatchObject({ status: 'fulfilled', value: { id: 'w03' } });
    });

    it('loads a row the policy hides exactly as a missing key: null', async () => {
      const loader = byKeyLoader<Widget>(selectWhereIn(handle.db, widgets, widgets.id), (row) => row.id, (row) => (row.status === 'secret' ? HIDDEN : null));
      expect(await Promise.all([loader.load('w04'), loader.load('w99'), loader.load('w03')])).toEqual([null, null, expect.objectContaining({ id: 'w03' })]);
    });
  });
  describe('preparedForViewer', () => {
    it("builds a viewer's statement once, and never runs it for a viewer with other claims", async () => {
      const builds = jest.fn();
      // A stand-in for a row rule: admins see secret widgets, everyone else does not.
      const secretsOf = (viewer: ReturnType<typeof viewerFromClaims>) =>
        preparedForViewer<Widget>(handle.db, 'test.widgets', viewer, (keys) => {
          builds(viewer.sub);
          return handle.db
            .select()
            .from(widgets)
            .where(and(isAnyOf(widgets.id, keys), viewer.roles.includes('admin') ? undefined : eq(widgets.status, 'active')));
        });
      const admin = viewerFromClaims({ sub: 'a', roles: ['admin'] });
      const reader = viewerFromClaims({ sub: 'r', roles: ['reader'] });
      const ids = (rows: Widget[]) => rows.map((row) => row.id).sort();
      for (let round = 0; round < 2; round++) {
        expect(ids(await secretsOf(admin)(['w03', 'w04']))).toEqual(['w03', 'w04']);
        expect(ids(await secretsOf(reader)(['w03', 'w04']))).toEqual(['w03']);
        // The same claims in another object (another request's viewer) reuse the statement.
        expect(ids(await secretsOf({ ...admin })(['w04']))).toEqual(['w04']);
      }
      expect(builds.mock.calls).toEqual([['a'], ['r']]);
    });
  });
});
