import { spawn } from 'node:child_process';
import path from 'node:path';
import { once } from 'node:events';
import { createThrowawayDatabase } from './support/database';
import { postGraphQL } from './support/stack';

/** What a partner agency runs: one subgraph in its own process, on its own port and database. */
describe('a subgraph standing alone', () => {
  it('migrates, seeds, serves on its port and stops cleanly on SIGTERM', async () => {
    const database = await createThrowawayDatabase();
    const port = 4600 + (process.pid % 300);
    const child = spawn(process.execPath, [path.resolve(__dirname, '../dist/services/community/main.js')], {
      env: { PATH: process.env.PATH, COMMUNITY_PORT: String(port), LOG_LEVEL: 'info', ...(database ? { COMMUNITY_DATABASE_URL: database.url } : {}) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      let log = '';
      child.stdout.on('data', (chunk) => (log += chunk));
      const deadline = Date.now() + 60_000;
      while (!log.includes('community subgraph ready')) {
        if (Date.now() > deadline || child.exitCode !== null) throw new Error(`did not start:\n${log}`);
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      const result = await postGraphQL(`http://localhost:${port}/graphql`, '{ communities { id } }');
      expect(result.data.communities).toHaveLength(12);
      expect((await fetch(`http://localhost:${port}/readyz`)).status).toBe(200);

      child.kill('SIGTERM');
      const [code, signal] = await once(child, 'exit');
      expect({ code, signal }).toEqual({ code: 0, signal: null });
      expect(log).toMatch(/shutting down/);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
      await database?.drop();
    }
  }, 90_000);
});
