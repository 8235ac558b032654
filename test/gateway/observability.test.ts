import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';
import { propagation } from '@opentelemetry/api';
import { SUBGRAPHS } from '../../services';
import { DEMO_IDS } from '../../services/demo';
import { loadConfig } from '../../services/kit/config';
import { createLogger } from '../../services/kit/logger';
import { operationLabeller } from '../../services/kit/metrics';
import { tracingEnabled } from '../../services/kit/tracing';
import { givenUnenrolledResident } from '../support/elders';
import { postGraphQL, startTestStack, tokenFor, type TestStack } from '../support/stack';

/** A span as OTLP/HTTP JSON carries it (ids in hex). */
interface ExportedSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
}

/** A minimal OTLP/HTTP collector: keeps every span POSTed to /v1/traces (JSON encoding). */
async function startCollector() {
  const spans: { service: string; span: ExportedSpan }[] = [];
  const contentTypes = new Set<string>();
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      contentTypes.add(String(req.headers['content-type']));
      if (req.url === '/v1/traces') {
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as {
          resourceSpans: { resource: { attributes: { key: string; value: { stringValue?: string } }[] }; scopeSpans: { spans: ExportedSpan[] }[] }[];
        };
        for (const { resource, scopeSpans } of body.resourceSpans) {
          const service = resource.attributes.find((a) => a.key === 'service.name')?.value.stringValue ?? '';
          for (const scope of scopeSpans) for (const span of scope.spans) spans.push({ service, span });
        }
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    spans,
    contentTypes,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const OVERVIEW = readFileSync(path.join(__dirname, '../../schema/operations/resident-overview.graphql'), 'utf8');
const REQUEST_ID = 'observability-test-0001';
/** A request whose subgraph calls another itself: enrolling an elder reads the resident from community. */
const PEER_REQUEST_ID = 'observability-test-peer';
const ENROLL = 'mutation($input: EnrollElderInput!) { enrollElder(input: $input) { elder { id } userErrors { message } } }';

describe('observability: one request through the gateway', () => {
  let stack: TestStack | undefined;
  let collector: Awaited<ReturnType<typeof startCollector>>;
  const lines: Record<string, unknown>[] = [];
  let metrics = '';
  const subgraphMetrics: Record<string, string> = {};
  let answer: Awaited<ReturnType<typeof postGraphQL>>;
  let enrolled: Awaited<ReturnType<typeof postGraphQL>>;

  beforeAll(async () => {
    expect(tracingEnabled()).toBe(false);
    collector = await startCollector();
    const logs = new Writable({
      write(chunk: Buffer, _encoding, done) {
        for (const line of chunk.toString('utf8').split('\n')) if (line) lines.push(JSON.parse(line) as Record<string, unknown>);
        done();
      },
    });
    const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'info', OTEL_EXPORTER_OTLP_ENDPOINT: collector.url, OTEL_SERVICE_NAME: 'onegrid-test' });
    stack = await startTestStack(SUBGRAPHS, { config, log: createLogger('info', 'test', logs) });
    expect(tracingEnabled()).toBe(true);
    const token = await tokenFor({ roles: ['admin'] });
    answer = await postGraphQL(stack.gateway.url, OVERVIEW, { id: DEMO_IDS.elderLivingAlone }, { token, headers: { 'x-request-id': REQUEST_ID } });
    const residentId = await givenUnenrolledResident(stack, { birthDate: '1950-03-01', tags: ['LIVES_ALONE'] });
    enrolled = await postGraphQL(stack.gateway.url, ENROLL, { input: { residentId, livingArrangement: 'ALONE' } }, { token, headers: { 'x-request-id': PEER_REQUEST_ID } });
    metrics = await (await fetch(stack.gateway.url.replace(/\/graphql$/, '/metrics'))).text();
    for (const [name, server] of Object.entries(stack.subgraphs)) {
      subgraphMetrics[name] = await (await fetch(server.url.replace(/\/graphql$/, '/metrics'))).text();
    }
    // Stopping flushes the spans still batched for export.
    await stack.stop();
    stack = undefined;
  }, 180_000);

  afterAll(async () => {
    await stack?.stop();
    await collector?.close();
  });

  it('answers the resident overview without errors', () => {
    expect(answer.errors).toBeUndefined();
    expect(answer.data).toMatchObject({ resident: { id: DEMO_IDS.elderLivingAlone } });
  });

  it("writes the request's id on the gateway's and every subgraph's log lines", () => {
    const ofRequest = lines.filter((line) => line.requestId === REQUEST_ID);
    const services = new Set(ofRequest.map((line) => line.service));
    expect([...services].sort()).toEqual(['gateway', ...SUBGRAPHS.map((module) => module.name)].sort());
    expect(ofRequest).toContainEqual(expect.objectContaining({ service: 'gateway', msg: 'graphql request', operation: 'ResidentOverview', outcome: 'ok' }));
    // elderly-care's own call to community carries the id too.
    expect(enrolled.errors).toBeUndefined();
    expect(enrolled.data).toMatchObject({ enrollElder: { elder: { id: expect.any(String) }, userErrors: [] } });
    const ofPeerRequest = lines.filter((line) => line.requestId === PEER_REQUEST_ID && line.msg === 'graphql request');
    expect(new Set(ofPeerRequest.map((line) => line.service))).toEqual(new Set(['gateway', 'elderly-care', 'community']));
    // Every per-request line carries an id: none is written without one.
    expect(lines.filter((line) => line.msg === 'graphql request' && !line.requestId)).toEqual([]);
  });

  it('counts and times the request by operation name, each subgraph fetch, SQL statements and the pool', () => {
    expect(metrics).toMatch(/onegrid_graphql_request_duration_seconds_count\{service="gateway",operation="ResidentOverview",outcome="ok"\} 1\n/);
    for (const module of SUBGRAPHS) {
      expect(metrics).toMatch(new RegExp(`onegrid_subgraph_fetch_duration_seconds_count\\{subgraph="${module.name}",outcome="ok"\\} [1-9]`));
    }
    // The gateway names its subgraph operations after the client's (ResidentOverview__community__0, …).
    expect(subgraphMetrics.community).toMatch(/onegrid_graphql_request_duration_seconds_count\{service="community",operation="ResidentOverview__community__\d+",outcome="ok"\} [1-9]/);
    expect(metrics).toMatch(/onegrid_sql_statements_total [1-9]/);
    // Statement latency and the pool are PostgreSQL's (the embedded PGlite has neither a pool nor a wire to time).
    if (process.env.DATABASE_URL) {
      expect(metrics).toMatch(/onegrid_sql_statement_duration_seconds_count\{outcome="ok"\} [1-9]/);
      expect(metrics).toMatch(/onegrid_db_pool_connections\{state="max"\} 10\n/);
      // The scrape's own statement is in use while PostgreSQL answers it.
      expect(Number(/onegrid_db_pool_connections\{state="in_use"\} (\d+)/.exec(metrics)?.[1])).toBeGreaterThanOrEqual(1);
    }
  });

  it('exports one trace spanning the gateway and every subgraph it called, over OTLP/HTTP JSON', () => {
    expect([...collector.contentTypes]).toEqual(['application/json']);
    const spans = collector.spans.map(({ span }) => span);
    const entry = spans.find((span) => span.name === 'gateway POST /graphql');
    expect(entry).toBeDefined();
    const trace = spans.filter((span) => span.traceId === entry!.traceId);
    const ids = new Set(trace.map((span) => span.spanId));
    // @apollo/gateway's own spans join the request's trace.
    expect(trace.map((span) => span.name)).toEqual(expect.arrayContaining(['gateway.request', 'gateway.plan', 'gateway.fetch']));
    for (const module of SUBGRAPHS) {
      const served = trace.filter((span) => span.name === `${module.name} POST /graphql`);
      expect(served.length).toBeGreaterThan(0);
      // Each continues a span of the same trace (the gateway's fetch), carried over HTTP in `traceparent`.
      for (const span of served) expect(ids.has(span.parentSpanId ?? '')).toBe(true);
    }
    expect(new Set(collector.spans.map(({ service }) => service))).toEqual(new Set(['onegrid-test']));
    // The peer call continues the trace of the elderly-care request that made it.
    const peerCalled = spans.filter((span) => span.name === 'community POST /graphql' && span.traceId !== entry!.traceId);
    expect(peerCalled).toHaveLength(1);
    const caller = spans.find((span) => span.spanId === peerCalled[0]!.parentSpanId);
    expect(caller).toMatchObject({ name: 'elderly-care POST /graphql', traceId: peerCalled[0]!.traceId });
  });

  it('registers nothing once stopped, as when no endpoint is configured', () => {
    expect(tracingEnabled()).toBe(false);
    expect(propagation.fields()).toEqual([]);
  });
});

describe('operation name labels', () => {
  it('keeps the first names it sees and counts the rest, and non-names, as other', () => {
    const labelOf = operationLabeller(2);
    expect([labelOf('A'), labelOf('B'), labelOf('C'), labelOf('A'), labelOf(undefined), labelOf('no spaces allowed')]).toEqual([
      'A',
      'B',
      'other',
      'A',
      'anonymous',
      'other',
    ]);
  });
});
