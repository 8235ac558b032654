import http from 'node:http';
import https from 'node:https';

/**
 * A subgraph's answer, as much of a WHATWG Response as the gateway's data source reads: the body is already in memory,
 * so it is decoded once, with no stream or copy between (undici's Response cost the gateway ~8% of its CPU).
 */
export interface SubgraphAnswer {
  readonly ok: boolean;
  readonly status: number;
  readonly statusText: string;
  readonly url: string;
  readonly headers: { get(name: string): string | null };
  text(): Promise<string>;
  json(): Promise<unknown>;
}

/** What the gateway's data source calls to reach a subgraph: a WHATWG-shaped fetch. */
export type SubgraphFetch = (url: string, init?: { method?: string; headers?: unknown; body?: unknown }) => Promise<SubgraphAnswer>;

/** Errors meaning the peer dropped the connection before answering: a reused keep-alive socket it had just closed. */
const RESET_CODES = new Set(['ECONNRESET', 'EPIPE']);

class ResetBeforeAnswer extends Error {
  constructor(readonly cause: Error) {
    super(cause.message);
  }
}

/** A mutation is never sent twice (it may have been applied); only a query fetch may be retried. */
export const isQueryFetch = (body: unknown): boolean => {
  if (typeof body !== 'string') return false;
  try {
    const query = (JSON.parse(body) as { query?: unknown }).query;
    return typeof query === 'string' && !/^\s*(mutation|subscription)\b/.test(query);
  } catch {
    return false;
  }
};

const headersOf = (headers: unknown): Record<string, string> => {
  // The data source passes a plain object of strings; node:http itself refuses names and values a header cannot carry.
  if (headers && typeof headers === 'object' && Object.getPrototypeOf(headers) === Object.prototype) {
    if (Object.values(headers).every((value) => typeof value === 'string')) return headers as Record<string, string>;
  }
  const plain: Record<string, string> = {};
  new Headers(headers as ConstructorParameters<typeof Headers>[0]).forEach((value, name) => (plain[name] = value));
  return plain;
};

function answerOf(response: http.IncomingMessage, body: Buffer): SubgraphAnswer {
  const status = response.statusCode ?? 502;
  const { headers } = response;
  let text: string | undefined;
  const decoded = () => (text ??= body.toString('utf8'));
  return {
    ok: status >= 200 && status < 300,
    status,
    statusText: response.statusMessage ?? '',
    // As a Response built in memory has: the subgraph's address never travels with its answer.
    url: '',
    headers: {
      get: (name) => {
        const value = headers[name.toLowerCase()];
        return value === undefined ? null : Array.isArray(value) ? value.join(', ') : value;
      },
    },
    text: async () => decoded(),
    json: async () => JSON.parse(decoded()) as unknown,
  };
}

/**
 * The gateway's fetcher: keep-alive connections to the subgraphs (no TCP/TLS set-up per fetch), one deadline per fetch
 * (`timeoutMs`, covering a retry), and at most ONE retry of a query whose connection was reset before any answer
 * arrived. Never a retry after the deadline, nor of a mutation.
 */
export function keepAliveFetcher(timeoutMs: number, options: { maxSockets?: number } = {}) {
  const agents = {
    'http:': new http.Agent({ keepAlive: true, maxSockets: options.maxSockets ?? 64 }),
    'https:': new https.Agent({ keepAlive: true, maxSockets: options.maxSockets ?? 64 }),
  };
  let retries = 0;

  // One timer per attempt for what is left of the fetch's deadline: cheaper than an AbortSignal.timeout per fetch and
  // the listeners it adds to the request and its socket (~3% of the gateway's CPU).
  const once = (url: URL, method: string, headers: Record<string, string>, body: string | undefined, deadline: number) => {
    let timer: NodeJS.Timeout | undefined;
    return new Promise<SubgraphAnswer>((resolve, reject) => {
      const transport = url.protocol === 'https:' ? https : http;
      let answered = false;
      let timedOut = false;
      const request = transport.request(url, { method, headers, agent: agents[url.protocol as keyof typeof agents] }, (response) => {
        answered = true;
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('error', reject);
        // Cut off mid-answer: an error, never retried (the subgraph may have done the work).
        response.on('close', () => {
          if (!response.complete) reject(new Error('the connection closed before the answer was complete'));
        });
        response.on('end', () => resolve(answerOf(response, Buffer.concat(chunks))));
      });
      request.on('error', (error: NodeJS.ErrnoException) => {
        // Only an error before the response started can be a reset "before any answer".
        const reset = !answered && !timedOut && (RESET_CODES.has(error.code ?? '') || error.message === 'socket hang up');
        reject(reset ? new ResetBeforeAnswer(error) : error);
      });
      timer = setTimeout(() => {
        timedOut = true;
        request.destroy(new Error(`no answer within ${timeoutMs} ms`));
      }, Math.max(0, deadline - performance.now()));
      request.end(body);
    }).finally(() => clearTimeout(timer));
  };

  // A few subgraph addresses, parsed once each rather than per fetch.
  const urls = new Map<string, URL>();
  const fetcher: SubgraphFetch = async (input, init = {}) => {
    let url = urls.get(input);
    if (!url) urls.set(input, (url = new URL(input)));
    const method = init.method ?? 'GET';
    const headers = headersOf(init.headers);
    const body = typeof init.body === 'string' ? init.body : undefined;
    const deadline = performance.now() + timeoutMs;
    try {
      return await once(url, method, headers, body, deadline);
    } catch (error) {
      if (!(error instanceof ResetBeforeAnswer)) throw error;
      if (!isQueryFetch(body) || performance.now() >= deadline) throw error.cause;
      retries += 1;
      try {
        return await once(url, method, headers, body, deadline);
      } catch (again) {
        throw again instanceof ResetBeforeAnswer ? again.cause : again;
      }
    }
  };

  return {
    fetch: fetcher,
    /** How many query fetches were retried after a reset (for tests and logs). */
    retries: () => retries,
    /** Closes the idle keep-alive sockets (on stop). */
    close: () => Object.values(agents).forEach((agent) => agent.destroy()),
  };
}
