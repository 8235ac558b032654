import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import net from 'node:net';
import path from 'node:path';
import { once } from 'node:events';
import { createThrowawayDatabase } from './support/database';
import { postGraphQL } from './support/stack';
import { staleSchemaFiles } from '../scripts/schema-files';
import { freePort } from './support/ports';

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
      const result = await postGraphQL<{ communities: { id: string }[] }>(`http://localhost:${port}/graphql`, '{ communities { id } }');
      expect(result.data?.communities).toHaveLength(12);
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

/** A port nobody listens on right now (the OS picks it). */

/** A newcomer whose port 4000 is already taken runs `npm start`. */
describe('a start on a taken port', () => {
  it('fails at once with one line naming the port and the variable to change, no stack trace', async () => {
    const holder = net.createServer().listen(0);
    await once(holder, 'listening');
    const taken = (holder.address() as net.AddressInfo).port;
    try {
      const child = spawn(process.execPath, [path.resolve(__dirname, '../dist/scripts/start.js')], {
        env: {
          PATH: process.env.PATH,
          GATEWAY_PORT: String(taken),
          // The subgraphs' own ports are free, so the gateway's is the one in the way.
          COMMUNITY_PORT: String(await freePort()),
          ELDERLY_CARE_PORT: String(await freePort()),
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk) => (stdout += chunk));
      child.stderr.on('data', (chunk) => (stderr += chunk));
      const [code] = await once(child, 'exit');
      expect(code).toBe(1);
      expect(stderr.trimEnd().split('\n')).toEqual([
        `onegrid failed to start: Port ${taken} is already in use: stop the program holding it, or set GATEWAY_PORT to a free port.`,
      ]);
      expect(stdout + stderr).not.toMatch(/\n\s+at /);
    } finally {
      holder.close();
    }
  }, 30_000);
});

/** `npm start` in development warns (one line, the start goes on) when schema/ lags behind the code: this is its check. */
describe('the stale-schema check of npm start', () => {
  it('names the schema files that differ from what the code prints, and none when schema/ is current', async () => {
    const copy = mkdtempSync(path.join(os.tmpdir(), 'onegrid-schema-'));
    try {
      cpSync(path.resolve(__dirname, '../schema'), copy, { recursive: true });
      expect(await staleSchemaFiles(copy)).toEqual([]);
      writeFileSync(path.join(copy, 'community.graphql'), 'type Query { stale: Boolean }\n');
      rmSync(path.join(copy, 'supergraph.graphql'));
      expect((await staleSchemaFiles(copy)).sort()).toEqual(['community.graphql', 'supergraph.graphql']);
    } finally {
      rmSync(copy, { recursive: true, force: true });
    }
  });
});
