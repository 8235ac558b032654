import { launchProcess } from './launch';
import type { SubgraphModule } from './subgraph';

/**
 * A subgraph alone in its process (`node dist/services/<name>/main.js`), as a partner agency or a replica runs it:
 * its own port and database (`<SERVICE>_DATABASE_URL`, else `DATABASE_URL`, else an in-memory PGlite).
 */
export async function runStandalone<L, S>(module: SubgraphModule<L, S>): Promise<void> {
  await launchProcess(module.name, { subgraphs: [module] });
}
