import { MODES, TARGETS, codesOf, expectClean, postRaw, startHostileStacks, type HostileStacks, type Mode, type Target } from '../support/hostile';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startGateway } from '../../gateway';
import type { RunningServer } from '../../services/kit/http';
import { createLogger } from '../../services/kit/logger';
import { encodeCursor } from '../../services/kit/pagination';
import { sql } from 'drizzle-orm';
import { GraphQLError } from 'graphql';
import { openDatabase, type DatabaseHandle } from '../../services/kit/db';
import { formatError } from '../../services/kit/errors';
import { createThrowawayDatabase } from '../support/database';

/**
 * Error hygiene in one place (kit/errors formatError, for the gateway and every subgraph): production strips "Did
 * you mean" from every error; bad input (NUL bytes, impossible dates, out-of-range numbers, database errors the input
 * caused) is BAD_USER_INPUT with a neutral message, never INTERNAL_SERVER_ERROR, SQL or parameters; a body that is not
 * JSON answers a GraphQL-shaped JSON 400, in development too.
 */
type Subgraph = Exclude<Target, 'gateway'>;

/** Per subgraph: a root field read by id, a paged list and a filter taking an enum (its type and a near miss). */
const FIELDS: Record<Subgraph, { byId: string; list: string; enumArg: { type: string; path: string; nearMiss: string } }> = {
  community: { byId: 'community', list: 'residents', enumArg: { type: 'ResidentFilter', path: 'residents', nearMiss: 'LIVES_ALON' } },
  'elderly-care': { byId: 'mealPoint', list: 'mealPoints', enumArg: { type: 'ElderFilter', path: 'elders', nearMiss: 'ALON' } },
  housing: { byId: 'elevatorRetrofit', list: 'elevatorRetrofits', enumArg: { type: 'ElevatorRetrofitFilter', path: 'elevatorRetrofits', nearMiss: 'PROPOSE' } },
  environment: { byId: 'river', list: 'rivers', enumArg: { type: 'EnvironmentIssueFilter', path: 'environmentIssues', nearMiss: 'REPORTE' } },
  safety: { byId: 'site', list: 'sites', enumArg: { type: 'HazardFilter', path: 'hazards', nearMiss: 'REPORTE' } },
};
const ENUM_FIELD: Record<Subgraph, string> = { community: 'tag', 'elderly-care': 'livingArrangement', housing: 'phase', environment: 'status', safety: 'status' };
/** Per subgraph: an operation a signed-in resident lacks the capability for (FORBIDDEN at the field), and its field. */
const REFUSED: Record<Subgraph, { field: string; query: string }> = {
  community: { field: 'assignGridWorker', query: 'mutation { assignGridWorker(input: { gridId: "grid-x", gridWorkerId: "worker-x" }) { __typename } }' },
  'elderly-care': { field: 'overdueVisits', query: '{ overdueVisits(gridId: "grid-x", first: 1) { totalCount } }' },
  housing: {
    field: 'proposeElevatorRetrofit',
    query: 'mutation { proposeElevatorRetrofit(input: { buildingId: "building-x", totalCostCents: 100, governmentSubsidyCents: 0, preparationGroup: [] }) { __typename } }',
  },
  environment: { field: 'riverPatrols', query: '{ riverPatrols(first: 1) { totalCount } }' },
  safety: { field: 'escalateUnacknowledgedAlarms', query: 'mutation { escalateUnacknowledgedAlarms(input: {}) { __typename } }' },
};

interface Case {
  name: string;
  body: (subgraph: Subgraph) => unknown;
  status: number;
  /** Through the gateway, when it differs: a scalar only the subgraph knows is refused there, the rest still answers. */
  gatewayStatus?: number;
  code: string;
  /** The message (every error's, joined) must match this; and never the SQL, the value or an address. */
  message: RegExp;
  /** In development the suggestion is there: proves production strips it rather than never having had one. */
  suggestsInDevelopment?: boolean;
}

