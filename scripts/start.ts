import 'reflect-metadata';
import { startGateway } from '../gateway';
import { signToken } from '../services/kit/auth';
import { loadConfigOrExit } from '../services/kit/config';
import { openDatabase, type DatabaseHandle } from '../services/kit/db';
import { createLogger } from '../services/kit/logger';
import { onShutdown } from '../services/kit/shutdown';
import { prepareDatabase, startSubgraph } from '../services/kit/subgraph';
import { SUBGRAPHS } from '../services';

/**
 * `npm start`: every subgraph and the gateway in one process for local development. Subgraphs with the same
 * database URL share one connection; with none they share ONE in-memory PGlite, each in its own schema.
 */
async function main() {
  const started = Date.now();
  const config = loadConfigOrExit(process.env, SUBGRAPHS.map((module) => module.settings));
  const log = createLogger(config.logLevel, 'onegrid');
  const handles = new Map<string, Promise<DatabaseHandle>>();
  const handleFor = (url: string | undefined) => {
    const key = url ?? 'embedded';
    if (!handles.has(key)) handles.set(key, openDatabase(url));
    return handles.get(key)!;
  };
  const servers = [];
  for (const module of SUBGRAPHS) {
    const handle = await handleFor(config.services[module.name].databaseUrl);
    await prepareDatabase(module, handle, { seed: config.seedDemoData });
    servers.push(await startSubgraph(module, { config, handle, log: log.child({ service: module.name }) }));
  }
  const gateway = await startGateway({ config, log: log.child({ service: 'gateway' }) });
  const closeDatabases = async () => void (await Promise.all([...handles.values()].map(async (h) => (await h).close())));
  onShutdown(log, [gateway.stop, ...servers.map((s) => s.stop), closeDatabases]);

  const lines = [`OneGrid is up in ${((Date.now() - started) / 1000).toFixed(1)} s: ${gateway.url}`];
  if (config.auth.devTokens && config.auth.jwtSecret) {
    const token = await signToken(config.auth.jwtSecret, { sub: 'dev:admin', roles: ['admin'] });
    lines.push('Admin token (valid 12 h; send as "Authorization: Bearer <token>"):', token);
  }
  process.stdout.write(`${lines.join('\n')}\n`);
}

main().catch((error) => {
  process.stderr.write(`OneGrid failed to start: ${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
  process.exit(1);
});
