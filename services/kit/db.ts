import type { Logger as DrizzleLogger } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import type { Sql } from 'postgres';
import { collectGarbage } from './gc';
import { sqlStatementDuration, sqlStatements, watchPool } from './metrics';

/**
 * One drizzle database type for both drivers: drizzle-orm/postgres-js and drizzle-orm/pglite databases are both
 * `PgDatabase`s, so every query, transaction and migration path is shared.
 */
export type Database = PgDatabase<PgQueryResultHKT, Record<string, never>>;

/** The `tx` of `db.transaction(async (tx) => …)`. */
export type Transaction = Parameters<Parameters<Database['transaction']>[0]>[0];

export interface DatabaseHandle {
  db: Database;
  driver: 'postgres' | 'pglite';
  /** SQL statements issued through drizzle since start: tests and the benchmark read it to prove batching. */
  statements: { count: number };
  /**
   * The same connections for background work (change feeds): its statements are counted neither in `statements`
   * nor in the statements metric, which measure what requests cost.
   */
  background: Database;
  ping(): Promise<void>;
  close(): Promise<void>;
  /** Applies one service's drizzle-kit migrations, recorded in that service's own schema. */
  migrate(migrationsFolder: string, pgSchema: string): Promise<void>;
  /**
   * After a bulk write (migrations and a seed): lets the database drop the WAL it wrote. PGlite runs no
   * checkpointer, so without it every WAL segment written since start stays in memory; PostgreSQL's own does it.
   */
  settle(): Promise<void>;
  /** Runs `work` while holding a cluster-wide lock named `name`, so replicas starting together migrate and seed once. */
  exclusive<T>(name: string, work: () => Promise<T>): Promise<T>;
  /** LISTENs on a channel of this database; returns how to stop listening. */
  listen(channel: string, onNotify: () => void): Promise<() => Promise<void>>;
}

/**
 * Each service records its migrations in its own table: drizzle skips migrations older than the newest it has
 * recorded, so services sharing one table would hide each other's. Not inside the service's schema, because the
 * first migration creates that schema.
 */
const migrationsTable = (migrationsFolder: string, pgSchema: string) => ({
  migrationsFolder,
  migrationsSchema: 'drizzle',
  migrationsTable: `${pgSchema}_migrations`,
});

function statementCounter(): { statements: { count: number }; logger: DrizzleLogger } {
  const statements = { count: 0 };
  return {
    statements,
    logger: {
      logQuery: () => {
        statements.count++;
        sqlStatements.inc();
      },
    },
  };
}

export interface OpenOptions {
  /** How long opening a connection may take before it fails (start-up probe and every reconnect). */
  connectTimeoutMs?: number;
  /** The most connections the pool opens (PostgreSQL). */
  poolSize?: number;
}
const DEFAULT_CONNECT_TIMEOUT_MS = 5000;

/**
 * A database that cannot be reached or refuses us, with the cause in words (`cause`: the driver's error). The
 * message names the host and database, never the URL (it may hold a password).
 */
export class DatabaseUnreachable extends Error {
  override name = 'DatabaseUnreachable';
  constructor(
    readonly host: string,
    readonly database: string,
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(`cannot open database "${database}" on ${host}: ${reason}`, options);
  }
}

/** Why a connection could not be opened, in the words a person fixing the URL or the server needs. */
export function connectFailureOf(error: unknown, timeoutMs: number): string {
  const sqlState = sqlStateOf(error);
  const code = codeOf(error);
  if (sqlState === '3D000') return 'unknown database (it does not exist on that server)';
  if (sqlState === '28P01' || sqlState === '28000') return 'authentication failed (user, password or pg_hba.conf)';
  if (sqlState === '57P03') return 'the server is starting up or shutting down';
  if (code === 'ECONNREFUSED') return 'connection refused (nothing listens on that port)';
  if (code === 'CONNECT_TIMEOUT' || code === 'ETIMEDOUT') return `timed out: no answer within ${timeoutMs} ms (DATABASE_CONNECT_TIMEOUT_MS; host unreachable?)`;
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'unknown host';
  if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH') return 'host unreachable';
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n')[0] ?? 'unknown error';
}

/** PostgreSQL through postgres.js when a URL is given, otherwise an in-memory PGlite. */
export async function openDatabase(url?: string, options: OpenOptions = {}): Promise<DatabaseHandle> {
  return url ? openPostgres(url, options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS, options.poolSize ?? DEFAULT_POOL_SIZE) : openPglite();
}

/** The most connections a process opens to one database, unless configured (DATABASE_POOL_SIZE). */
const DEFAULT_POOL_SIZE = 10;
let pools = 0;

