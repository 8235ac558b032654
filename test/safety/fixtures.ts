import { communitySubgraph } from '../../services/community';
import { safetySubgraph } from '../../services/safety';
import { personas, type Personas } from '../support/personas';
import { safetyPersonas, type SafetyPersonas } from '../support/safety-personas';
import { startTestStack, type TestStack } from '../support/stack';

export { client, dataOf, errorOf, rowCount, userErrorOf, USER_ERRORS } from '../support/graphql';

/** Community (households, grid workers) and safety behind a gateway, on one fresh, seeded database. */
export function useSafetyStack(): { stack: TestStack; token: Personas & SafetyPersonas } {
  const world = {} as { stack: TestStack; token: Personas & SafetyPersonas };
  beforeAll(async () => {
    world.stack = await startTestStack([communitySubgraph, safetySubgraph]);
    world.token = { ...(await personas()), ...(await safetyPersonas()) };
  }, 180_000);
  afterAll(() => world.stack?.stop());
  return world;
}

export const ALARM_FIELDS = 'id kind status version raisedAt acknowledgedAt dispatchedAt closedAt escalatedTo responseSeconds allowedTransitions';

export interface AlarmValue {
  id: string;
  kind: string;
  status: string;
  version: number;
  raisedAt: string;
  acknowledgedAt: string | null;
  dispatchedAt: string | null;
  closedAt: string | null;
  escalatedTo: string | null;
  responseSeconds: number | null;
  allowedTransitions: string[];
}
