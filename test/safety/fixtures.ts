import { communitySubgraph } from '../../services/community';
import { safetySubgraph } from '../../services/safety';
import { personas, type Personas } from '../support/personas';
import { safetyPersonas, type SafetyPersonas } from '../support/safety-personas';
import { loadConfig } from '../../services/kit/config';
import { startTestStack, testConfig, type TestStack } from '../support/stack';

export { client, dataOf, errorOf, rowCount, userErrorOf, USER_ERRORS } from '../support/graphql';

/**
 * The replicas' background sweeps wait a day here: the tests run the sweeps themselves, and a sweep 30 seconds into a
 * slow run would raise or escalate what a test is about to sweep.
 */
const config = loadConfig({ ...testConfig.env, SAFETY_SWEEP_INTERVAL_SECONDS: '86400' });

/** Community (households, grid workers) and safety behind a gateway, on one fresh, seeded database. */
export function useSafetyStack(): { stack: TestStack; token: Personas & SafetyPersonas } {
  const world = {} as { stack: TestStack; token: Personas & SafetyPersonas };
  beforeAll(async () => {
    world.stack = await startTestStack([communitySubgraph, safetySubgraph], { config });
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
