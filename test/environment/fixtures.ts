import { communitySubgraph } from '../../services/community';
import { environmentSubgraph } from '../../services/environment';
import { client, USER_ERRORS, type UserErrorValue } from '../support/graphql';
import { environmentPersonas, type EnvironmentPersonas } from '../support/environment-personas';
import { startTestStack, type TestStack } from '../support/stack';

/** Community (for names, grids and the reporter's home) and environment behind a gateway, seeded with the demo. */
export function useEnvironmentStack() {
  const world = {} as { stack: TestStack; token: EnvironmentPersonas };
  beforeAll(async () => {
    world.stack = await startTestStack([communitySubgraph, environmentSubgraph]);
    world.token = await environmentPersonas();
  }, 240_000);
  afterAll(async () => world.stack?.stop());
  return world;
}

export interface Page<T> {
  edges: { node: T }[];
  totalCount: number;
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

export interface IssueValue {
  id: string;
  status: string;
  tier: string;
  version: number;
  allowedTransitions: string[];
  isOverdue: boolean;
  handler: { id: string } | null;
  history: { kind: string; fromStatus: string; toStatus: string; actorSub: string; note: string | null }[];
}
export const ISSUE_FIELDS = 'id status tier version allowedTransitions isOverdue handler { id } history { kind fromStatus toStatus actorSub note }';

export interface IssuePayload {
  issue: IssueValue | null;
  userErrors: UserErrorValue[];
}

const TRANSITION = `mutation($input: TransitionEnvironmentIssueInput!) { transitionEnvironmentIssue(input: $input) { issue { ${ISSUE_FIELDS} } ${USER_ERRORS} } }`;

/** Moves an issue one step through `url` as `token`. */
export const transition = async (url: string, token: string, input: { id: string; expectedVersion: number; to: string; note?: string; handlerId?: string }) =>
  (await client(url, token)<{ transitionEnvironmentIssue: IssuePayload }>(TRANSITION, { input })).data?.transitionEnvironmentIssue ?? null;
