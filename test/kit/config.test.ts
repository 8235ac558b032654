import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { ConfigError, loadConfig } from '../../services/kit/config';

describe('configuration', () => {
  it('has the documented defaults', () => {
    const config = loadConfig({});
    expect(config.nodeEnv).toBe('development');
    expect(config.gatewayPort).toBe(4000);
    expect(config.services.community).toEqual({ port: 4001, url: 'http://localhost:4001/graphql', databaseUrl: undefined });
    expect(config.services['elderly-care'].port).toBe(4002);
    expect(config.services.safety.port).toBe(4005);
    expect(config.auth.devTokens).toBe(true);
    expect(config.seedDemoData).toBe(true);
    expect(config.databasePoolSize).toBe(10);
  });

  it('lets a service override the shared database URL and port', () => {
    const config = loadConfig({
      DATABASE_URL: 'postgres://db/shared',
      HOUSING_DATABASE_URL: 'postgresql://db/housing',
      ELDERLY_CARE_PORT: '5002',
    });
    expect(config.services.community.databaseUrl).toBe('postgres://db/shared');
    expect(config.services.housing.databaseUrl).toBe('postgresql://db/housing');
    expect(config.services['elderly-care']).toMatchObject({ port: 5002, url: 'http://localhost:5002/graphql' });
  });

  it.each([
    [{ DATABASE_URL: 'mysql://x/y' }, /^DATABASE_URL must be a postgres:\/\/ or postgresql:\/\/ URL \(got "mysql:\/\/x\/y"\)$/],
    [{ GATEWAY_PORT: 'eighty' }, /^GATEWAY_PORT must be a port number/],
    [{ COMMUNITY_PORT: '70000' }, /^COMMUNITY_PORT must be between 1 and 65535/],
    [{ COMMUNITY_URL: 'localhost:4001' }, /^COMMUNITY_URL must be an http/],
    [{ NODE_ENV: 'staging' }, /^NODE_ENV/],
    [{ DATABASE_POOL_SIZE: '0' }, /^DATABASE_POOL_SIZE must be between 1 and 100 \(got "0"\)$/],
    [{ JWT_SECRET: 'short' }, /^JWT_SECRET must be at least 32 characters/],
    [{ NODE_ENV: 'production', GATEWAY_SECRET: 'x'.repeat(20) }, /^JWT_SECRET or JWKS_URL must be set when NODE_ENV=production$/],
    [{ NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(40) }, /^GATEWAY_SECRET must be set/],
  ])('rejects %j with one clear line', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });

  it('turns dev tokens and demo seeding off in production', () => {
    const config = loadConfig({ NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(40), GATEWAY_SECRET: 'y'.repeat(20) });
    expect(config.auth.devTokens).toBe(false);
    expect(config.seedDemoData).toBe(false);
  });

  it('makes an entry point print one line and exit 1 on a bad value', () => {
    const entry = path.resolve(__dirname, '../../dist/scripts/token.js');
    const run = spawnSync(process.execPath, [entry, '--role', 'admin'], {
      env: { PATH: process.env.PATH, DATABASE_URL: 'not a url' },
      encoding: 'utf8',
    });
    expect(run.status).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe('Configuration error: DATABASE_URL must be a postgres:// or postgresql:// URL (got "not a url")\n');
  });

  it("validates a subgraph's own settings the same way, before anything starts", () => {
    const entry = path.resolve(__dirname, '../../dist/services/elderly-care/main.js');
    const run = spawnSync(process.execPath, [entry], {
      env: { PATH: process.env.PATH, CARE_VISIT_INTERVAL_DAYS: 'ELDERLY=30,NO_KIN=often' },
      encoding: 'utf8',
      timeout: 20_000,
    });
    expect(run.status).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(/^Configuration error: CARE_VISIT_INTERVAL_DAYS: .*NO_KIN=often/);
  });
});
