import { ArgsType, ClassType, Directive, Field, Int, ObjectType } from 'type-graphql';
import { and, count, gt, type SQL, type Subquery } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import type { Database } from './db';
import { badInput } from './errors';

import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from './page-size';

export { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE };

/** Shareable: every subgraph with a connection defines the same PageInfo. */
@Directive('@shareable')
@ObjectType({ description: 'Where a page of a list stands (Relay page information, 分页信息).' })
export class PageInfo {
  @Field({ description: 'Whether another page follows: ask for it with `after: endCursor`.' })
  hasNextPage!: boolean;

  @Field({ description: 'Whether pages come before this one (this page was asked for with `after`).' })
  hasPreviousPage!: boolean;

  @Field(() => String, { nullable: true, description: 'The cursor of the first edge; null on an empty page.' })
  startCursor!: string | null;

  @Field(() => String, { nullable: true, description: 'The cursor of the last edge, to pass as `after` for the next page; null on an empty page.' })
  endCursor!: string | null;
}

@ArgsType()
export class PageArgs {
  @Field(() => Int, { nullable: true, description: `Page size, 1 to ${MAX_PAGE_SIZE} (default ${DEFAULT_PAGE_SIZE}).` })
  first?: number;

  @Field(() => String, { nullable: true, description: 'The endCursor of the previous page.' })
  after?: string;
}

export interface Edge<T> {
  cursor: string;
  node: T;
}

export interface ConnectionValue<T> {
  edges: Edge<T>[];
  pageInfo: PageInfo;
  /** A getter: counted only when a client selects the field. */
  readonly totalCount: Promise<number>;
}

/**
 * A Relay connection type for `Node`: `<Node>Connection` with `<Node>Edge`s. `shareable` when every subgraph defines
 * the same connection (a kit type, e.g. the audit log's).
 */
export function Connection<T extends object>(Node: ClassType<T>, options: { shareable?: boolean } = {}) {
  const shareable: ClassDecorator = options.shareable ? Directive('@shareable') : () => undefined;
  @shareable
  @ObjectType(`${Node.name}Edge`, { description: `One ${Node.name} of a page, with its cursor.` })
  class EdgeType {
    @Field({ description: 'An opaque position: pass it as `after` to continue after this edge.' })
    cursor!: string;

    @Field(() => Node, { description: `The ${Node.name}.` })
    node!: T;
  }

  @shareable
  @ObjectType(`${Node.name}Connection`, { description: `A page of ${Node.name} (Relay connection).` })
  class ConnectionType {
    @Field(() => [EdgeType], { description: 'The page, in the list\'s order.' })
    edges!: EdgeType[];

    @Field(() => PageInfo, { description: 'Whether more pages follow, and the cursors to ask for them.' })
    pageInfo!: PageInfo;

    @Field(() => Int, { description: 'How many match the filter, over all pages.' })
    totalCount!: number;
  }
  return ConnectionType;
}

const CURSOR_PREFIX = 'v1:';
export const encodeCursor = (key: string) => Buffer.from(CURSOR_PREFIX + key, 'utf8').toString('base64url');
export function decodeCursor(cursor: string): string {
  const decoded = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!decoded.startsWith(CURSOR_PREFIX) || decoded.length === CURSOR_PREFIX.length) {
    throw badInput(`"${cursor}" is not a cursor from this API: pass a previous page's endCursor.`);
  }
  return decoded.slice(CURSOR_PREFIX.length);
}

/**
 * Keyset pagination by a unique, ordered key (stable under inserts, unlike OFFSET): asks for one row more than
 * the page to learn whether another page follows.
 */
export async function paginate<T>(
  args: PageArgs,
  page: { keyOf: (row: T) => string; fetch: (afterKey: string | undefined, limit: number) => Promise<T[]>; count: () => Promise<number> },
): Promise<ConnectionValue<T>> {
  const first = args.first ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(first) || first < 1 || first > MAX_PAGE_SIZE) {
    throw badInput(`first must be between 1 and ${MAX_PAGE_SIZE}.`);
  }
  const afterKey = args.after ? decodeCursor(args.after) : undefined;
  const rows = await page.fetch(afterKey, first + 1);
  const edges = rows.slice(0, first).map((node) => ({ cursor: encodeCursor(page.keyOf(node)), node }));
  return {
    edges,
    pageInfo: {
      hasNextPage: rows.length > first,
      hasPreviousPage: afterKey !== undefined,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
    get totalCount() {
      return page.count();
    },
  };
}

/** A select whose `where` is still open (drizzle's `$dynamic()` query builder or a plain select). */
interface OpenSelect<Row> {
  orderBy(...order: (SQL | PgColumn)[]): { limit(n: number): PromiseLike<Row[]> };
  as(alias: string): Subquery;
}

/**
 * A page of a list and its totalCount from ONE `where`, so the two can never disagree: `select(condition)` builds
 * the list's query with that condition; rows come ordered by `key` (unique), after the cursor's key.
 */
export function pageOf<Row>(
  db: Database,
  args: PageArgs,
  spec: {
    where: SQL | undefined;
    select: (condition: SQL | undefined) => OpenSelect<Row>;
    key: PgColumn;
    keyOf: (row: Row) => string;
  },
): Promise<ConnectionValue<Row>> {
  return paginate<Row>(args, {
    keyOf: spec.keyOf,
    fetch: async (afterKey, limit) =>
      await spec
        .select(and(spec.where, afterKey === undefined ? undefined : gt(spec.key, afterKey)))
        .orderBy(spec.key)
        .limit(limit),
    count: async () => {
      const [row] = await db.select({ n: count() }).from(spec.select(spec.where).as('matching'));
      return row?.n ?? 0;
    },
  });
}

/** The same connection with each node mapped; its totalCount is still counted only when asked for. */
export function mapNodes<T, U>(connection: ConnectionValue<T>, map: (node: T) => U): ConnectionValue<U> {
  return {
    edges: connection.edges.map((edge) => ({ cursor: edge.cursor, node: map(edge.node) })),
    pageInfo: connection.pageInfo,
    get totalCount() {
      return connection.totalCount;
    },
  };
}

/**
 * A page of a list already loaded whole (e.g. every child of a batch of parents, loaded at once and grouped): the same
 * cursors, page sizes and totalCount as `pageOf`, for lists small enough to load whole. Rows come ordered by `keyOf`
 * (unique; compared as text), after the cursor's key.
 */
export function pageOfList<Row>(rows: readonly Row[], args: PageArgs, keyOf: (row: Row) => string): Promise<ConnectionValue<Row>> {
  const ordered = [...rows].sort((a, b) => (keyOf(a) < keyOf(b) ? -1 : keyOf(a) > keyOf(b) ? 1 : 0));
  return paginate<Row>(args, {
    keyOf,
    fetch: async (afterKey, limit) => (afterKey === undefined ? ordered : ordered.filter((row) => keyOf(row) > afterKey)).slice(0, limit),
    count: async () => ordered.length,
  });
}
