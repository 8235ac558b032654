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

  it("mints a partner agency's token: one subgraph's audience and its scopes; refuses scopes outside the vocabulary", async () => {
    const run = runToken(['--role', 'partner', '--aud', 'elderly-care', '--scope', 'elderly-care:district:read']);
    expect(run.stdout).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+\n$/);
    expect(run.stderr).toBe('');
    const viewer = await createTokenVerifier(loadConfig({}).auth)(`Bearer ${run.stdout.trim()}`);
    expect(viewer).toMatchObject({ roles: ['partner'], audience: ['onegrid:elderly-care'], scopes: ['elderly-care:district:read'] });
    for (const args of [
      ['--scope', 'community:district:read'],
      ['--scope', 'elderly-care:everything'],
    ]) {
      const refused = runToken(['--role', 'partner', '--aud', 'elderly-care', ...args]);
      expect([refused.status, refused.stdout]).toEqual([1, '']);
      expect(refused.stderr).toMatch(/is not a scope of elderly-care/);
    }
    const noAudience = runToken(['--role', 'partner', '--scope', 'elderly-care:district:read']);
    expect([noAudience.status, noAudience.stdout]).toEqual([1, '']);
    expect(noAudience.stderr).toMatch(/exactly one subgraph/);
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
