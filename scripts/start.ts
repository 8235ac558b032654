import 'reflect-metadata';
import path from 'node:path';
import { startGateway } from '../gateway';
import { signToken } from '../services/kit/auth';
import { collectGarbage } from '../services/kit/gc';
import { launchProcess } from '../services/kit/launch';
import { SUBGRAPHS } from '../services';
import { staleSchemaFiles } from './schema-files';

/**
 * `npm start`: every subgraph and the gateway in one process for local development. Subgraphs with the same
 * database URL share one connection; with none they share ONE in-memory PGlite, each in its own schema.
 */
async function main() {
  const started = Date.now();
  // The gateway executes the subgraphs of its own process in-process: no HTTP hop or JSON between them.
  const { config, launched } = await launchProcess('onegrid', {
    subgraphs: SUBGRAPHS,
    gateway: ({ subgraphs, ...options }) => startGateway({ ...options, inProcess: subgraphs }),
  });
  // The seeders are done: their shared district and the garbage they left go now, not at V8's first full
  // collection, which may come only after the heap has grown well past its size (README, Memory).
  if (config.seedDemoData) (await import('../services/demo')).releaseDemoDistricts();
  collectGarbage();

  const lines = [`OneGrid is up in ${((Date.now() - started) / 1000).toFixed(1)} s: ${launched.gateway!.url}`];
  if (config.explorer) lines.push(`Explorer (GraphiQL, works offline): ${launched.gateway!.url.replace(/\/graphql$/, '/graphiql')}`);
  if (config.auth.devTokens && config.auth.jwtSecret) {
    const token = await signToken(config.auth, { sub: 'dev:admin', roles: ['admin'] });
    lines.push('Admin token (valid 12 h; send as "Authorization: Bearer <token>"):', token);
  }
  process.stdout.write(`${lines.join('\n')}\n`);

  if (config.nodeEnv === 'development') {
    const warning = await schemaWarning();
    if (warning) process.stderr.write(`Warning: ${warning}\n`);
  }
}

/**
 * The gateway serves schema/supergraph.graphql: after a change to types or resolvers it is stale until
 * `npm run schema`. A warning, never a failed start: the stack is already up and serving.
 */
async function schemaWarning(): Promise<string | undefined> {
  try {
    const stale = await staleSchemaFiles(path.resolve(__dirname, '..', '..', 'schema'));
    if (stale.length === 0) return undefined;
    const gatewayStale = stale.includes('supergraph.graphql');
    return `schema/ is stale against the code (${stale.join(', ')})${gatewayStale ? '; the gateway serves the old supergraph' : ''}: run \`npm run schema\`${gatewayStale ? ' and restart' : ''}.`;
  } catch (error) {
    return `could not compare schema/ with the code: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`;
  }
}

main().catch((error) => {
  process.stderr.write(`OneGrid failed to start: ${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
  process.exit(1);
});