/**
 * The client drizzle sends request statements through, timing each one (outcome ok or error) from the call to its
 * result, waiting for a free connection included; transactions and savepoints hand out timed clients too.
 */
function timedStatements(client: Sql): Sql {
  return new Proxy(client, {
    get(target, key, receiver) {
      const value: unknown = Reflect.get(target, key, receiver);
      if (typeof value !== 'function') return value;
      if (key === 'unsafe') return (...args: unknown[]) => timed((value as (...a: unknown[]) => Promise<unknown>).apply(target, args));
      if (key === 'begin' || key === 'savepoint') {
        return (...args: unknown[]) => {
          const work = args.pop() as (tx: Sql) => unknown;
          return (value as (...a: unknown[]) => unknown).apply(target, [...args, (tx: Sql) => work(timedStatements(tx))]);
        };
      }
      return value;
    },
  });
}

/** A postgres.js query runs when first awaited: its own `then` observes the outcome, once. */
function timed<Q extends Promise<unknown>>(query: Q): Q {
  const stop = sqlStatementDuration.startTimer();
  let observed = false;
  const observe = (outcome: 'ok' | 'error') => {
    if (!observed) stop({ outcome });
    observed = true;
  };
  const then = query.then;
  Object.defineProperty(query, 'then', {
    value: (onFulfilled?: (v: unknown) => unknown, onRejected?: (e: unknown) => unknown) =>
      then.call(
        query,
        (result) => {
          observe('ok');
          return onFulfilled ? onFulfilled(result) : result;
        },
        (error: unknown) => {
          observe('error');
          if (onRejected) return onRejected(error);
          throw error;
        },
      ),
  });
  return query;
}

/**
 * Opens the pool and probes it once, so a wrong URL or a server that does not answer fails the start within
 * `connectTimeoutMs` as a `DatabaseUnreachable`, not at the first request (or after a silent minute).
 */
async function openPostgres(url: string, connectTimeoutMs: number, poolSize: number): Promise<DatabaseHandle> {
  const { default: postgres } = await import('postgres');
  const { drizzle } = await import('drizzle-orm/postgres-js');
  const { migrate } = await import('drizzle-orm/postgres-js/migrator');
  // postgres.js counts seconds (fractions work); it also reconnects lazily after a server restart.
  // Named per pool, so the pool metric finds its own connections in pg_stat_activity.
  const applicationName = `onegrid ${process.pid}.${++pools}`;
  const client = postgres(url, {
    max: poolSize,
    onnotice: () => undefined,
    connect_timeout: connectTimeoutMs / 1000,
    connection: { application_name: applicationName },
  });
  try {
    // Our own deadline too: postgres.js retries a connection that timed out instead of failing the query.
    let deadline: NodeJS.Timeout | undefined;
    const timedOut = new Promise<never>((_resolve, reject) => {
      deadline = setTimeout(() => reject(Object.assign(new Error('connect timeout'), { code: 'CONNECT_TIMEOUT' })), connectTimeoutMs + 250);
    });
    await Promise.race([client`select 1`, timedOut]).finally(() => clearTimeout(deadline));
  } catch (error) {
    await client.end({ timeout: 0 }).catch(() => undefined);
    const { host, pathname } = new URL(url);
    throw new DatabaseUnreachable(host || 'localhost', decodeURIComponent(pathname.slice(1)) || '(default)', connectFailureOf(error, connectTimeoutMs), {
      cause: error,
    });
  }
  // The probe's connection loaded the array types (parsers are shared by the pool). Fetching them again on every
  // reconnect is not awaited by postgres.js: a connection cut during that fetch (a restart, pg_terminate_backend) is
  // an unhandled rejection, which ends the process. The pool reads this option at each connect.
  client.options.fetch_types = false;
  const { statements, logger } = statementCounter();
  const db = drizzle(timedStatements(client), { logger });
  const unwatch = watchPool(async () => {
    const rows = await client<{ state: string | null; connections: number }[]>`
      select state, count(*)::int as connections from pg_stat_activity
      where datname = current_database() and application_name = ${applicationName} group by state`;
    const count = (state: string) => rows.find((row) => row.state === state)?.connections ?? 0;
    // The scrape's own statement is one of the active connections.
    return { inUse: rows.reduce((sum, row) => sum + row.connections, 0) - count('idle'), idle: count('idle'), max: poolSize };
  });
  return {
    db: db as unknown as Database,
    background: drizzle(client) as unknown as Database,
    driver: 'postgres',
    statements,
    ping: async () => void (await client`select 1`),
    close: () => {
      unwatch();
      return client.end({ timeout: 5 });
    },
    migrate: (migrationsFolder, pgSchema) => migrate(db, migrationsTable(migrationsFolder, pgSchema)),
    settle: async () => undefined,
    listen: async (channel, onNotify) => {
      const subscription = await client.listen(channel, () => onNotify());
      return () => subscription.unlisten();
    },
    exclusive: async (name, work) => {
      // A session-level advisory lock lives on one connection: hold it on a reserved one, work through the pool.
      const session = await client.reserve();
      try {
        await session`select pg_advisory_lock(hashtext(${name}))`;
        return await work();
      } finally {
        await session`select pg_advisory_unlock(hashtext(${name}))`.catch(() => undefined);
        session.release();
      }
    },
  };
}

