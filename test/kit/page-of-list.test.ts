import { pageOfList } from '../../services/kit/pagination';

// Out of order on purpose: the page follows the keys, not the order rows were loaded in.
const rows = ['b', 'e', 'a', 'd', 'c'].map((key) => ({ key, label: key.toUpperCase() }));
const keyOf = (row: { key: string }) => row.key;

describe('pageOfList: a page of a list loaded whole', () => {
  it('walks the rows in key order, page by page, without gaps or repeats, with the total on every page', async () => {
    const seen: string[] = [];
    let after: string | undefined;
    for (;;) {
      const page = await pageOfList(rows, { first: 2, after }, keyOf);
      seen.push(...page.edges.map((edge) => edge.node.key));
      expect(await page.totalCount).toBe(5);
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor!;
    }
    expect(seen).toEqual(['a', 'b', 'c', 'd', 'e']);
  });

  it('continues after a cursor whose row has gone, and answers an empty page past the end', async () => {
    const first = await pageOfList(rows, { first: 3 }, keyOf);
    const withoutC = rows.filter((row) => row.key !== 'c');
    const next = await pageOfList(withoutC, { first: 3, after: first.pageInfo.endCursor! }, keyOf);
    expect(next.edges.map((edge) => edge.node.key)).toEqual(['d', 'e']);
    const past = await pageOfList(rows, { after: next.pageInfo.endCursor! }, keyOf);
    expect(past.edges).toEqual([]);
    expect(past.pageInfo).toMatchObject({ hasNextPage: false, endCursor: null });
  });

  it('applies the page rules of every list: first between 1 and 100', async () => {
    await expect(pageOfList(rows, { first: 0 }, keyOf)).rejects.toMatchObject({ extensions: { code: 'BAD_USER_INPUT' } });
  });
});