const CASES: Case[] = [
  {
    name: 'a misspelt enum value in a variable (variable coercion)',
    body: (s) => ({
      query: `query($f: ${FIELDS[s].enumArg.type}) { ${FIELDS[s].enumArg.path}(first: 1, filter: $f) { totalCount } }`,
      variables: { f: { [ENUM_FIELD[s]]: FIELDS[s].enumArg.nearMiss } },
    }),
    status: 400,
    code: 'BAD_USER_INPUT',
    message: /does not exist in/,
    suggestsInDevelopment: true,
  },
  {
    name: 'a misspelt input field in a variable (variable coercion)',
    body: (s) => ({
      query: `query($f: ${FIELDS[s].enumArg.type}) { ${FIELDS[s].enumArg.path}(first: 1, filter: $f) { totalCount } }`,
      variables: { f: { [`${ENUM_FIELD[s]}x`]: FIELDS[s].enumArg.nearMiss } },
    }),
    status: 400,
    code: 'BAD_USER_INPUT',
    message: /is not defined by type/,
    suggestsInDevelopment: true,
  },
  {
    name: 'a misspelt root field',
    body: (s) => ({ query: `{ ${FIELDS[s].list}x { totalCount } }` }),
    status: 400,
    code: 'GRAPHQL_VALIDATION_FAILED',
    message: /Cannot query field/,
    suggestsInDevelopment: true,
  },
  {
    name: 'a NUL byte in an id (PostgreSQL 22021)',
    body: (s) => ({ query: `query($id: ID!) { ${FIELDS[s].byId}(id: $id) { id } }`, variables: { id: 'x\u0000y' } }),
    status: 200,
    code: 'BAD_USER_INPUT',
    message: /^A text in the input contains characters that cannot be stored/,
  },
  {
    name: 'a NUL byte in a cursor',
    body: (s) => ({ query: `query($after: String) { ${FIELDS[s].list}(first: 1, after: $after) { totalCount edges { cursor } } }`, variables: { after: encodeCursor('a\u0000') } }),
    status: 200,
    code: 'BAD_USER_INPUT',
    message: /^A text in the input contains characters that cannot be stored/,
  },
  {
    name: 'an Int past 32 bits in a variable',
    body: (s) => ({ query: `query($n: Int) { ${FIELDS[s].list}(first: $n) { totalCount } }`, variables: { n: 2 ** 40 } }),
    status: 400,
    code: 'BAD_USER_INPUT',
    message: /Int cannot represent/,
  },
  {
    name: 'an Int past 32 bits written in the query',
    body: (s) => ({ query: `{ ${FIELDS[s].list}(first: 2147483648) { totalCount } }` }),
    status: 400,
    code: 'BAD_USER_INPUT',
    message: /Int cannot represent/,
  },
  {
    name: 'a page larger than allowed',
    body: (s) => ({ query: `{ ${FIELDS[s].list}(first: 101) { totalCount } }` }),
    status: 200,
    code: 'BAD_USER_INPUT',
    message: /first must be between 1 and 100/,
  },
  {
    name: 'a page of 2^31 - 1 (refused by the cost limit before any resolver)',
    body: (s) => ({ query: `{ ${FIELDS[s].list}(first: 2147483647) { totalCount } }` }),
    status: 400,
    code: 'GRAPHQL_VALIDATION_FAILED',
    message: /too much at once/,
  },
];

/** Dates: only environment's patrols take Date arguments (every subgraph shares the kit's Date scalar). */
const DATE_CASES: Case[] = [
  { name: 'an impossible date in a variable', body: () => ({ query: 'query($d: Date) { riverPatrols(first: 1, from: $d) { totalCount } }', variables: { d: '2026-02-30' } }), status: 400, gatewayStatus: 200, code: 'BAD_USER_INPUT', message: /calendar date/ },
  { name: 'an impossible date written in the query', body: () => ({ query: '{ riverPatrols(first: 1, from: "2026-02-30") { totalCount } }' }), status: 400, gatewayStatus: 200, code: 'BAD_USER_INPUT', message: /calendar date/ },
];

