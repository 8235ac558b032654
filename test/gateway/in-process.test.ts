import { DEMO_IDS } from '../../services/demo';
import { SUBGRAPHS } from '../../services';
import { startGateway } from '../../gateway';
import type { RunningServer } from '../../services/kit/http';
import { createLogger } from '../../services/kit/logger';
import type { RunningSubgraph } from '../../services/kit/subgraph';
import { RESIDENT_OVERVIEW } from '../bench/operations';
import { postGraphQL, startTestStack, testConfig, tokenFor, type TestStack } from '../support/stack';

/**
 * The one-process layout (`npm start`): the gateway executes the subgraphs of its process in-process. Every viewer
 * must get exactly what the gateway answers over HTTP: the subgraphs' token checks, loaders and access rules run.
 */
let stack: TestStack;
let inProcess: RunningServer;

beforeAll(async () => {
  stack = await startTestStack(SUBGRAPHS);
  inProcess = await startGateway({
    config: testConfig,
    supergraphSdl: stack.supergraphSdl,
    port: 0,
    log: createLogger('silent', 'gateway'),
    inProcess: SUBGRAPHS.map((module) => ({ module, server: stack.subgraphs[module.name] as RunningSubgraph })),
  });
}, 240_000);
afterAll(async () => {
  await inProcess?.stop();
  await stack?.stop();
});

const viewers = {
  'an admin': () => tokenFor({ roles: ['admin'] }),
  'the resident themself': () => tokenFor({ roles: ['resident'], residentId: DEMO_IDS.elderLivingAlone }),
  'another resident': () => tokenFor({ roles: ['resident'], residentId: 'resident-00002' }),
  'a grid worker of another grid': () => tokenFor({ roles: ['grid_worker'], gridIds: ['grid-002'] }),
  'nobody signed in': async () => undefined,
};

it.each(Object.entries(viewers))("answers a resident's overview for %s exactly as over HTTP", async (_viewer, tokenOf) => {
  const token = await tokenOf();
  const [overHttp, local] = await Promise.all(
    [stack.gateway.url, inProcess.url].map((url) => postGraphQL(url, RESIDENT_OVERVIEW, { id: DEMO_IDS.elderLivingAlone }, { token })),
  );
  expect(local).toEqual(overHttp);
});

it('still lets the subgraphs refuse: without a token the overview is UNAUTHENTICATED', async () => {
  const answer = await postGraphQL(inProcess.url, RESIDENT_OVERVIEW, { id: DEMO_IDS.elderLivingAlone });
  expect(answer.errors?.map((error) => error.extensions?.code)).toContain('UNAUTHENTICATED');
});

it('serves the overview with fields from every subgraph to an admin', async () => {
  const answer = await postGraphQL<{ resident: { elderlyCare: unknown; safetyDevices: unknown[]; household: { building: { id: string } } } }>(
    inProcess.url,
    RESIDENT_OVERVIEW,
    { id: DEMO_IDS.elderLivingAlone },
    { token: await tokenFor({ roles: ['admin'] }) },
  );
  expect(answer.errors).toBeUndefined();
  expect(answer.data?.resident.elderlyCare).not.toBeNull();
  expect(answer.data?.resident.household.building.id).toBeTruthy();
});
