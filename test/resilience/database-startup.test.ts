import { spawn } from 'node:child_process';
import path from 'node:path';
import { freePort } from '../support/ports';

/**
 * A subgraph started against a database it cannot open says so in one line (the variable, the host, the cause, never
 * the password) and exits 1 within DATABASE_CONNECT_TIMEOUT_MS, instead of a silent minute or a driver stack trace.
 * Runs the built entry point (`npm test` builds first), as an operator would start it.
 */
const MAIN = path.resolve(__dirname, '../../dist/services/community/main.js');
const TIMEOUT_MS = 1500;

interface Exit {
  code: number | null;
  stderr: string;
  stdout: string;
  elapsedMs: number;
}

async function startCommunity(env: Record<string, string>): Promise<Exit> {
  const started = Date.now();
  const child = spawn(process.execPath, [MAIN], {
    env: { PATH: process.env.PATH ?? '', NODE_ENV: 'test', LOG_LEVEL: 'warn', COMMUNITY_PORT: String(await freePort()), DATABASE_CONNECT_TIMEOUT_MS: String(TIMEOUT_MS), ...env },
  });
  let stderr = '';
  let stdout = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  // A start that hangs fails the test instead of the suite's timeout.
  const guard = setTimeout(() => child.kill('SIGKILL'), 15000);
  const code = await new Promise<number | null>((resolve) => child.on('exit', (exitCode) => resolve(exitCode)));
  clearTimeout(guard);
  return { code, stderr, stdout, elapsedMs: Date.now() - started };
}


/** A port that refuses connections: one just freed, with nothing listening on it. */
const refusingPort = freePort;

/** The configured PostgreSQL server (or the usual local one), to name a database that does not exist on it. */
const serverUrl = new URL(process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');

function expectOneLine(exit: Exit, pattern: RegExp) {
  expect(exit.code).toBe(1);
  const lines = exit.stderr.trim().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(pattern);
  expect(exit.stderr).not.toMatch(/\bat .+:\d+:\d+/); // no stack trace
  expect(exit.stderr).not.toContain('s3cret');
  // Node's own start-up plus the timeout, with room for a busy CI machine.
  expect(exit.elapsedMs).toBeLessThan(TIMEOUT_MS + 6000);
  process.stdout.write(`start-up in ${exit.elapsedMs} ms: ${lines[0]}\n`);
}

describe('a subgraph started against a database it cannot open', () => {
  test('a refusing port: connection refused, naming <SERVICE>_DATABASE_URL and the host', async () => {
    const port = await refusingPort();
    const exit = await startCommunity({ COMMUNITY_DATABASE_URL: `postgres://onegrid:s3cret@127.0.0.1:${port}/onegrid` });
    expectOneLine(exit, new RegExp(`^community failed to start: COMMUNITY_DATABASE_URL names database "onegrid" on 127\\.0\\.0\\.1:${port}, .*connection refused`));
  });

  test('an unknown database: says the database does not exist, naming the shared DATABASE_URL', async () => {
    const url = new URL(serverUrl);
    url.pathname = '/onegrid_no_such_database';
    const exit = await startCommunity({ DATABASE_URL: url.toString() });
    expectOneLine(exit, /^community failed to start: DATABASE_URL names database "onegrid_no_such_database" on .+: unknown database/);
  });

  test('an unreachable host: gives up after DATABASE_CONNECT_TIMEOUT_MS and says it timed out', async () => {
    // 10.255.255.1 is routed nowhere: the connection neither succeeds nor is refused.
    const exit = await startCommunity({ COMMUNITY_DATABASE_URL: 'postgres://onegrid:s3cret@10.255.255.1:5432/onegrid' });
    expectOneLine(exit, /^community failed to start: COMMUNITY_DATABASE_URL names database "onegrid" on 10\.255\.255\.1:5432, .*(timed out|unreachable)/);
    expect(exit.elapsedMs).toBeGreaterThanOrEqual(TIMEOUT_MS);
  });

  test('a wrong user: authentication failed', async () => {
    const url = new URL(serverUrl);
    url.username = 'onegrid_no_such_role';
    url.password = 's3cret';
    const exit = await startCommunity({ COMMUNITY_DATABASE_URL: url.toString() });
    expectOneLine(exit, /^community failed to start: COMMUNITY_DATABASE_URL names database ".+" on .+: authentication failed/);
  });

  test('a timeout outside its range is a configuration error, before any connection', async () => {
    const exit = await startCommunity({ DATABASE_CONNECT_TIMEOUT_MS: '5' });
    expect(exit.code).toBe(1);
    expect(exit.stderr.trim()).toBe('Configuration error: DATABASE_CONNECT_TIMEOUT_MS must be between 100 and 120000 (milliseconds) (got "5")');
  });
});
