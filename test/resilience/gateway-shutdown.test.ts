import http from 'node:http';
import type net from 'node:net';
import { once } from 'node:events';
import { postGraphQL } from '../support/stack';
import { startGatewayProcess } from './gateway-support';

/** How long the slow subgraph takes to answer: the request is in flight when SIGTERM arrives. */
const SLOW_MS = 1500;

/** A subgraph that answers every request correctly, but only after SLOW_MS. */
async function slowSubgraph() {
  let received = 0;
  const server = http.createServer((req, res) => {
    received += 1;
    req.resume();
    setTimeout(() => {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ data: { communities: [{ id: 'community-01', name: '阳光社区' }] } }));
    }, SLOW_MS);
  });
  server.listen(0);
  await once(server, 'listening');
  return { url: `http://127.0.0.1:${(server.address() as net.AddressInfo).port}/graphql`, received: () => received, server };
}

describe('SIGTERM while a slow request is in flight', () => {
  it('lets the request complete with its data, then the gateway exits 0', async () => {
    const subgraph = await slowSubgraph();
    const { child, url, log } = await startGatewayProcess(subgraph.url, { SUBGRAPH_TIMEOUT_MS: '10000' });
    try {
      const exited = once(child, 'exit');
      const started = performance.now();
      const request = postGraphQL<{ communities: { id: string; name: string }[] }>(url, '{ communities { id name } }');
      while (subgraph.received() === 0) await new Promise((resolve) => setTimeout(resolve, 10));
      child.kill('SIGTERM');
      const signalledAfterMs = performance.now() - started;

      const answer = await request;
      const answeredAfterMs = performance.now() - started;
      const [code, signal] = await exited;
      console.log(`SIGTERM ${Math.round(signalledAfterMs)} ms into a ${SLOW_MS} ms request; answered at ${Math.round(answeredAfterMs)} ms; exit ${code}`);

      expect(answer.status).toBe(200);
      expect(answer.errors).toBeUndefined();
      expect(answer.data).toEqual({ communities: [{ id: 'community-01', name: '阳光社区' }] });
      expect(answeredAfterMs).toBeGreaterThanOrEqual(SLOW_MS - 50);
      expect({ code, signal }).toEqual({ code: 0, signal: null });
      expect(log()).toMatch(/shutting down/);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
      subgraph.server.closeAllConnections();
      await new Promise((resolve) => subgraph.server.close(resolve));
    }
  }, 60_000);
});
