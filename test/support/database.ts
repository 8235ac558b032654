import { randomBytes } from 'node:crypto';
import { openDatabase, type DatabaseHandle } from '../../services/kit/db';

/**
 * A throwaway PostgreSQL database on the server DATABASE_URL names (created here, dropped by `drop`), or
 * undefined when DATABASE_URL is unset: then the caller runs on an in-memory PGlite.
 */
export async function createThrowawayDatabase(): Promise<{ url: string; drop(): Promise<void> } | undefined> {
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) return undefined;
  const { default: postgres } = await import('postgres');
  const name = `onegrid_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = postgres(serverUrl, { max: 1, onnotice: () => undefined });
  await admin.unsafe(`create database ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}

/** A fresh, empty database for one test file: throwaway PostgreSQL when DATABASE_URL is set, else PGlite. */
export async function openTestDatabase(): Promise<DatabaseHandle> {
  const throwaway = await createThrowawayDatabase();
  const handle = await openDatabase(throwaway?.url);
  if (!throwaway) return handle;
  return {
    ...handle,
    close: async () => {
      await handle.close();
      await throwaway.drop();
    },
  };
}
