import { and, eq } from 'drizzle-orm';
import { DEMO_IDS } from '../../services/demo';
import { ISSUE_CATEGORIES } from '../../services/environment/rules/enums';
import { auditLog } from '../../services/environment/tables';
import { rowCount } from '../support/graphql';
import { transition, useEnvironmentStack } from './fixtures';

const world = useEnvironmentStack();

/** The environment subgraph's own server: Open311 lives beside its /graphql. */
const open311 = (path: string) => world.stack.subgraphs.environment!.url.replace(/\/graphql$/, `/open311/v2${path}`);

async function call<T>(path: string, options: { token?: string; method?: 'GET' | 'POST'; form?: Record<string, string>; json?: unknown } = {}) {
  const headers: Record<string, string> = options.token ? { authorization: `Bearer ${options.token}` } : {};
  let body: string | undefined;
  if (options.form) {
    headers['content-type'] = 'application/x-www-form-urlencoded';
    body = new URLSearchParams(options.form).toString();
  } else if (options.json) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(options.json);
  }
  const response = await fetch(open311(path), { method: options.method ?? 'GET', headers, body });
  return { status: response.status, body: (await response.json()) as T };
}

interface ServiceRequest {
  service_request_id: string;
  status: 'open' | 'closed';
  status_notes: string;
  service_name: string;
  service_code: string;
  description: string;
  agency_responsible: string;
  service_notice: string | null;
  requested_datetime: string;
  updated_datetime: string;
  expected_datetime: string | null;
  address: string;
  address_id: null;
  zipcode: null;
  lat: number | null;
  long: number | null;
  media_url: string | null;
}
type Open311Errors = { code: number; description: string }[];

const REQUEST_FIELDS = [
  'service_request_id',
  'status',
  'status_notes',
  'service_name',
  'service_code',
  'description',
  'agency_responsible',
  'service_notice',
  'requested_datetime',
  'updated_datetime',
  'expected_datetime',
  'address',
  'address_id',
  'zipcode',
  'lat',
  'long',
  'media_url',
];
const W3C = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

