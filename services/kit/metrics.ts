import type { ApolloServerPlugin } from '@apollo/server';
import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';

/** One registry per process: in the one-process development stack every server shares it, labelled by service. */
export const metricsRegistry = new Registry();
collectDefaultMetrics({ register: metricsRegistry });

const requestDuration = new Histogram({
  name: 'onegrid_graphql_request_duration_seconds',
  help: 'GraphQL requests by service, operation type and outcome.',
  labelNames: ['service', 'operation', 'outcome'] as const,
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
  registers: [metricsRegistry],
});

/** Every SQL statement the process sends through drizzle: the benchmark reads it to show batching. */
export const sqlStatements = new Counter({
  name: 'onegrid_sql_statements_total',
  help: 'SQL statements sent through drizzle by this process.',
  registers: [metricsRegistry],
});

export function metricsPlugin(service: string): ApolloServerPlugin {
  return {
    async requestDidStart() {
      const stop = requestDuration.startTimer({ service });
      return {
        async willSendResponse({ operation, errors }) {
          stop({ operation: operation?.operation ?? 'unknown', outcome: errors?.length ? 'error' : 'ok' });
        },
      };
    },
  };
}
