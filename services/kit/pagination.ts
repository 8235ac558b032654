import { ArgsType, ClassType, Directive, Field, Int, ObjectType } from 'type-graphql';
import { badInput } from './errors';

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

/** Shareable: every subgraph with a connection defines the same PageInfo. */
@Directive('@shareable')
@ObjectType({ description: 'Relay page information.' })
export class PageInfo {
  @Field()
  hasNextPage!: boolean;

  @Field()
  hasPreviousPage!: boolean;

  @Field(() => String, { nullable: true })
  startCursor!: string | null;

  @Field(() => String, { nullable: true })
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

/** A Relay connection type for `Node`: `<Node>Connection` with `<Node>Edge`s. */
export function Connection<T extends object>(Node: ClassType<T>) {
  @ObjectType(`${Node.name}Edge`)
  class EdgeType {
    @Field()
    cursor!: string;

    @Field(() => Node)
    node!: T;
  }

  @ObjectType(`${Node.name}Connection`, { description: `A page of ${Node.name} (Relay connection).` })
  class ConnectionType {
    @Field(() => [EdgeType])
    edges!: EdgeType[];

    @Field(() => PageInfo)
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
