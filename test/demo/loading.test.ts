import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { createThrowawayDatabase } from '../support/database';

/**
 * Which compiled modules a fresh Node process has loaded after running `script` (CommonJS, from the project root),
 * as paths relative to dist/. Run as a process of its own, since jest's module registry is not Node's require.cache.
 */
async function modulesLoadedBy(script: string, env: NodeJS.ProcessEnv = {}): Promise<string[]> {
  const root = path.resolve(__dirname, '../..');
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ['-e', `(async () => { ${script}; process.stdout.write(JSON.stringify(Object.keys(require.cache))); })()`],
    { cwd: root, env: { ...process.env, NODE_OPTIONS: '', ...env } },
  );
  const dist = path.join(root, 'dist') + path.sep;
  return (JSON.parse(stdout) as string[]).filter((file) => file.startsWith(dist)).map((file) => file.slice(dist.length));
}

const isDemoCode = (file: string) => /(^|\/)demo(\/|\.js$)/.test(file);

describe('demo code', () => {
  it('is not loaded by a start with seeding off: both subgraphs migrated, their modules loaded, no demo module', async () => {
    const throwaway = await createThrowawayDatabase();
    try {
      const loaded = await modulesLoadedBy(
        `require('reflect-metadata');
         const { openDatabase } = require('./dist/services/kit/db');
         const { prepareDatabase } = require('./dist/services/kit/subgraph');
         const handle = await openDatabase(process.env.TEST_DATABASE_URL || undefined);
         const { communitySubgraph } = require('./dist/services/community');
         const { elderlyCareSubgraph } = require('./dist/services/elderly-care');
         for (const subgraph of [communitySubgraph, elderlyCareSubgraph]) await prepareDatabase(subgraph, handle, { seed: false });
         await handle.close()`,
        { TEST_DATABASE_URL: throwaway?.url ?? '' },
      );
      expect(loaded).toEqual(expect.arrayContaining(['services/community/index.js', 'services/elderly-care/index.js', 'services/kit/subgraph.js']));
      expect(loaded.filter(isDemoCode)).toEqual([]);
    } finally {
      await throwaway?.drop();
    }
  });

  it("of elderly care loads the demo district and none of community's modules", async () => {
    const loaded = await modulesLoadedBy(`require('./dist/services/elderly-care/demo')`);
    expect(loaded).toEqual(expect.arrayContaining(['services/elderly-care/demo.js', 'services/demo/index.js', 'services/demo/district.js']));
    expect(loaded.filter((file) => file.startsWith('services/community/'))).toEqual([]);
  });
});
