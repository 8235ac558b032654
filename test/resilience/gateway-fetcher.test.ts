import http from 'node:http';
import net from 'node:net';
import { once } from 'node:events';
import { keepAliveFetcher } from '../../gateway/fetcher';

/**
 * The gateway's fetcher to subgraphs: keep-alive connections, a deadline per fetch, and at most one retry of a query
 * whose connection was reset before any answer; never of a mutation, never after the deadline.
 */

type Behaviour = (req: http.IncomingMessage, res: http.ServerResponse, nth: number) => void;

async function subgraph(behave: Behaviour) {
  let requests = 0;
  let connections = 0;
  const server = http.createServer((req, res) => {
    requests += 1;
    const nth = requests;
    req.resume();
    req.on('end', () => behave(req, res, nth));
  });
  server.on('connection', () => (connections += 1));
  server.listen(0);
  await once(server, 'listening');
  return {
    url: `http://127.0.0.1:${(server.address() as net.AddressInfo).port}/graphql`,
    requests: () => requests,
    connections: () => connections,
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

const answer: Behaviour = (_req, res) => {
  res.setHeader('content-type', 'application/json');
  res.end(JSON.stringify({ data: { ok: true } }));
};
const resetFirst: Behaviour = (req, res, nth) => (nth === 1 ? req.socket.destroy() : answer(req, res, nth));
const QUERY = JSON.stringify({ query: 'query Overview__community__0 { ok }' });
const MUTATION = JSON.stringify({ query: 'mutation Vote__housing__0 { castConsentVote { ok } }' });
const post = (body: string) => ({ method: 'POST', headers: { 'content-type': 'application/json' }, body });

describe('the gateway fetcher', () => {
  const fetchers: ReturnType<typeof keepAliveFetcher>[] = [];
  const fetcher = (timeoutMs = 2000) => {
    const made = keepAliveFetcher(timeoutMs);
    fetchers.push(made);
    return made;
  };
  afterAll(() => fetchers.forEach((f) => f.close()));

  it('reuses one keep-alive connection for fetches one after another', async () => {
    const server = await subgraph(answer);
    const { fetch } = fetcher();
    try {
      for (let i = 0; i < 5; i += 1) {
        const response = await fetch(server.url, post(QUERY));
        expect(response.status).toBe(200);
        expect(await response.json()).toEqual({ data: { ok: true } });
      }
      expect(server.requests()).toBe(5);
      expect(server.connections()).toBe(1);
    } finally {
      await server.close();
    }
  });

  it('retries a query once when its connection is reset before any answer', async () => {
    const server = await subgraph(resetFirst);
    const made = fetcher();
    try {
      const response = await made.fetch(server.url, post(QUERY));
      expect(await response.json()).toEqual({ data: { ok: true } });
      expect(server.requests()).toBe(2);
      expect(made.retries()).toBe(1);
    } finally {
      await server.close();
    }
  });

  it('retries a query at most once', async () => {
    const server = await subgraph((req) => req.socket.destroy());
    try {
      await expect(fetcher().fetch(server.url, post(QUERY))).rejects.toThrow();
      expect(server.requests()).toBe(2);
    } finally {
      await server.close();
    }
  });

  it('never retries a mutation (it may have been applied)', async () => {
    const server = await subgraph(resetFirst);
    try {
      await expect(fetcher().fetch(server.url, post(MUTATION))).rejects.toThrow();
      expect(server.requests()).toBe(1);
    } finally {
      await server.close();
    }
  });

  it('never retries once an answer has begun', async () => {
    const server = await subgraph((req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"data":');
      setTimeout(() => req.socket.destroy(), 20);
    });
    try {
      await expect(fetcher().fetch(server.url, post(QUERY))).rejects.toThrow();
      expect(server.requests()).toBe(1);
    } finally {
      await server.close();
    }
  });

  it('gives up at its deadline, without a retry', async () => {
    const server = await subgraph(() => undefined);
    try {
      const started = performance.now();
      await expect(fetcher(300).fetch(server.url, post(QUERY))).rejects.toThrow();
      const elapsedMs = performance.now() - started;
      expect(elapsedMs).toBeGreaterThanOrEqual(290);
      expect(elapsedMs).toBeLessThan(1500);
      expect(server.requests()).toBe(1);
    } finally {
      await server.close();
    }
  });
});
