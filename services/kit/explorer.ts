import { existsSync } from 'node:fs';
import path from 'node:path';
import express, { type Express } from 'express';
import type { ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';

/** Where the explorer is served: the gateway's and every subgraph's, beside their `/graphql`. */
export const EXPLORER_PATH = '/graphiql';

/**
 * Only the service's own files and its own `/graphql`: no CDN, no font service, no telemetry can load even if a
 * dependency tried; scripts and workers only from the bundle. Two allowances that reach no other host: `data:` fonts
 * and images (GraphiQL's stylesheet carries its fonts inline) and inline styles (Monaco writes its theme into <style>
 * elements; a page without them is unreadable).
 */
export const EXPLORER_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "worker-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** `dist/explorer`, built by `npm run build` (scripts/build-explorer.ts), found from the source and the compiled tree. */
function explorerBundle(): string | undefined {
  for (let dir = __dirname; dir !== path.dirname(dir); dir = path.dirname(dir)) {
    const bundle = path.join(dir, 'dist', 'explorer');
    if (existsSync(path.join(bundle, 'index.html'))) return bundle;
  }
  return undefined;
}

/** Mounts the explorer at `/graphiql/` when it is on (EXPLORER); off, the path does not exist. */
export function serveExplorer(app: Express, enabled: boolean): void {
  if (!enabled) return;
  const bundle = explorerBundle();
  app.use(EXPLORER_PATH, (req, res, next) => {
    // The bundle's URLs are relative, so the page must be addressed as a folder (Express matches both spellings).
    if (req.originalUrl.split('?')[0] === EXPLORER_PATH) return res.redirect(301, `${EXPLORER_PATH}/`);
    res.setHeader('content-security-policy', EXPLORER_CSP);
    res.setHeader('x-content-type-options', 'nosniff');
    res.setHeader('referrer-policy', 'no-referrer');
    if (bundle) return next();
    res.status(503).type('text/plain').send('The explorer is not built: run `npm run build`.\n');
  });
  if (bundle) {
    app.use(
      EXPLORER_PATH,
      express.static(bundle, {
        index: 'index.html',
        dotfiles: 'ignore',
        // Asset names carry their content hash; the page itself is revalidated so a new build shows at once.
        setHeaders: (res, file) => res.setHeader('cache-control', file.endsWith('.html') ? 'no-cache' : 'public, max-age=31536000, immutable'),
      }),
    );
  }
}

/**
 * `GET /graphql` in a browser: with the explorer on, a page that sends to it (Apollo's own landing page loads its
 * Sandbox from a CDN, which a closed network cannot reach); with it off, nothing.
 */
export function explorerLandingPage(enabled: boolean): ApolloServerPlugin {
  if (!enabled) return ApolloServerPluginLandingPageDisabled();
  return {
    async serverWillStart() {
      return {
        async renderLandingPage() {
          return {
            html: `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>OneGrid</title>` +
              `<meta http-equiv="refresh" content="0; url=${EXPLORER_PATH}/"></head>` +
              `<body><p>This is a GraphQL endpoint: POST queries here, or explore it at <a href="${EXPLORER_PATH}/">${EXPLORER_PATH}</a>.</p></body></html>`,
          };
        },
      };
    },
  };
}
