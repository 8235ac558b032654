import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { cpSync, existsSync, mkdtempSync, rmSync, unlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { signToken } from '../services/kit/auth';
import { loadConfig } from '../services/kit/config';
import { createThrowawayDatabase } from './support/database';
import { postGraphQL } from './support/stack';
import { freePort } from './support/ports';

/**
 * What the Dockerfile's runtime stage holds, built without Docker: the compiled dist/ and schema/, and production
 * dependencies only. Pruning a hard-linked copy of node_modules takes ~25 s on the 2-core CI machine, against ~70 s
 * for `npm ci --omit=dev` from the cache, and gives the same tree. npm test runs it, so .ci/run does. The gateway and
 * the community subgraph then start from it with NODE_ENV=production and real secrets, and the gateway answers.
 */
const root = path.join(__dirname, '..');
const JWT_SECRET = 'production-bundle-test-secret-of-32-characters';
const GATEWAY_SECRET = 'production-bundle-gateway-credential';


/** dist/, schema/ and the manifests copied, node_modules hard-linked (a plain copy across file systems), then pruned. */
function buildBundle(dir: string): void {
  for (const entry of ['dist', 'schema', 'package.json', 'package-lock.json']) cpSync(path.join(root, entry), path.join(dir, entry), { recursive: true });
  try {
    execFileSync('cp', ['-al', path.join(root, 'node_modules/.'), path.join(dir, 'node_modules')]);
  } catch {
    execFileSync('cp', ['-a', path.join(root, 'node_modules/.'), path.join(dir, 'node_modules')]);
  }
  // npm rewrites its hidden lockfile in place: unlink the copy's so the original's hard link is never written through.
  unlinkSync(path.join(dir, 'node_modules/.package-lock.json'));
  execFileSync('npm', ['prune', '--omit=dev', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: dir, stdio: 'pipe' });
}

function start(dir: string, entry: string, env: Record<string, string>, readyLine: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, [entry], { cwd: dir, env: { PATH: process.env.PATH, NODE_ENV: 'production', JWT_SECRET, GATEWAY_SECRET, LOG_LEVEL: 'info', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  child.stdout!.on('data', (chunk) => (log += chunk));
  child.stderr!.on('data', (chunk) => (log += chunk));
  return new Promise((resolve, reject) => {
    const deadline = Date.now() + 120_000;
    const poll = setInterval(() => {
      if (log.includes(readyLine)) {
        clearInterval(poll);
        resolve(child);
      } else if (Date.now() > deadline || child.exitCode !== null) {
        clearInterval(poll);
        child.kill('SIGKILL');
        reject(new Error(`${entry} did not start:\n${log}`));
      }
    }, 200);
  });
}

describe('the production bundle (the Dockerfile\'s runtime stage, without Docker)', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'onegrid-bundle-'));
  const children: ChildProcess[] = [];
  afterAll(() => {
    for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });

  it('holds production dependencies only, and runs the gateway and a subgraph with NODE_ENV=production', async () => {
    const started = Date.now();
    buildBundle(dir);
    const seconds = (Date.now() - started) / 1000;
    for (const devOnly of ['typescript', 'jest', 'eslint', 'ts-jest', '@graphql-inspector/core']) expect(existsSync(path.join(dir, 'node_modules', devOnly))).toBe(false);
    for (const needed of ['@apollo/gateway', 'graphql', 'postgres', 'zod']) expect(existsSync(path.join(dir, 'node_modules', needed))).toBe(true);
    process.stdout.write(`production bundle built in ${seconds.toFixed(1)} s\n`);

    const database = await createThrowawayDatabase();
    try {
      const [communityPort, gatewayPort] = [await freePort(), await freePort()];
      children.push(
        await start(dir, 'dist/services/community/main.js', {
          COMMUNITY_PORT: String(communityPort),
          SEED_DEMO_DATA: 'true',
          ...(database ? { DATABASE_URL: database.url } : {}),
        }, 'community subgraph ready'),
      );
      children.push(
        await start(dir, 'dist/gateway/main.js', {
          GATEWAY_PORT: String(gatewayPort),
          COMMUNITY_URL: `http://127.0.0.1:${communityPort}/graphql`,
        }, 'gateway ready'),
      );
      const url = `http://127.0.0.1:${gatewayPort}/graphql`;
      const directory = await postGraphQL<{ communities: { id: string }[] }>(url, '{ communities { id } }');
      expect(directory.errors).toBeUndefined();
      expect(directory.data?.communities).toHaveLength(12);

      const production = loadConfig({ NODE_ENV: 'production', JWT_SECRET, GATEWAY_SECRET });
      const token = await signToken(production.auth, { sub: 'ops:admin', roles: ['admin'] });
      const residents = await postGraphQL<{ residents: { totalCount: number } }>(url, '{ residents(first: 1) { totalCount } }', {}, { token });
      expect(residents.data?.residents.totalCount).toBeGreaterThan(40_000);
      // Development tokens are off in production: the development secret's token is refused.
      const devToken = await signToken(loadConfig({}).auth, { sub: 'dev:admin', roles: ['admin'] });
      const refused = await postGraphQL(url, '{ residents(first: 1) { totalCount } }', {}, { token: devToken });
      expect(JSON.stringify(refused.errors)).toMatch(/UNAUTHENTICATED/);
    } finally {
      for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
      await Promise.all(children.filter((child) => child.exitCode === null).map((child) => once(child, 'exit')));
      await database?.drop();
    }
  }, 300_000);
});