const MODES_LIST: Mode[] = ['development', 'production'];
const ROWS = MODES_LIST.flatMap((mode) =>
  TARGETS.flatMap((target) => [
    ...(target === 'gateway' ? (Object.keys(FIELDS) as Subgraph[]) : [target]).flatMap((subgraph) => CASES.map((c) => [c.name, subgraph, target, mode, c] as const)),
    ...(target === 'gateway' || target === 'environment' ? DATE_CASES.map((c) => [c.name, 'environment' as Subgraph, target, mode, c] as const) : []),
  ]),
);

describe('error hygiene', () => {
  let hostile: HostileStacks;
  beforeAll(async () => {
    hostile = await startHostileStacks();
  }, 300_000);
  afterAll(() => hostile?.stop());

  it.each(ROWS)('%s on %s via %s (%s)', async (_name, subgraph, target, mode, c) => {
    const token = await hostile.tokenFor(mode, { roles: ['admin'] });
    const answer = await postRaw(hostile.urlOf(mode, target), JSON.stringify(c.body(subgraph)), { authorization: `Bearer ${token}` });
    expect(answer.status).toBe(target === 'gateway' ? (c.gatewayStatus ?? c.status) : c.status);
    expect(codesOf(answer)).toEqual(expect.arrayContaining([c.code]));
    expect(codesOf(answer)).not.toContain('INTERNAL_SERVER_ERROR');
    expect(codesOf(answer)).not.toContain('SUBGRAPH_UNAVAILABLE');
    const messages = (answer.body?.errors ?? []).map((e) => e.message).join('\n');
    expect(messages).toMatch(c.message);
    expect(messages).not.toMatch(/\u0000|invalid byte sequence|out of range for type|22021|22P02/);
    expectClean(answer, mode);
    if (c.suggestsInDevelopment && mode === 'development') expect(messages).toMatch(/Did you mean/);
    // No data about the record: a refused root field is null or absent.
    const data = answer.body?.data as Record<string, unknown> | null | undefined;
    for (const value of Object.values(data ?? {})) expect(value).toBeNull();
  });

  const BODIES: [string, string, number, RegExp][] = [
    ['malformed JSON', '{"query": "{ __typename }"', 400, /not valid JSON/],
    ['a JSON string instead of an object', '"{ __typename }"', 400, /.+/],
    ['an empty body', '', 400, /.+/],
  ];
  const BODY_ROWS = MODES_LIST.flatMap((mode) => TARGETS.flatMap((target) => BODIES.map(([name, body, status, message]) => [name, target, mode, body, status, message] as const)));

  it.each(BODY_ROWS)('answers %s with GraphQL-shaped JSON (%s, %s)', async (_name, target, mode, body, status, message) => {
    const answer = await postRaw(hostile.urlOf(mode, target), body);
    expect(answer.status).toBe(status);
    expect(answer.body?.errors?.[0]?.message).toMatch(message);
    expect(answer.body?.errors?.[0]?.extensions?.code).toMatch(/BAD_REQUEST|BAD_USER_INPUT/);
    expectClean(answer, mode);
  });

  it.each(MODES_LIST.flatMap((mode) => (Object.keys(REFUSED) as Subgraph[]).map((s) => [s, mode] as const)))(
    "keeps a subgraph's FORBIDDEN for a capability the caller lacks through the gateway (%s, %s)",
    async (subgraph, mode) => {
      const resident = await hostile.tokenFor(mode, { sub: 'resident:errors', roles: ['resident'], residentId: 'resident-errors' });
      const { field, query } = REFUSED[subgraph];
      const answer = await postRaw(hostile.urlOf(mode, 'gateway'), JSON.stringify({ query }), { authorization: `Bearer ${resident}` });
      expect(answer.status).toBe(200);
      expect(codesOf(answer)).toEqual(['FORBIDDEN']);
      expect(answer.body?.data).toEqual({ [field]: null });
      expectClean(answer, mode);
    },
  );

  it.each(MODES_LIST.flatMap((mode) => (Object.keys(FIELDS) as Subgraph[]).filter((s) => s !== 'housing').map((s) => [s, mode] as const)))(
    'refuses a partner of housing the whole request at the gateway and at %s, and admits it at housing (%s)',
    async (subgraph, mode) => {
      const partner = await hostile.tokenFor(mode, { roles: ['partner'], aud: ['housing'] });
      const query = JSON.stringify({ query: `{ ${FIELDS[subgraph].list}(first: 1) { totalCount } }` });
      // A partner calls the one subgraph its `aud` names: the gateway refuses it before planning (403, no data).
      const viaGateway = await postRaw(hostile.urlOf(mode, 'gateway'), query, { authorization: `Bearer ${partner}` });
      expect(viaGateway.status).toBe(403);
      expect(codesOf(viaGateway)).toEqual(['FORBIDDEN']);
      expect(viaGateway.body?.data ?? null).toBeNull();
      expectClean(viaGateway, mode);
      const direct = await postRaw(hostile.urlOf(mode, subgraph), query, { authorization: `Bearer ${partner}` });
      expect(direct.status).toBe(403);
      expect(codesOf(direct)).toEqual(['FORBIDDEN']);
      expectClean(direct, mode);
      // The same token is good at housing: the refusals above are its audience, not a token the deployment rejects.
      const atHousing = await postRaw(hostile.urlOf(mode, 'housing'), JSON.stringify({ query: `{ ${FIELDS.housing.list}(first: 1) { totalCount } }` }), { authorization: `Bearer ${partner}` });
      expect(atHousing.status).toBe(200);
      expect(codesOf(atHousing)).toEqual([]);
    },
  );

  describe("the gateway keeps the code of a subgraph's refusal", () => {
    /** Every subgraph at one fake server that answers what the case says. */
    let fake: Server;
    let gateway: RunningServer;
    let next = { status: 200, body: {} as unknown };
    beforeAll(async () => {
      fake = createServer((req, res) => {
        req.resume();
        req.on('end', () => res.writeHead(next.status, { 'content-type': 'application/json' }).end(JSON.stringify(next.body)));
      });
      await new Promise<void>((resolve) => fake.listen(0, '127.0.0.1', resolve));
      const url = `http://127.0.0.1:${(fake.address() as AddressInfo).port}/graphql`;
      const config = MODES.development;
      const services = Object.fromEntries(Object.entries(config.services).map(([name, service]) => [name, { ...service, url }]));
      gateway = await startGateway({ config: { ...config, services: services as typeof config.services }, supergraphSdl: hostile.stacks.development.supergraphSdl, port: 0, log: createLogger('silent', 'test') });
    });
    afterAll(async () => {
      await gateway?.stop();
      await new Promise((resolve) => fake?.close(resolve));
    });

    const REFUSALS: [number, string, string][] = [
      [400, 'BAD_USER_INPUT', 'Date must be a calendar date written YYYY-MM-DD; got "2026-02-30".'],
      [401, 'UNAUTHENTICATED', 'The bearer token is invalid or expired.'],
      [403, 'FORBIDDEN', 'This partner token is not valid for the community subgraph.'],
      [400, 'GRAPHQL_VALIDATION_FAILED', 'The query is nested too deeply.'],
      [403, 'FORBIDDEN', 'Refused by http://127.0.0.1:4001/graphql and localhost:4002.'],
    ];
    it.each(REFUSALS)('HTTP %s with %s reaches the client with its code, without addresses', async (status, code, message) => {
      next = { status, body: { errors: [{ message, extensions: { code } }] } };
      const answer = await postRaw(gateway.url, JSON.stringify({ query: '{ communities { id } }' }));
      expect(answer.status).toBe(200);
      expect(codesOf(answer)).toEqual([code]);
      expect(answer.body?.errors?.[0]?.message).toBe(message.replace(/http:\/\/\S+|localhost:\d+/g, 'an internal service'));
      expectClean(answer, 'development');
    });

    it.each([
      [500, { errors: [{ message: 'boom at 10.0.0.7:5432', extensions: { code: 'INTERNAL_SERVER_ERROR' } }] }],
      [403, { errors: [{ message: 'no', extensions: { code: 'SOMETHING_ELSE' } }] }],
      [400, '<html>Bad Request</html>'],
    ])('HTTP %s with anything else is the subgraph unavailable', async (status, body) => {
      next = { status, body };
      const answer = await postRaw(gateway.url, JSON.stringify({ query: '{ communities { id } }' }));
      expect(codesOf(answer)).toEqual(['SUBGRAPH_UNAVAILABLE']);
      expect(answer.text).not.toMatch(/boom|10\.0\.0\.7|html/);
    });
  });
});

