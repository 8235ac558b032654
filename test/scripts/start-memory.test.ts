import { spawn } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { DEMO_IDS } from '../../services/demo';
import { envPrefix, SERVICE_PORTS, type ServiceName } from '../../services/kit/config';
import { GRID_RESIDENTS, RESIDENT_OVERVIEW } from '../bench/operations';
import { freePort } from '../support/ports';
import { memoryMb } from '../support/process-memory';
import { postGraphQL } from '../support/stack';

/** Issue 15's budget for `npm start` on the embedded database with the demo district (README, Memory). */
const BUDGET_MB = 600;

/**
 * `npm start` as a newcomer runs it: the built start script, no DATABASE_URL (one in-memory PGlite for every
 * subgraph), the demo district seeded. A resource budget, not a timing: its resident memory once up and after a
 * small load of the benchmark's operations (every subgraph answers each) stays under 600 MB.
 */
describe('npm start on the embedded database', () => {
  it(`stays under ${BUDGET_MB} MB of resident memory after seeding and 200 requests`, async () => {
    const ports: Record<string, string> = { GATEWAY_PORT: String(await freePort()) };
    for (const service of Object.keys(SERVICE_PORTS) as ServiceName[]) ports[`${envPrefix(service)}_PORT`] = String(await freePort());
    const child = spawn(process.execPath, [path.resolve(__dirname, '../../dist/scripts/start.js')], {
      env: { PATH: process.env.PATH, LOG_LEVEL: 'warn', ...ports },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk) => (stdout += chunk));
      child.stderr.on('data', (chunk) => (stderr += chunk));
      // The last line it prints is the admin token.
      const deadline = Date.now() + 150_000;
      while (!/Bearer <token>"\):\n\S+\n/.test(stdout)) {
        if (Date.now() > deadline || child.exitCode !== null) throw new Error(`did not start:\n${stdout}${stderr}`);
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      const token = stdout.trimEnd().split('\n').at(-1)!;
      const url = `http://localhost:${ports.GATEWAY_PORT}/graphql`;
      const up = memoryMb(child.pid!);

      type Grid = { grid: { residents: { edges: { node: { id: string } }[] } } };
      const grid = await postGraphQL<Grid>(url, GRID_RESIDENTS, { grid: DEMO_IDS.grid, first: 100 }, { token });
      const ids = grid.data!.grid.residents.edges.map(({ node }) => node.id);
      expect(ids).toHaveLength(100);
      // 100 overviews and 100 lists of a grid's 100 residents, four at a time.
      const requests = ids.flatMap((id) => [
        () => postGraphQL(url, RESIDENT_OVERVIEW, { id }, { token }),
        () => postGraphQL(url, GRID_RESIDENTS, { grid: DEMO_IDS.grid, first: 100 }, { token }),
      ]);
      for (let i = 0; i < requests.length; i += 4) {
        for (const answer of await Promise.all(requests.slice(i, i + 4).map((request) => request()))) {
          expect(answer.errors).toBeUndefined();
        }
      }
      const loaded = memoryMb(child.pid!);

      // Printed for the README's figures and for whoever sees this fail.
      process.stdout.write(`npm start RSS: ${up.rss} MB up, ${loaded.rss} MB after 200 requests, peak ${loaded.peak} MB\n`);
      expect(up.rss).toBeLessThan(BUDGET_MB);
      expect(loaded.rss).toBeLessThan(BUDGET_MB);
    } finally {
      child.kill('SIGTERM');
      if (child.exitCode === null) await once(child, 'exit');
    }
  }, 180_000);
});
