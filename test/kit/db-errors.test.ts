import net from 'node:net';
import { GraphQLError } from 'graphql';
import { DatabaseUnreachable, isDatabaseUnavailable, openDatabase } from '../../services/kit/db';
import { formatError } from '../../services/kit/errors';
import { sql } from 'drizzle-orm';
import { rowsOf } from '../support/database';

/** A resolver's error as Apollo hands it to formatError: the driver's error wrapped in a GraphQLError. */
const asResolverError = (cause: unknown) => {
  const error = new GraphQLError('Failed query: select 1', { path: ['resident'], originalError: Object.assign(new Error('Failed query: select 1'), { cause }) });
  return formatError({ message: error.message, path: ['resident'] }, error);
};

async function refusingPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('database errors', () => {
  it('opens nothing at a refusing port: DatabaseUnreachable names host and database, never the password', async () => {
    const port = await refusingPort();
    const opened = openDatabase(`postgres://user:s3cret@127.0.0.1:${port}/somewhere`, { connectTimeoutMs: 1000 });
    await expect(opened).rejects.toBeInstanceOf(DatabaseUnreachable);
    const error = (await opened.catch((e: unknown) => e)) as DatabaseUnreachable;
    expect(error).toMatchObject({ host: `127.0.0.1:${port}`, database: 'somewhere', reason: expect.stringContaining('connection refused') });
    expect(error.message).not.toContain('s3cret');
    // The driver's error, as a query meeting a stopped server would get it: retryable, with no driver detail.
    expect(isDatabaseUnavailable(error.cause)).toBe(true);
    expect(asResolverError(error.cause)).toEqual({ message: 'The service is briefly unavailable: try again in a moment.', path: ['resident'], extensions: { code: 'SERVICE_UNAVAILABLE' } });
  });

  it.each([['CONNECTION_CLOSED'], ['57P01'], ['57P03'], ['08006'], ['ECONNRESET']])('treats %s as the database being briefly away', (code) => {
    expect(asResolverError(Object.assign(new Error('lost'), { code })).extensions?.code).toBe('SERVICE_UNAVAILABLE');
  });

  it.each([['23505'], ['42P01'], [undefined]])('keeps %s (a fault of the query or the code) an internal error', (code) => {
    expect(asResolverError(Object.assign(new Error('bad'), { code })).extensions?.code).toBe('INTERNAL_SERVER_ERROR');
  });
});

// On PostgreSQL (CI): DATABASE_POOL_SIZE bounds the connections; more statements than that wait and all complete.
(process.env.DATABASE_URL ? describe : describe.skip)('the pool size', () => {
  it('opens at most DATABASE_POOL_SIZE connections, however many statements run at once', async () => {
    const handle = await openDatabase(process.env.DATABASE_URL, { poolSize: 2 });
    try {
      const backends = await Promise.all(
        Array.from({ length: 8 }, async () => rowsOf<{ pid: number }>(await handle.db.execute(sql`select pg_backend_pid() as pid, pg_sleep(0.02)`))[0]!.pid),
      );
      expect(new Set(backends).size).toBe(2);
    } finally {
      await handle.close();
    }
  });
});