/** The statements a resolver could send with a hostile value, on each engine the services run on. */
const DATABASE_CASES: [string, string, (h: DatabaseHandle) => Promise<unknown>, RegExp][] = [
  ['22P02 invalid text representation', 'not-a-number', (h) => h.db.execute(sql`select ${'not-a-number'}::integer`), /not in the expected format/],
  ['22008 an impossible date', '2026-02-30', (h) => h.db.execute(sql`select ${'2026-02-30'}::date`), /date or time in the input does not exist/],
  ['22007 a date in no format', '30/02/2026x', (h) => h.db.execute(sql`select ${'30/02/2026x'}::timestamptz`), /date or time in the input does not exist/],
  ['22003 a number out of range', '99999999999', (h) => h.db.execute(sql`select ${'99999999999'}::integer`), /number in the input is out of range/],
  ['22021 a NUL character', 'a\u0000b', (h) => h.db.execute(sql`select ${'a\u0000b'}::text`), /cannot be stored/],
  ['23514 a check constraint', 'secret-value', (h) => h.db.execute(sql.raw(`do $$ begin raise check_violation using message = 'secret-value'; end $$`)), /breaks a rule of the data/],
];

describe.each(['PostgreSQL', 'PGlite'] as const)('database errors the input caused, on %s', (engine) => {
  let handle: DatabaseHandle;
  let drop: (() => Promise<void>) | undefined;
  beforeAll(async () => {
    const throwaway = engine === 'PostgreSQL' ? await createThrowawayDatabase() : undefined;
    if (engine === 'PostgreSQL' && !throwaway) return;
    handle = await openDatabase(throwaway?.url);
    drop = throwaway?.drop;
  }, 120_000);
  afterAll(async () => {
    await handle?.close();
    await drop?.();
  });

  it.each(DATABASE_CASES)('%s is BAD_USER_INPUT with a neutral message', async (_name, value, run, message) => {
    if (!handle) return; // PostgreSQL cases need DATABASE_URL (CI sets it)
    const failure = await run(handle).then(() => undefined, (e: unknown) => e);
    expect(failure).toBeDefined();
    // As Apollo hands a resolver's error to formatError: the driver's error, wrapped.
    const wrapped = new GraphQLError('Failed query', { path: ['x'], originalError: failure as Error });
    for (const production of [false, true]) {
      const formatted = formatError({ message: wrapped.message, path: ['x'] }, wrapped, () => undefined, { production });
      expect(formatted.extensions?.code).toBe('BAD_USER_INPUT');
      expect(formatted.message).toMatch(message);
      expect(JSON.stringify(formatted)).not.toContain(value.replace('\u0000', ''));
      expect(JSON.stringify(formatted)).not.toMatch(/select|\$1|params/i);
    }
  });
});