/**
 * PGlite keeps its data directory (tables and WAL) in JS memory and its shared buffers in its WASM memory, a
 * second copy of the same pages: 16 MB of buffers instead of 128 MB (170 MB less RSS, measured), and 1 MB WAL
 * segments that a checkpoint (`settle`) gives back (pg_wal 80 MB -> 8 MB after the demo district). Full-page
 * writes and a replica-level WAL only serve crash recovery and standbys, which an in-memory database never has.
 */
const PGLITE_OPTIONS = {
  initDbStartParams: ['--wal-segsize=1'],
  postgresqlconf: [
    'shared_buffers = 16MB',
    'min_wal_size = 2MB',
    'max_wal_size = 8MB',
    'full_page_writes = off',
    'wal_level = minimal',
    'max_wal_senders = 0',
  ],
};

async function openPglite(): Promise<DatabaseHandle> {
  const { PGlite } = await import('@electric-sql/pglite');
  const { drizzle } = await import('drizzle-orm/pglite');
  const { migrate } = await import('drizzle-orm/pglite/migrator');
  const client = await PGlite.create(PGLITE_OPTIONS);
  // create() ran initdb in a second PGlite and an initdb WASM instance and dropped them: about 300 MB that V8,
  // not counting WASM memory toward its triggers, otherwise keeps for the life of the process. Once they are
  // unreachable (the next turn), one collection frees them.
  await new Promise((resolve) => setImmediate(resolve));
  collectGarbage();
  const { statements, logger } = statementCounter();
  const db = drizzle(client, { logger });
  return {
    db: db as unknown as Database,
    background: drizzle(client) as unknown as Database,
    driver: 'pglite',
    statements,
    ping: async () => void (await client.query('select 1')),
    close: () => client.close(),
    migrate: (migrationsFolder, pgSchema) => migrate(db, migrationsTable(migrationsFolder, pgSchema)),
    settle: async () => void (await client.query('checkpoint')),
    // One in-process database has no other replica to wait for.
    exclusive: (_name, work) => work(),
    listen: async (channel, onNotify) => {
      const unlisten = await client.listen(channel, () => onNotify());
      return () => unlisten();
    },
  };
}

/** The PostgreSQL SQLSTATE of a failed query, through drizzle's wrapper and either driver. */
export function sqlStateOf(error: unknown): string | undefined {
  for (let e = error as { code?: unknown; cause?: unknown } | undefined; e; e = e.cause as typeof e) {
    if (typeof e.code === 'string' && /^[0-9A-Z]{5}$/.test(e.code)) return e.code;
  }
  return undefined;
}
export const UNIQUE_VIOLATION = '23505';

/** The driver's or the system's error code (`ECONNREFUSED`, postgres.js `CONNECTION_CLOSED`, a SQLSTATE), through wrappers. */
function codeOf(error: unknown): string | undefined {
  for (let e = error as { code?: unknown; cause?: unknown } | undefined; e; e = e.cause as typeof e) {
    if (typeof e.code === 'string') return e.code;
  }
  return undefined;
}

/** Lost or refused connections (postgres.js and Node codes): the pool reconnects on the next query. */
const CONNECTION_CODES = new Set([
  'CONNECTION_CLOSED',
  'CONNECTION_ENDED',
  'CONNECTION_DESTROYED',
  'CONNECT_TIMEOUT',
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
]);

/**
 * Whether a query failed because the database was briefly out of reach (a restart, terminated connections, too
 * many clients), not because of the query: the same request is expected to succeed a moment later.
 * SQLSTATE classes 08 (connection exception) and 57P01-57P03 (admin/crash shutdown, cannot connect now), 53300.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (let e = error as { code?: unknown; cause?: unknown } | undefined; e; e = e.cause as typeof e) {
    if (typeof e.code !== 'string') continue;
    if (CONNECTION_CODES.has(e.code) || /^08[0-9A-Z]{3}$/.test(e.code) || /^57P0[1-3]$/.test(e.code) || e.code === '53300') return true;
  }
  return false;
}