describe('Open311 GeoReport v2', () => {
  it('lists a service per category, with the GeoReport fields, to anyone', async () => {
    const { status, body } = await call<Record<string, unknown>[]>('/services.json');
    expect(status).toBe(200);
    expect(body.map((s) => s.service_code)).toEqual([...ISSUE_CATEGORIES]);
    for (const service of body) {
      expect(Object.keys(service).sort()).toEqual(['description', 'group', 'keywords', 'metadata', 'service_code', 'service_name', 'type'].sort());
      expect(service).toMatchObject({ metadata: false, type: 'realtime', group: 'environment' });
    }
    expect((await call<unknown>('/services/NOISE.json')).body).toEqual({ service_code: 'NOISE', attributes: [] });
    expect((await call<Open311Errors>('/services/WHALES.json')).status).toBe(404);
  });

  it('takes a resident\'s report with a token, in their home grid, and shows it back with GeoReport field names', async () => {
    const created = await call<{ service_request_id: string; service_notice: string | null; account_id: null }[]>('/requests.json', {
      method: 'POST',
      token: world.token.reporter,
      form: { service_code: 'GARBAGE_PILE', lat: '30.2741', long: '120.1551', description: '河边垃圾堆放，无人清理', media_url: 'https://img.example/garbage.jpg' },
    });
    expect(created.status).toBe(201);
    expect(created.body).toHaveLength(1);
    const id = created.body[0]!.service_request_id;
    expect(created.body[0]!.service_notice).toMatch(/^To be handled by /);

    const { status, body } = await call<ServiceRequest[]>(`/requests/${id}.json`, { token: world.token.reporter });
    expect(status).toBe(200);
    expect(Object.keys(body[0]!).sort()).toEqual([...REQUEST_FIELDS].sort());
    expect(body[0]).toMatchObject({
      service_request_id: id,
      status: 'open',
      status_notes: expect.stringContaining('REPORTED'),
      service_code: 'GARBAGE_PILE',
      description: '河边垃圾堆放，无人清理',
      lat: 30.2741,
      long: 120.1551,
      media_url: 'https://img.example/garbage.jpg',
      agency_responsible: expect.stringContaining(DEMO_IDS.grid),
    });
    for (const field of ['requested_datetime', 'updated_datetime', 'expected_datetime'] as const) expect(body[0]![field]).toMatch(W3C);

    // The resident's own list holds it; the grid worker of their home grid sees it too.
    const mine = await call<ServiceRequest[]>('/requests.json', { token: world.token.reporter });
    expect(mine.body.map((r) => r.service_request_id)).toContain(id);
    const grids = await call<ServiceRequest[]>(`/requests.json?service_request_id=${id}`, { token: world.token.gridWorker });
    expect(grids.body.map((r) => r.service_request_id)).toEqual([id]);
  });

  it('reports closed for CLOSED and VOIDED, open otherwise, the detailed state in status_notes', async () => {
    const created = await call<{ service_request_id: string }[]>('/requests.json', {
      method: 'POST',
      token: world.token.reporter,
      json: { service_code: 'NOISE', address_string: '阳光花园 5 幢', description: '夜间施工' },
    });
    const id = created.body[0]!.service_request_id;
    let version = 1;
    for (const to of ['ACCEPTED', 'VOIDED']) {
      const payload = await transition(world.stack.gateway.url, world.token.gridWorker, { id, expectedVersion: version, to });
      version = payload!.issue!.version;
    }
    const { body } = await call<ServiceRequest[]>(`/requests/${id}.json`, { token: world.token.reporter });
    expect(body[0]).toMatchObject({ status: 'closed', status_notes: expect.stringContaining('VOIDED'), expected_datetime: null, address: '阳光花园 5 幢', lat: null, long: null });
    const closed = await call<ServiceRequest[]>('/requests.json?status=closed', { token: world.token.reporter });
    expect(closed.body.every((r) => r.status === 'closed')).toBe(true);
    expect(closed.body.map((r) => r.service_request_id)).toContain(id);
    const open = await call<ServiceRequest[]>('/requests.json?status=open', { token: world.token.reporter });
    expect(open.body.map((r) => r.service_request_id)).not.toContain(id);
  });

  it('lets a resident list only their own requests; others by role', async () => {
    const mine = await call<ServiceRequest[]>('/requests.json?start_date=2000-01-01T00:00:00Z', { token: world.token.reporter });
    expect(mine.body.length).toBeGreaterThan(0);
    const officer = await call<ServiceRequest[]>('/requests.json', { token: world.token.environmentOfficer });
    expect(officer.body.length).toBeGreaterThan(mine.body.length);
    // Newest first.
    const times = officer.body.map((r) => r.requested_datetime);
    expect([...times].sort().reverse()).toEqual(times);
    const elder = await call<ServiceRequest[]>('/requests.json', { token: world.token.elder });
    expect(elder.status).toBe(200);
    expect(elder.body.filter((r) => mine.body.some((m) => m.service_request_id === r.service_request_id))).toEqual([]);
    // Another resident's request by id: 404 word for word as for one that does not exist, as in GraphQL, and audited as denied.
    const someone = mine.body[0]!.service_request_id;
    const denied = () => rowCount(world.stack, auditLog, and(eq(auditLog.actorSub, `resident:${DEMO_IDS.elderLivingAlone}`), eq(auditLog.subjectId, someone), eq(auditLog.outcome, 'DENIED')));
    const deniedBefore = await denied();
    const nobody = '00000000-0000-4000-8000-000000000000';
    const missing = await call<Open311Errors>(`/requests/${nobody}.json`, { token: world.token.elder });
    const hidden = await call<Open311Errors>(`/requests/${someone}.json`, { token: world.token.elder });
    expect(missing.status).toBe(404);
    expect(hidden).toEqual({ status: 404, body: [{ code: 404, description: missing.body[0]!.description.replace(nobody, someone) }] });
    expect(await denied()).toBe(deniedBefore + 1);
  });

  it('refuses anonymous callers with 403, and says what is wrong with 400 and 404', async () => {
    const anonymousPost = await call<Open311Errors>('/requests.json', { method: 'POST', form: { service_code: 'NOISE', lat: '30.1', long: '120.1', description: 'x' } });
    expect(anonymousPost).toEqual({ status: 403, body: [{ code: 403, description: expect.stringContaining('bearer token') }] });
    expect((await call<Open311Errors>('/requests.json')).status).toBe(403);
    const badToken = await call<Open311Errors>('/requests.json', { token: 'not-a-token' });
    expect(badToken.status).toBe(403);

    const cases: [Record<string, string>, RegExp][] = [
      [{ lat: '30.1', long: '120.1', description: 'x' }, /service_code is required/],
      [{ service_code: 'WHALES', lat: '30.1', long: '120.1', description: 'x' }, /not a service/],
      [{ service_code: 'NOISE', description: 'x' }, /location is required/],
      [{ service_code: 'NOISE', lat: '91', long: '120.1', description: 'x' }, /lat must be between/],
      [{ service_code: 'NOISE', lat: '30.1', description: 'x' }, /latitude and longitude together/],
      [{ service_code: 'NOISE', lat: '30.1', long: '120.1' }, /description is required/],
    ];
    for (const [form, message] of cases) {
      const { status, body } = await call<Open311Errors>('/requests.json', { method: 'POST', token: world.token.reporter, form });
      expect({ status, body }).toEqual({ status: 400, body: [{ code: 400, description: expect.stringMatching(message) }] });
    }
    expect((await call<Open311Errors>('/requests.json?status=pending', { token: world.token.reporter })).status).toBe(400);
    expect((await call<Open311Errors>('/requests.json?start_date=yesterday', { token: world.token.reporter })).status).toBe(400);
    const missing = await call<Open311Errors>('/requests/no-such-request.json', { token: world.token.environmentOfficer });
    expect(missing).toEqual({ status: 404, body: [{ code: 404, description: expect.stringContaining('no-such-request') }] });
  });
});
