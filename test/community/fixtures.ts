import { communitySubgraph } from '../../services/community';
import { startTestStack, type TestStack } from '../support/stack';
import { personas, type Personas } from '../support/personas';

/**
 * The community subgraph (behind a gateway) over one fresh, seeded database for the test file: started before its
 * tests, stopped after. Read `world.stack`, `world.url` (the subgraph itself) and `world.token` inside tests.
 */
export function useCommunityStack(): { stack: TestStack; url: string; token: Personas } {
  const world = {} as { stack: TestStack; url: string; token: Personas };
  beforeAll(async () => {
    world.stack = await startTestStack([communitySubgraph]);
    world.url = world.stack.subgraphs.community!.url;
    world.token = await personas();
  }, 120_000);
  afterAll(() => world.stack?.stop());
  return world;
}

/** A page of a connection, as the tests select it. */
export interface Page<T> {
  totalCount: number;
  edges: { cursor: string; node: T }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

export const nodesOf = <T>(page: Pick<Page<T>, 'edges'>): T[] => page.edges.map((edge) => edge.node);
