import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { startGateway } from '../gateway';
import { signToken } from '../services/kit/auth';
import { launchProcess } from '../services/kit/launch';
import { SUBGRAPHS } from '../services';
import { printSchemaFiles } from './schema-files';

/** The files of `schema/` that differ from what the code prints (what `npm run schema` would rewrite). */
async function staleSchemaFiles(): Promise<string[]> {
  const dir = path.resolve(__dirname, '..', '..', 'schema');
  const expected = await printSchemaFiles();
  const read = (file: string) => {
    try {
      return readFileSync(path.join(dir, file), 'utf8');
    } catch {
      return undefined;
    }
  };
  return Object.entries(expected).flatMap(([file, text]) => (read(file) === text ? [] : [file]));
}

/**
 * `npm start`: every subgraph and the gateway in one process for local development. Subgraphs with the same
 * database URL share one connection; with none they share ONE in-memory PGlite, each in its own schema.
 */
async function main() {
  const started = Date.now();
  const { config, launched } = await launchProcess('onegrid', { subgraphs: SUBGRAPHS, gateway: startGateway });

  const lines = [`OneGrid is up in ${((Date.now() - started) / 1000).toFixed(1)} s: ${launched.gateway!.url}`];
  if (config.auth.devTokens && config.auth.jwtSecret) {
    const token = await signToken(config.auth.jwtSecret, { sub: 'dev:admin', roles: ['admin'] });
    lines.push('Admin token (valid 12 h; send as "Authorization: Bearer <token>"):', token);
  }
  process.stdout.write(`${lines.join('\n')}\n`);

  // The gateway serves schema/supergraph.graphql: after a change to types or resolvers it is stale until recomposed.
  if (config.nodeEnv === 'development') {
    // A warning, never a failed start: the stack is already up and serving.
    const warning = await staleSchemaFiles().then(
      (stale) =>
        stale.length > 0
          ? `schema/ is stale against the code (${stale.join(', ')}); the gateway serves the old supergraph: run \`npm run schema\` and restart.`
          : undefined,
      (error: unknown) => `could not compare schema/ with the code: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`,
    );
    if (warning) process.stderr.write(`Warning: ${warning}\n`);
  }
}

main().catch((error) => {
  process.stderr.write(`OneGrid failed to start: ${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
  process.exit(1);
});
