import autocannon from 'autocannon';
import { keyed, outcomeOf, type WriteTally } from './writes';

/**
 * One load run, in its own process so the load generator never shares an event loop (or a core's accounting) with
 * what it measures. Reads `{ url, token, bodies, seconds, connections, keyPrefix? }` as JSON on stdin; sends the bodies
 * in turn (seeded by run.ts, so every target gets the same sequence); prints the result as JSON on stdout. With a
 * keyPrefix the bodies are write templates (writes.ts): the n-th request gets the key `<keyPrefix>-<n>`, and the result
 * says which keys were acknowledged (with the id written) and which answered a userError.
 */
interface LoadSpec {
  url: string;
  token: string;
  bodies: string[];
  seconds: number;
  connections: number;
  keyPrefix?: string;
}

async function main() {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  const spec = JSON.parse(Buffer.concat(chunks).toString('utf8')) as LoadSpec;
  let next = 0;
  let answeredWithErrors = 0;
  const writes: WriteTally | undefined = spec.keyPrefix ? { issued: 0, acked: {}, rejected: {} } : undefined;
  const result = await autocannon({
    url: spec.url,
    method: 'POST',
    connections: spec.connections,
    duration: spec.seconds,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${spec.token}` },
    requests: [
      {
        setupRequest: (request) => {
          const n = next++;
          const body = spec.bodies[n % spec.bodies.length]!;
          if (!writes) return { ...request, body };
          writes.issued = n + 1;
          return { ...request, body: keyed(body, `${spec.keyPrefix}-${n}`) };
        },
        // A GraphQL error arrives with HTTP 200: count it, so a run that "succeeds" with errors is seen. A userError is
        // a business answer (a full meal point, say): counted apart, not as a failure.
        onResponse: (status, body) => {
          if (body.includes('"errors"')) answeredWithErrors++;
          else if (writes && status === 200) {
            const outcome = outcomeOf(body);
            if (outcome?.id) writes.acked[outcome.key] = outcome.id;
            else if (outcome?.code) writes.rejected[outcome.key] = outcome.code;
          }
        },
      },
    ],
  });
  process.stdout.write(
    JSON.stringify({
      requests: result.requests.total,
      rps: result.requests.average,
      p50: result.latency.p50,
      p99: result.latency.p99,
      failures: result.errors + result.timeouts + result.non2xx + answeredWithErrors,
      userErrors: writes ? Object.keys(writes.rejected).length : 0,
      writes,
    }),
  );
}

main().catch((error) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
