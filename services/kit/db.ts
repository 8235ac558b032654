import type { Logger as DrizzleLogger } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { sqlStatements } from './metrics';

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

/** PostgreSQL through postgres.js when a URL is given, otherwise an in-memory PGlite. */
export async function openDatabase(url?: string): Promise<DatabaseHandle> {
  return url ? openPostgres(url) : openPglite();
}

async function openPostgres(url: string): Promise<DatabaseHandle> {
  const { default: postgres } = await import('postgres');
  const { drizzle } = await import('drizzle-orm/postgres-js');
  const { migrate } = await import('drizzle-orm/postgres-js/migrator');
  const client = postgres(url, { max: 10, onnotice: () => undefined, connect_timeout: 10 });
  const { statements, logger } = statementCounter();
  const db = drizzle(client, { logger });
  return {
    db: db as unknown as Database,
    background: drizzle(client) as unknown as Database,
    driver: 'postgres',
    statements,
    ping: async () => void (await client`select 1`),
    close: () => client.end({ timeout: 5 }),
    migrate: (migrationsFolder, pgSchema) => migrate(db, migrationsTable(migrationsFolder, pgSchema)),
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

async function openPglite(): Promise<DatabaseHandle> {
  const { PGlite } = await import('@electric-sql/pglite');
  const { drizzle } = await import('drizzle-orm/pglite');
  const { migrate } = await import('drizzle-orm/pglite/migrator');
  const client = await PGlite.create();
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
