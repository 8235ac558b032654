import { spawn } from 'node:child_process';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { once } from 'node:events';
import { SERVICE_PORTS, envPrefix, type ServiceName } from '../../services/kit/config';
import { postGraphQL } from '../support/stack';

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

async function freePort(): Promise<number> {
  const probe = net.createServer().listen(0);
  await once(probe, 'listening');
  const { port } = probe.address() as net.AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

describe('SIGTERM while a slow request is in flight', () => {
  it('lets the request complete with its data, then the gateway exits 0', async () => {
    const subgraph = await slowSubgraph();
    const port = await freePort();
    const urls = Object.fromEntries((Object.keys(SERVICE_PORTS) as ServiceName[]).map((name) => [`${envPrefix(name)}_URL`, subgraph.url]));
    const child = spawn(process.execPath, [path.resolve(__dirname, '../../dist/gateway/main.js')], {
      env: { PATH: process.env.PATH, GATEWAY_PORT: String(port), LOG_LEVEL: 'info', SUBGRAPH_TIMEOUT_MS: '10000', ...urls },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      let log = '';
      child.stdout.on('data', (chunk) => (log += chunk));
      child.stderr.on('data', (chunk) => (log += chunk));
      const deadline = Date.now() + 30_000;
      while (!log.includes('gateway ready')) {
        if (Date.now() > deadline || child.exitCode !== null) throw new Error(`did not start:\n${log}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      const exited = once(child, 'exit');
      const started = performance.now();
      const request = postGraphQL<{ communities: { id: string; name: string }[] }>(`http://localhost:${port}/graphql`, '{ communities { id name } }');
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
      expect(log).toMatch(/shutting down/);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
      subgraph.server.closeAllConnections();
      await new Promise((resolve) => subgraph.server.close(resolve));
    }
  }, 60_000);
});
