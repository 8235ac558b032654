import { loadConfigOrExit } from './config';
import { openDatabase } from './db';
import { createLogger } from './logger';
import { prepareDatabase, startSubgraph, type SubgraphModule } from './subgraph';
import { onShutdown } from './shutdown';

/**
 * A subgraph alone in its process (`node dist/services/<name>/main.js`), as a partner agency or a replica runs it:
 * its own port and database (`<SERVICE>_DATABASE_URL`, else `DATABASE_URL`, else an in-memory PGlite).
 */
export async function runStandalone<L, S>(module: SubgraphModule<L, S>): Promise<void> {
  const config = loadConfigOrExit(process.env, [module.settings]);
  const log = createLogger(config.logLevel, module.name);
  try {
    const handle = await openDatabase(config.services[module.name].databaseUrl);
    await prepareDatabase(module, handle, { seed: config.seedDemoData });
    const server = await startSubgraph(module, { config, handle, log });
    onShutdown(log, [server.stop, handle.close]);
  } catch (error) {
    log.fatal({ err: error }, `${module.name} failed to start`);
    process.exit(1);
  }
}
