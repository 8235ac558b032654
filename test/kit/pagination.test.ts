import { and, eq } from 'drizzle-orm';
import type { DatabaseHandle } from '../../services/kit/db';
import { decodeCursor, encodeCursor, MAX_PAGE_SIZE, pageOf, paginate, type PageArgs } from '../../services/kit/pagination';
import { openWidgetDatabase, tags, widgetRows, widgetTags, widgets } from './widgets';

const rows = Array.from({ length: 7 }, (_, i) => ({ id: `r${i}` }));
const page = {
  keyOf: (r: { id: string }) => r.id,
  fetch: async (after: string | undefined, limit: number) => rows.filter((r) => !after || r.id > after).slice(0, limit),
  count: async () => rows.length,
};

describe('keyset pagination', () => {
  it('walks all rows page by page without gaps or repeats', async () => {
    const seen: string[] = [];
    let after: string | undefined;
    let pages = 0;
    for (;;) {
      const result = await paginate({ first: 3, after }, page);
      seen.push(...result.edges.map((e) => e.node.id));
      pages++;
      expect(result.pageInfo.hasPreviousPage).toBe(after !== undefined);
      if (!result.pageInfo.hasNextPage) break;
      after = result.pageInfo.endCursor!;
    }
    expect(seen).toEqual(rows.map((r) => r.id));
    expect(pages).toBe(3);
  });

  it('counts only when asked', async () => {
    const count = jest.fn(async () => 7);
    const result = await paginate({ first: 2 }, { ...page, count });
    expect(count).not.toHaveBeenCalled();
    expect(await result.totalCount).toBe(7);
  });

  it('round-trips cursors and rejects foreign ones', () => {
    expect(decodeCursor(encodeCursor('resident-00042'))).toBe('resident-00042');
    expect(() => decodeCursor('bm90IGEgY3Vyc29y')).toThrow(expect.objectContaining({ extensions: { code: 'BAD_USER_INPUT' } }));
  });

  it.each([0, -1, MAX_PAGE_SIZE + 1, 2.5])('rejects first = %p', async (first) => {
    await expect(paginate({ first }, page)).rejects.toMatchObject({ extensions: { code: 'BAD_USER_INPUT' } });
  });

  it('gives an empty page with null cursors', async () => {
    const result = await paginate({ first: 5 }, { ...page, fetch: async () => [] });
    expect(result.edges).toEqual([]);
    expect(result.pageInfo).toEqual({ hasNextPage: false, hasPreviousPage: false, startCursor: null, endCursor: null });
  });
});

describe('pageOf over a table', () => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await openWidgetDatabase();
    // 15 widgets, every third one retired: 10 match the filter, interleaved with 5 that do not.
    await handle.db.insert(widgets).values(widgetRows(15, (i) => ({ status: i % 3 === 2 ? 'retired' : 'active' })));
  });
  afterAll(() => handle?.close());

  const widgetsWith = (status: string, args: PageArgs) =>
    pageOf(handle.db, args, {
      where: eq(widgets.status, status),
      select: (condition) => handle.db.select().from(widgets).where(condition).$dynamic(),
      key: widgets.id,
      keyOf: (row) => row.id,
    });

  it('walks the matching rows in key order, without overlaps, the last full page saying no next page', async () => {
    const first = await widgetsWith('active', { first: 5 });
    const second = await widgetsWith('active', { first: 5, after: first.pageInfo.endCursor! });
    expect(first.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false });
    expect(second.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: true });
    const ids = [...first.edges, ...second.edges].map((e) => e.node.id);
    expect(ids).toEqual(['w01', 'w02', 'w04', 'w05', 'w07', 'w08', 'w10', 'w11', 'w13', 'w14']);
    expect([...first.edges, ...second.edges].every((e) => e.node.status === 'active')).toBe(true);
  });

  it('counts the rows the filter matches, over all pages', async () => {
    const page = await widgetsWith('active', { first: 3, after: encodeCursor('w05') });
    expect(page.edges.map((e) => e.node.id)).toEqual(['w07', 'w08', 'w10']);
    expect(await page.totalCount).toBe(10);
  });

  it('counts a filter that matches nothing as 0, on an empty page', async () => {
    const page = await widgetsWith('lost', { first: 5 });
    expect(page.edges).toEqual([]);
    expect(page.pageInfo.hasNextPage).toBe(false);
    expect(await page.totalCount).toBe(0);
  });

  it('pages a query with a join, its page and count narrowed by the same where', async () => {
    // w01, w02 and (retired) w03 carry the tag; the join and the filter both narrow the list and its count.
    await handle.db.insert(tags).values([{ id: 't1', label: 'blue' }]);
    await handle.db.insert(widgetTags).values([{ widgetId: 'w01', tagId: 't1' }, { widgetId: 'w02', tagId: 't1' }, { widgetId: 'w03', tagId: 't1' }]);
    const page = await pageOf(handle.db, { first: 1 }, {
      where: and(eq(widgets.status, 'active'), eq(widgetTags.tagId, 't1')),
      select: (condition) =>
        handle.db
          .select({ id: widgets.id, status: widgets.status })
          .from(widgets)
          .innerJoin(widgetTags, eq(widgetTags.widgetId, widgets.id))
          .where(condition)
          .$dynamic(),
      key: widgets.id,
      keyOf: (row) => row.id,
    });
    expect(page.edges.map((e) => e.node.id)).toEqual(['w01']);
    expect(page.pageInfo.hasNextPage).toBe(true);
    expect(await page.totalCount).toBe(2);
  });
});
