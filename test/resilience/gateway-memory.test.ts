import type { ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import type net from 'node:net';
import { once } from 'node:events';
import { startGatewayProcess } from './gateway-support';

/**
 * Memory under overload, measured on the gateway in a process of its own (the production layout): the same burst
 * far beyond capacity, once with a low concurrency limit and once with none to speak of.
 */
const BURST = 1000;
const SLOW_MS = 300;
const COMMUNITIES = Array.from({ length: 500 }, (_, i) => ({ id: `community-${i}`, name: `社区 ${i} `.repeat(10) }));

/** The gateway process's resident memory, in MB (Linux /proc). */
const rssMb = (child: ChildProcess) => {
  const line = readFileSync(`/proc/${child.pid}/status`, 'utf8').match(/VmRSS:\s+(\d+) kB/);
  return line ? Math.round(Number(line[1]) / 1024) : NaN;
};

async function slowSubgraph() {
  const body = JSON.stringify({ data: { communities: COMMUNITIES } });
  const server = http.createServer((req, res) => {
    req.resume();
    setTimeout(() => res.setHeader('content-type', 'application/json').end(body), SLOW_MS);
  });
  server.listen(0);
  await once(server, 'listening');
  return { url: `http://127.0.0.1:${(server.address() as net.AddressInfo).port}/graphql`, server };
}

async function burstAgainstGateway(subgraphUrl: string, limit: number) {
  const { child, url } = await startGatewayProcess(subgraphUrl, { MAX_CONCURRENT_REQUESTS: String(limit) });
  try {
    const ask = async () => {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ communities { id name } }' }),
      });
      await response.arrayBuffer();
      return response.status;
    };
    await ask(); // warm: the query plan is cached
    const before = rssMb(child);
    let peak = before;
    const sampler = setInterval(() => (peak = Math.max(peak, rssMb(child))), 10);
    const statuses = await Promise.all(Array.from({ length: BURST }, ask));
    clearInterval(sampler);
    const after = rssMb(child);
    return { served: statuses.filter((s) => s === 200).length, shed: statuses.filter((s) => s === 503).length, before, peak, after };
  } finally {
    child.kill('SIGKILL');
  }
}

describe('gateway memory under a burst beyond capacity', () => {
  it('stays near its resting size when excess requests are shed', async () => {
    const subgraph = await slowSubgraph();
    try {
      const limited = await burstAgainstGateway(subgraph.url, 8);
      const unlimited = await burstAgainstGateway(subgraph.url, 100_000);
      console.log(
        `${BURST} concurrent requests, gateway RSS in MB (before / peak / after):\n` +
          `  MAX_CONCURRENT_REQUESTS=8: ${limited.served} served, ${limited.shed} shed; ${limited.before} / ${limited.peak} / ${limited.after}\n` +
          `  no limit to speak of:      ${unlimited.served} served, ${unlimited.shed} shed; ${unlimited.before} / ${unlimited.peak} / ${unlimited.after}`,
      );
      expect(limited.shed).toBeGreaterThan(0);
      expect(limited.served + limited.shed).toBe(BURST);
      expect(unlimited.served).toBe(BURST);
      // Shedding bounds the work in flight, and so the memory it holds.
      expect(limited.peak - limited.before).toBeLessThan(unlimited.peak - unlimited.before);
    } finally {
      subgraph.server.closeAllConnections();
      await new Promise((resolve) => subgraph.server.close(resolve));
    }
  }, 120_000);
});
