import autocannon from 'autocannon';

/**
 * One load run, in its own process so the load generator never shares an event loop (or a core's accounting) with
 * what it measures. Reads `{ url, token, bodies, seconds, connections }` as JSON on stdin; sends the bodies in turn
 * (seeded by run.ts, so every target gets the same sequence); prints the result as JSON on stdout.
 */
interface LoadSpec {
  url: string;
  token: string;
  bodies: string[];
  seconds: number;
  connections: number;
}

async function main() {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  const spec = JSON.parse(Buffer.concat(chunks).toString('utf8')) as LoadSpec;
  let next = 0;
  let answeredWithErrors = 0;
  const result = await autocannon({
    url: spec.url,
    method: 'POST',
    connections: spec.connections,
    duration: spec.seconds,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${spec.token}` },
    requests: [
      {
        setupRequest: (request) => ({ ...request, body: spec.bodies[next++ % spec.bodies.length] }),
        // A GraphQL error arrives with HTTP 200: count it, so a run that "succeeds" with errors is seen.
        onResponse: (_status, body) => {
          if (body.includes('"errors"')) answeredWithErrors++;
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
    }),
  );
}

main().catch((error) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
