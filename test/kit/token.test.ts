import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { createTokenVerifier } from '../../services/kit/auth';
import { loadConfig } from '../../services/kit/config';

const entry = path.resolve(__dirname, '../../dist/scripts/token.js');
const runToken = (args: string[], env: Record<string, string> = {}) =>
  spawnSync(process.execPath, [entry, ...args], { env: { PATH: process.env.PATH!, ...env }, encoding: 'utf8' });

describe('npm run token', () => {
  it('prints only a token that the services accept, with the requested claims', async () => {
    const run = runToken(['--role', 'grid_worker', '--grid', 'grid-001', '--grid', 'grid-002']);
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+\n$/);
    const viewer = await createTokenVerifier(loadConfig({}).auth)(`Bearer ${run.stdout.trim()}`);
    expect(viewer).toMatchObject({ authenticated: true, roles: ['grid_worker'], gridIds: ['grid-001', 'grid-002'] });
  });

  it('names the resident behind a resident token', async () => {
    const run = runToken(['--role', 'resident', '--resident', 'resident-00001']);
    const viewer = await createTokenVerifier(loadConfig({}).auth)(`Bearer ${run.stdout.trim()}`);
    expect(viewer).toMatchObject({ roles: ['resident'], residentId: 'resident-00001', sub: 'resident:resident-00001' });
  });

  it('refuses unknown roles and production', () => {
    const unknown = runToken(['--role', 'mayor']);
    expect(unknown.status).toBe(1);
    expect(unknown.stdout).toBe('');
    expect(unknown.stderr).toMatch(/unknown role mayor/);
    const production = runToken(['--role', 'admin'], { NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(40), GATEWAY_SECRET: 'y'.repeat(20) });
    expect(production.status).toBe(1);
    expect(production.stderr).toMatch(/Development tokens are off/);
  });
});
