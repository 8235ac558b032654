import { readFileSync } from 'node:fs';
import path from 'node:path';
import { communitySubgraph } from '../../services/community';
import { DEMO_IDS } from '../../services/demo';
import { elderlyCareSubgraph } from '../../services/elderly-care';
import { housingSubgraph } from '../../services/housing';
import { PARTNER_SCOPES } from '../../services/domain/scopes';
import type { ServiceName } from '../../services/kit/config';
import { client, dataOf, errorOf } from '../support/graphql';
import { startTestStack, tokenFor, type GraphQLResponse, type TestStack } from '../support/stack';

/**
 * Issue 14, "Partner access": a partner token with a scope reads that scope's data from its subgraph directly, and
 * nothing else: not other grids or compounds, not other subgraphs, not the gateway, no writes.
 */
let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack([communitySubgraph, elderlyCareSubgraph, housingSubgraph]);
}, 300_000);
afterAll(() => stack?.stop());

const at = (service: ServiceName | 'gateway', token: string) => client(service === 'gateway' ? stack.gateway.url : stack.subgraphs[service]!.url, token);
const partner = (aud: ServiceName, ...scopes: string[]) => tokenFor({ sub: `partner:${aud}`, roles: ['partner'], aud: [aud], scopes });
const admin = () => tokenFor({ roles: ['admin'] });

interface Count {
  totalCount: number;
  edges: { node: { id: string } }[];
}
const ELDERS = `query($filter: ElderFilter) { elders(first: 100, filter: $filter) { totalCount edges { node { id } } } }`;
const RETROFITS = `query($filter: ElevatorRetrofitFilter) { elevatorRetrofits(first: 100, filter: $filter) { totalCount edges { node { id } } } }`;
const RESIDENTS = `query($filter: ResidentFilter) { residents(first: 100, filter: $filter) { totalCount edges { node { id } } } }`;
const OTHER_GRID = 'grid-002';

/** A refusal that carries no data at all. */
function refused(response: GraphQLResponse<unknown>, code: 'FORBIDDEN', status: number) {
  expect(response.status).toBe(status);
  errorOf(response, code);
  expect(JSON.stringify(response.data ?? null)).not.toMatch(/resident-|elder-|retrofit-/);
}

describe('the civil affairs bureau (elderly-care:district:read)', () => {
  const scope = 'elderly-care:district:read';

  it("reads every elder's care records, as many as an admin", async () => {
    const all = dataOf(await at('elderly-care', await admin())<{ elders: Count }>(ELDERS)).elders;
    const seen = dataOf(await at('elderly-care', await partner('elderly-care', scope))<{ elders: Count }>(ELDERS)).elders;
    expect(all.totalCount).toBeGreaterThan(1);
    expect(seen.totalCount).toBe(all.totalCount);
  });

  it('reads nothing of community, housing or through the gateway, and writes nothing', async () => {
    const token = await partner('elderly-care', scope);
    refused(await at('community', token)(RESIDENTS), 'FORBIDDEN', 403);
    refused(await at('housing', token)(RETROFITS), 'FORBIDDEN', 403);
    refused(await at('gateway', token)(ELDERS), 'FORBIDDEN', 403);
    const order = await at('elderly-care', token)(readFileSync(path.resolve(__dirname, '../../schema/operations/place-meal-order.graphql'), 'utf8'), {
      input: { residentId: DEMO_IDS.elderLivingAlone, servedOn: '2030-01-07' },
    });
    refused(order, 'FORBIDDEN', 403);
  });
});

describe("a grid's care partner (elderly-care:grid:<gridId>:read)", () => {
  it("reads the grid's elders and no other grid's", async () => {
    const adminToken = await admin();
    const mine = dataOf(await at('elderly-care', adminToken)<{ elders: Count }>(ELDERS, { filter: { gridId: DEMO_IDS.grid } })).elders;
    const others = dataOf(await at('elderly-care', adminToken)<{ elders: Count }>(ELDERS, { filter: { gridId: OTHER_GRID } })).elders;
    expect(mine.totalCount).toBeGreaterThan(0);
    expect(others.totalCount).toBeGreaterThan(0);
    const token = await partner('elderly-care', `elderly-care:grid:${DEMO_IDS.grid}:read`);
    const seen = dataOf(await at('elderly-care', token)<{ elders: Count }>(ELDERS)).elders;
    expect(seen.edges.map((e) => e.node.id).sort()).toEqual(mine.edges.map((e) => e.node.id).sort());
    expect(dataOf(await at('elderly-care', token)<{ elders: Count }>(ELDERS, { filter: { gridId: OTHER_GRID } })).elders.totalCount).toBe(0);
  });
});

