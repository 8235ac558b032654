import { readFileSync } from 'node:fs';
import path from 'node:path';
import { DEMO_IDS } from '../../services/demo';
import { SUBGRAPHS } from '../../services';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startGateway } from '../../gateway';
import type { RunningServer } from '../../services/kit/http';
import { createLogger } from '../../services/kit/logger';
import { postGraphQL, startTestStack, testConfig, tokenFor, type TestStack } from '../support/stack';

let stack: TestStack;
let url: string;

beforeAll(async () => {
  stack = await startTestStack(SUBGRAPHS);
  url = stack.gateway.url;
}, 180_000);
afterAll(() => stack?.stop());

interface ResidentPage {
  residents: {
    edges: { node: { id: string; household: { address: string; building: { number: string } }; grid: { workers: { edges: unknown[] } } } }[];
    pageInfo: { hasNextPage: boolean; endCursor: string };
  };
}

const PAGE = `query($after: String) {
  residents(first: 5, after: $after) {
    edges { node { id name age household { address building { number hasElevator } } grid { name workers(first: 5) { edges { node { name phone } } } } } }
    pageInfo { hasNextPage endCursor }
  }
}`;

describe('gateway end to end', () => {
  it('returns five residents with household, building and grid in one request, and the next five after them', async () => {
    const admin = await tokenFor({ roles: ['admin'] });
    const before = stack.handle.statements.count;
    const first = await postGraphQL<ResidentPage>(url, PAGE, {}, { token: admin });
    expect(first.status).toBe(200);
    expect(first.errors).toBeUndefined();
    // page, households, buildings, compounds (address), grids, workers: one statement per level
    expect(stack.handle.statements.count - before).toBeLessThanOrEqual(6);
    const nodes = first.data!.residents.edges.map((e) => e.node);
    expect(nodes).toHaveLength(5);
    for (const node of nodes) {
      expect(node.household.address).toMatch(/栋/);
      expect(node.household.building.number).toBeTruthy();
      expect(node.grid.workers.edges.length).toBeGreaterThan(0);
    }
    const second = await postGraphQL<ResidentPage>(url, PAGE, { after: first.data!.residents.pageInfo.endCursor }, { token: admin });
    const nextIds = second.data!.residents.edges.map((e) => e.node.id);
    expect(nextIds).toHaveLength(5);
    expect(nextIds.some((id) => nodes.some((n) => n.id === id))).toBe(false);
  });

  it("returns a resident's overview from all five subgraphs in one request (schema/operations/resident-overview.graphql)", async () => {
    const query = readFileSync(path.join(__dirname, '..', '..', 'schema', 'operations', 'resident-overview.graphql'), 'utf8');
    const admin = await tokenFor({ roles: ['admin'] });
    const result = await postGraphQL<{ resident: Record<string, unknown> & { household: { address: string }; elderlyCare: object; safetyDevices: { kind: string }[]; environmentReports: { edges: unknown[] } } }>(
      url,
      query,
      { id: DEMO_IDS.elderLivingAlone },
      { token: admin },
    );
    expect(result.errors).toBeUndefined();
    const resident = result.data!.resident;
    expect(resident.household.address).toMatch(/栋/);
    expect(resident.elderlyCare).toMatchObject({ livingArrangement: 'ALONE' });
    expect(resident.safetyDevices.map((d) => d.kind).sort()).toEqual(['SMOKE_ALARM', 'SOS_BUTTON']);
    // A list from another realm under jest's VM modules: check it is an array, not its constructor.
    expect(Array.isArray(resident.environmentReports.edges)).toBe(true);
  });

  it('forwards the bearer token: `me` is the resident behind it', async () => {
    const token = await tokenFor({ roles: ['resident'], residentId: DEMO_IDS.elderLivingAlone });
    const result = await postGraphQL<{ me: { id: string; phone: string; household: { id: string } } }>(url, `{ me { id name phone household { id } } }`, {}, { token });
    expect(result.errors).toBeUndefined();
    expect(result.data!.me).toMatchObject({ id: DEMO_IDS.elderLivingAlone, household: { id: DEMO_IDS.household } });
    expect(result.data!.me.phone).toMatch(/^1\d{10}$/);
  });

  it('answers the public directory anonymously and refuses personal data', async () => {
    const directory = await postGraphQL<{ communities: { name: string }[] }>(url, `{ communities { name } }`);
    expect(directory.data!.communities.length).toBeGreaterThan(0);
    const personal = await postGraphQL(url, `{ residents { totalCount } }`);
    expect(personal.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('rejects a bad token with 401 before calling any subgraph', async () => {
    const result = await postGraphQL(url, `{ communities { name } }`, {}, { token: 'forged' });
    expect(result.status).toBe(401);
    expect(result.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('echoes x-request-id and serves health, readiness and metrics', async () => {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': 'trace-123' },
      body: JSON.stringify({ query: '{ communities { id } }' }),
    });
    expect(response.headers.get('x-request-id')).toBe('trace-123');
    // Personal data: no cache on the way may keep an answer.
    expect(response.headers.get('cache-control')).toBe('no-store');
    const base = url.replace(/\/graphql$/, '');
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    expect((await fetch(`${base}/readyz`)).status).toBe(200);
    expect(await (await fetch(`${base}/metrics`)).text()).toMatch(/onegrid_graphql_request_duration_seconds_count\{service="gateway"/);
  });

  it('forwards Authorization, x-request-id and its own credential to the subgraphs', async () => {
    // A second gateway whose community sits behind a proxy that records what arrives.
    const seen: Record<string, string | undefined>[] = [];
    const target = new URL(stack.subgraphs.community!.url);
    const proxy = createServer(async (req, res) => {
      seen.push({ authorization: req.headers.authorization, requestId: req.headers['x-request-id'] as string, credential: req.headers['x-onegrid-gateway'] as string });
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const upstream = await fetch(target, { method: 'POST', headers: req.headers as Record<string, string>, body: Buffer.concat(chunks) });
      res.writeHead(upstream.status, { 'content-type': 'application/json' }).end(await upstream.text());
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    const services = { ...testConfig.services, community: { ...testConfig.services.community, url: `http://127.0.0.1:${(proxy.address() as AddressInfo).port}/graphql` } };
    const gateway = await startGateway({ config: { ...testConfig, services }, supergraphSdl: stack.supergraphSdl, port: 0, log: createLogger('silent', 'test') });
    try {
      const token = await tokenFor({ roles: ['admin'] });
      const response = await postGraphQL(gateway.url, `{ communities { id } }`, {}, { token, headers: { 'x-request-id': 'trace-abc' } });
      expect(response.errors).toBeUndefined();
      expect(seen).toEqual([{ authorization: `Bearer ${token}`, requestId: 'trace-abc', credential: testConfig.gatewaySecret }]);
    } finally {
      await gateway.stop();
      proxy.close();
    }
  });

  it('hides internal addresses when a subgraph is down, and reports not ready', async () => {
    await stack.subgraphs.community!.stop();
    const started = Date.now();
    const result = await postGraphQL(url, `{ communities { name } }`);
    expect(Date.now() - started).toBeLessThan(5000);
    expect(result.errors?.length).toBeGreaterThan(0);
    expect(result.errors?.[0]).toMatchObject({
      message: 'The community service is unavailable; its fields are null.',
      extensions: { code: 'SUBGRAPH_UNAVAILABLE', serviceName: 'community' },
    });
    expect(JSON.stringify(result.errors)).not.toMatch(/localhost|127\.0\.0\.1|ECONNREFUSED|:\d{4,5}/);
    expect((await fetch(url.replace(/\/graphql$/, '/readyz'))).status).toBe(503);
  });
});

describe('gateway limits', () => {
  const nested = (depth: number) => `{ ${'communities { grids { community { '.repeat(Math.ceil(depth / 3))} id ${'} } } '.repeat(Math.ceil(depth / 3))}}`;
  // A gateway whose subgraphs all sit at a closed port: a limit that answered only after calling one would show
  // SUBGRAPH_UNAVAILABLE instead of its own message. Independent of what other tests did to the shared stack.
  let limited: RunningServer;
  beforeAll(async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const nowhere = `http://127.0.0.1:${(closed.address() as AddressInfo).port}/graphql`;
    await new Promise((resolve) => closed.close(resolve));
    const services = Object.fromEntries(Object.entries(testConfig.services).map(([name, service]) => [name, { ...service, url: nowhere }]));
    limited = await startGateway({ config: { ...testConfig, services: services as typeof testConfig.services }, supergraphSdl: stack.supergraphSdl, port: 0, log: createLogger('silent', 'test') });
  });
  afterAll(() => limited?.stop());

  it('refuses queries nested too deep, with a clear message, without calling subgraphs', async () => {
    const result = await postGraphQL(limited.url, nested(15));
    expect(result.errors?.[0]?.message).toMatch(/levels deep; at most 12/);
    expect(result.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(result.data).toBeUndefined();
  });

  it('refuses too many aliases and too many tokens', async () => {
    const aliases = `{ ${Array.from({ length: 31 }, (_, i) => `a${i}: communities { id }`).join(' ')} }`;
    expect((await postGraphQL(limited.url, aliases)).errors?.[0]?.message).toMatch(/31 aliases; at most 30/);
    const huge = `{ communities { ${'id '.repeat(6000)}} }`;
    const tokens = await postGraphQL(limited.url, huge);
    expect(tokens.status).toBe(400);
    expect(tokens.errors?.[0]?.message).toMatch(/more that 5000 tokens/);
  });
});
