import type { ApolloServerPlugin } from '@apollo/server';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/** One registry per process: in the one-process development stack every server shares it, labelled by service. */
export const metricsRegistry = new Registry();
collectDefaultMetrics({ register: metricsRegistry });

const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

const requestDuration = new Histogram({
  name: 'onegrid_graphql_request_duration_seconds',
  help: 'GraphQL requests by service, operation name and outcome (_count: requests; outcome="error": requests answered with errors).',
  labelNames: ['service', 'operation', 'outcome'] as const,
  buckets: LATENCY_BUCKETS,
  registers: [metricsRegistry],
});

const subgraphFetchDuration = new Histogram({
  name: 'onegrid_subgraph_fetch_duration_seconds',
  help: "The gateway's fetches from each subgraph, by outcome (_count: fetches; outcome=\"error\": failed or answered with errors).",
  labelNames: ['subgraph', 'outcome'] as const,
  buckets: LATENCY_BUCKETS,
  registers: [metricsRegistry],
});

/** Every SQL statement the process sends through drizzle: the benchmark reads it to show batching. */
export const sqlStatements = new Counter({
  name: 'onegrid_sql_statements_total',
  help: 'SQL statements sent through drizzle by this process.',
  registers: [metricsRegistry],
});

/** Time from sending a statement to its result, on PostgreSQL (the embedded PGlite is not timed). */
export const sqlStatementDuration = new Histogram({
  name: 'onegrid_sql_statement_duration_seconds',
  help: 'SQL statements sent to PostgreSQL by this process, by outcome.',
  labelNames: ['outcome'] as const,
  buckets: LATENCY_BUCKETS,
  registers: [metricsRegistry],
});

/** A database pool's connections: in use and idle as PostgreSQL reports them, and the most it may open. */
export interface PoolState {
  inUse: number;
  idle: number;
  max: number;
}
const pools = new Set<() => Promise<PoolState>>();
const POOL_READ_TIMEOUT_MS = 1000;

function withDeadline<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms)));
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}

/** Reports a pool at every scrape, until the returned function is called (when the pool closes). */
export function watchPool(read: () => Promise<PoolState>): () => void {
  pools.add(read);
  return () => void pools.delete(read);
}

new Gauge({
  name: 'onegrid_db_pool_connections',
  help: "Connections of this process's PostgreSQL pools: in_use and idle as the server reports them at the scrape, and max.",
  labelNames: ['state'] as const,
  registers: [metricsRegistry],
  async collect() {
    const total = { in_use: 0, idle: 0, max: 0 };
    // A pool that cannot answer in time (database down) is left out of this scrape rather than failing /metrics.
    const states = await Promise.allSettled([...pools].map((read) => withDeadline(read(), POOL_READ_TIMEOUT_MS)));
    for (const state of states) {
      if (state.status !== 'fulfilled') continue;
      total.in_use += state.value.inUse;
      total.idle += state.value.idle;
      total.max += state.value.max;
    }
    for (const [state, value] of Object.entries(total)) this.set({ state }, value);
  },
});

/**
 * Operation names are the client's choice: the first MAX_OPERATION_NAMES distinct ones per service get their own
 * label, later ones count as "other", so a client sending random names cannot grow the metrics without bound.
 */
export const MAX_OPERATION_NAMES = 100;
const GRAPHQL_NAME = /^[_A-Za-z][_0-9A-Za-z]{0,63}$/;

export function operationLabeller(limit = MAX_OPERATION_NAMES): (name: string | null | undefined) => string {
  const known = new Set<string>();
  return (name) => {
    if (!name) return 'anonymous';
    if (!GRAPHQL_NAME.test(name)) return 'other';
    if (known.has(name)) return name;
    if (known.size >= limit) return 'other';
    known.add(name);
    return name;
  };
}

export function metricsPlugin(service: string): ApolloServerPlugin {
  const labelOf = operationLabeller();
  return {
    async requestDidStart() {
      const stop = requestDuration.startTimer({ service });
      return {
        async willSendResponse({ operation, errors, response }) {
          const failed = !!errors?.length || (response.body.kind === 'single' && !!response.body.singleResult.errors?.length);
          // The parsed operation's own name: a request that did not parse counts as anonymous.
          stop({ operation: labelOf(operation?.name?.value), outcome: failed ? 'error' : 'ok' });
        },
      };
    },
  };
}

/** Times one gateway fetch from a subgraph; call the result with whether it failed. */
export function timeSubgraphFetch(subgraph: string): (failed: boolean) => void {
  const stop = subgraphFetchDuration.startTimer({ subgraph });
  return (failed) => void stop({ outcome: failed ? 'error' : 'ok' });
}
