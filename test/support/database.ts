import { randomBytes } from 'node:crypto';
import { openDatabase, type DatabaseHandle } from '../../services/kit/db';

/**
 * A fresh, empty database for one test file: a throwaway PostgreSQL database when DATABASE_URL is set (created
 * here, dropped on close), an in-memory PGlite otherwise.
 */
export async function openTestDatabase(): Promise<DatabaseHandle> {
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) return openDatabase();
  const { default: postgres } = await import('postgres');
  const name = `onegrid_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = postgres(serverUrl, { max: 1, onnotice: () => undefined });
  await admin.unsafe(`create database ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const handle = await openDatabase(url.toString());
  return {
    ...handle,
    close: async () => {
      await handle.close();
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}
