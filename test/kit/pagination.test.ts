import { decodeCursor, encodeCursor, MAX_PAGE_SIZE, paginate } from '../../services/kit/pagination';

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
