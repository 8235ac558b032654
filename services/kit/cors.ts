import cors from 'cors';
import type { RequestHandler } from 'express';

/** What a browser frontend may send to `/graphql` beyond the simple headers. */
const ALLOWED_HEADERS = ['authorization', 'content-type', 'x-request-id', 'apollo-require-preflight'];
/** How long a browser may reuse a preflight's answer (seconds). */
const PREFLIGHT_MAX_AGE_SECONDS = 600;

/** `http://localhost:*` → a test for that scheme and host on any port; other origins match exactly. */
function originTest(pattern: string): (origin: string) => boolean {
  if (!pattern.endsWith(':*')) return (origin) => origin.toLowerCase() === pattern.toLowerCase();
  const prefix = pattern.slice(0, -1).toLowerCase();
  return (origin) => origin.toLowerCase().startsWith(prefix) && /^\d{1,5}$/.test(origin.slice(prefix.length));
}

/**
 * CORS for browser frontends on the allowed origins (CORS_ORIGINS): their preflights are answered, their answers
 * readable. Any other origin gets no CORS header at all, so the browser refuses to let it read. Apollo's CSRF
 * prevention still refuses simple (unpreflighted) requests without `apollo-require-preflight` or a JSON body.
 */
export function browserCors(allowedOrigins: readonly string[]): RequestHandler {
  const tests = allowedOrigins.map(originTest);
  const allowCors = cors({
    origin: (origin, callback) => callback(null, origin !== undefined && tests.some((test) => test(origin))),
    methods: ['GET', 'POST'],
    allowedHeaders: ALLOWED_HEADERS,
    exposedHeaders: ['x-request-id', 'retry-after'],
    maxAge: PREFLIGHT_MAX_AGE_SECONDS,
  });
  return (req, res, next) =>
    allowCors(req, res, () => {
      // A preflight the allowlist did not answer is refused here, without CORS headers, rather than reaching Apollo.
      if (req.method === 'OPTIONS' && req.headers.origin) {
        res.status(403).end();
        return;
      }
      next();
    });
}