describe('a property company (housing:compound:<compoundId>:read)', () => {
  it("reads its compound's elevator retrofits and no other compound's", async () => {
    const adminToken = await admin();
    const all = dataOf(await at('housing', adminToken)<{ elevatorRetrofits: Count }>(RETROFITS)).elevatorRetrofits;
    const mine = dataOf(await at('housing', adminToken)<{ elevatorRetrofits: Count }>(RETROFITS, { filter: { compoundId: DEMO_IDS.bigCompound } })).elevatorRetrofits;
    const mineIds = mine.edges.map((e) => e.node.id);
    const other = all.edges.find((e) => !mineIds.includes(e.node.id))!.node.id;
    expect(mine.totalCount).toBeGreaterThan(0);

    const company = at('housing', await partner('housing', `housing:compound:${DEMO_IDS.bigCompound}:read`));
    const seen = dataOf(await company<{ elevatorRetrofits: Count }>(RETROFITS)).elevatorRetrofits;
    expect(seen.edges.map((e) => e.node.id).sort()).toEqual([...mineIds].sort());
    const theirs = await company<{ elevatorRetrofit: null }>(`query($id: ID!) { elevatorRetrofit(id: $id) { id phase } }`, { id: other });
    expect(theirs.data?.elevatorRetrofit ?? null).toBeNull();
    // Another compound's retrofit answers as a missing one would: null, no error.
    expect(theirs.errors).toBeUndefined();
    expect(dataOf(await company<{ elevatorRetrofit: { id: string } }>(`query($id: ID!) { elevatorRetrofit(id: $id) { id } }`, { id: mineIds[0] })).elevatorRetrofit.id).toBe(mineIds[0]);
  });

  it('casts no vote', async () => {
    const company = at('housing', await partner('housing', `housing:compound:${DEMO_IDS.bigCompound}:read`));
    const vote = await company(`mutation($input: CastConsentVoteInput!) { castConsentVote(input: $input) { userErrors { code } } }`, {
      input: { retrofitId: 'retrofit-001', householdId: DEMO_IDS.household, choice: 'AGREE' },
    });
    refused(vote, 'FORBIDDEN', 403);
  });

  it('reads every retrofit with the district scope, as a housing officer', async () => {
    const officer = dataOf(await at('housing', await tokenFor({ roles: ['housing_officer'] }))<{ elevatorRetrofits: Count }>(RETROFITS)).elevatorRetrofits;
    const district = dataOf(await at('housing', await partner('housing', 'housing:district:read'))<{ elevatorRetrofits: Count }>(RETROFITS)).elevatorRetrofits;
    expect(district.totalCount).toBe(officer.totalCount);
  });
});

describe("a community partner (community:grid:<gridId>:read)", () => {
  it("reads the grid's residents, as its grid worker does, and no one else", async () => {
    const mine = dataOf(await at('community', await admin())<{ residents: Count }>(RESIDENTS, { filter: { gridId: DEMO_IDS.grid } })).residents;
    const token = await partner('community', `community:grid:${DEMO_IDS.grid}:read`);
    const seen = dataOf(await at('community', token)<{ residents: Count }>(RESIDENTS)).residents;
    expect(seen.totalCount).toBe(mine.totalCount);
    const outsider = dataOf(await at('community', await admin())<{ residents: Count }>(RESIDENTS, { filter: { gridId: OTHER_GRID } })).residents.edges[0]!.node.id;
    const refusedRead = await at('community', token)<{ resident: null }>(`query($id: ID!) { resident(id: $id) { name phone } }`, { id: outsider });
    expect(refusedRead.data?.resident ?? null).toBeNull();
    // Answered as a missing resident would be: null, no error.
    expect(refusedRead.errors).toBeUndefined();
  });
});

describe('scopes that grant nothing', () => {
  it.each([
    ['a partner without scopes', () => partner('elderly-care')],
    ['a scope of another subgraph', () => partner('elderly-care', 'community:district:read')],
    ['a scope outside the vocabulary', () => partner('elderly-care', 'elderly-care:district:write', 'elderly-care:*:read', 'elderly-care:grid::read')],
    ['a scope on a staff token', () => tokenFor({ roles: ['resident'], residentId: 'resident-00100', scopes: ['elderly-care:district:read'] })],
  ])('%s reads no elder', async (_what, token) => {
    const seen = await at('elderly-care', await token())<{ elders: Count }>(ELDERS);
    expect(seen.data?.elders?.totalCount ?? 0).toBe(0);
  });
});

describe('the vocabulary', () => {
  it('names a district scope for every subgraph, and each subgraph README lists its scopes', () => {
    for (const [service, reaches] of Object.entries(PARTNER_SCOPES)) {
      expect(reaches.district).toBeDefined();
      const readme = readFileSync(path.resolve(__dirname, `../../services/${service}/README.md`), 'utf8');
      for (const reach of Object.keys(reaches)) expect(readme).toContain(`${service}:${reach}`);
    }
  });
});
