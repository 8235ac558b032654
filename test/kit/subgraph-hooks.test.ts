import 'reflect-metadata';
import { pgSchema } from 'drizzle-orm/pg-core';
import { Query, Resolver } from 'type-graphql';
import { auditLogTable } from '../../services/kit/audit';
import type { DatabaseHandle } from '../../services/kit/db';
import { createLogger } from '../../services/kit/logger';
import { startSubgraph, type RunningSubgraph, type SubgraphModule } from '../../services/kit/subgraph';
import { openTestDatabase } from '../support/database';
import { testConfig, tokenFor } from '../support/stack';

@Resolver()
class PingResolver {
  @Query(() => String, { description: 'Answers pong.' })
  ping(): string {
    return 'pong';
  }
}

/** A subgraph module with no domain: one query, one extra route, one scheduled job counting its runs. */
function moduleWith(counter: { runs: number; settingsSeen: unknown[] }): SubgraphModule<{ made: true }, { every: number }> {
  return {
    // Any name of the kit's port table: the port is chosen freely here.
    name: 'community',
    pgSchema: 'hooks_test',
    migrationsFolder: '',
    resolvers: [PingResolver],
    entities: {},
    auditLog: auditLogTable(pgSchema('hooks_test')),
    createLoaders: () => ({ made: true }),
    settings: () => ({ every: 20 }),
    authorize: () => true,
    roles: ['member'],
    routes: (app, { contextOf }) =>
      app.get('/whoami', async (req, res) => {
        try {
          const ctx = await contextOf(req);
          res.json({ sub: ctx.viewer.sub ?? null, loaders: ctx.loaders, settings: ctx.settings, requestId: ctx.requestId });
        } catch (error) {
          res.status(401).json({ code: (error as { extensions?: { code?: string } }).extensions?.code });
        }
      }),
    schedules: [
      {
        name: 'count',
        everyMs: (settings) => settings.every,
        run: async (_db, settings) => {
          counter.runs++;
          counter.settingsSeen.push(settings);
        },
      },
    ],
    seed: async () => undefined,
  };
}

describe('a subgraph module\'s own routes and scheduled jobs', () => {
  let handle: DatabaseHandle;
  let server: RunningSubgraph;
  const counter = { runs: 0, settingsSeen: [] as unknown[] };
  beforeAll(async () => {
    handle = await openTestDatabase();
    server = await startSubgraph(moduleWith(counter), { config: testConfig, handle, port: 0, log: createLogger('silent', 'test') });
  }, 60_000);
  afterAll(async () => {
    await server?.stop().catch(() => undefined);
    await handle?.close();
  });

  const route = (path: string, token?: string) =>
    fetch(server.url.replace(/\/graphql$/, path), { headers: token ? { authorization: `Bearer ${token}`, 'x-request-id': 'req-1' } : {} });

  it('serves a route with the context a GraphQL request gets: viewer from the token, loaders, settings', async () => {
    const response = await route('/whoami', await tokenFor({ sub: 'user:7', roles: ['member'] }));
    expect(await response.json()).toEqual({ sub: 'user:7', loaders: { made: true }, settings: { every: 20 }, requestId: 'req-1' });
    expect(await (await route('/whoami')).json()).toEqual({ sub: null, loaders: { made: true }, settings: { every: 20 }, requestId: expect.any(String) });
    const badToken = await fetch(server.url.replace(/\/graphql$/, '/whoami'), { headers: { authorization: 'Bearer nope' } });
    expect(await badToken.json()).toEqual({ code: 'UNAUTHENTICATED' });
  });

  it('runs a scheduled job on its interval with the settings, and no more once stopped', async () => {
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(counter.runs).toBeGreaterThanOrEqual(2);
    expect(counter.settingsSeen[0]).toEqual({ every: 20 });
    await server.stop();
    const after = counter.runs;
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(counter.runs).toBe(after);
  });
});
