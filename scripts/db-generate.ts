import 'reflect-metadata';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { SUBGRAPHS } from '../services';

/** `npm run db:generate`: drizzle-kit's migrations for every subgraph of the registry, through the one root config. */
const root = path.resolve(__dirname, '..', '..');
for (const { name } of SUBGRAPHS) {
  process.stdout.write(`== ${name}\n`);
  const run = spawnSync('npx', ['drizzle-kit', 'generate', '--config', 'drizzle.config.ts'], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, SUBGRAPH: name },
  });
  if (run.status !== 0) process.exit(run.status ?? 1);
}
