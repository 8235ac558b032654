import { createHash, randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { openDatabase, type DatabaseHandle } from '../../services/kit/db';

/** The server DATABASE_URL names, as an admin connection of its own (one connection: session advisory locks hold). */
async function serverAdmin(serverUrl: string) {
  const { default: postgres } = await import('postgres');
  return postgres(serverUrl, { max: 1, onnotice: () => undefined });
}

const databaseUrl = (serverUrl: string, name: string) => {
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
};

/**
 * A throwaway PostgreSQL database on the server DATABASE_URL names (created here, a copy of `template` when given,
 * dropped by `drop`), or undefined when DATABASE_URL is unset: then the caller runs on an in-memory PGlite.
 */
export async function createThrowawayDatabase(template?: string): Promise<{ url: string; drop(): Promise<void> } | undefined> {
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) return undefined;
  const name = `onegrid_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = await serverAdmin(serverUrl);
  await admin.unsafe(`create database ${name}${template ? ` template ${template}` : ''}`);
  return {
    url: databaseUrl(serverUrl, name),
    drop: async () => {
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}

/** A fresh, empty database for one test file: throwaway PostgreSQL when DATABASE_URL is set, else PGlite. */
export async function openTestDatabase(): Promise<DatabaseHandle> {
  return withDrop(await createThrowawayDatabase());
}

async function withDrop(throwaway: { url: string; drop(): Promise<void> } | undefined): Promise<DatabaseHandle> {
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

/** A short hash of every file under these folders (names and contents): a template's key changes when they do. */
export function hashOfSources(...folders: string[]): string {
  const hash = createHash('sha256');
  for (const folder of folders) {
    const files = readdirSync(folder, { recursive: true, withFileTypes: true }).filter((e) => e.isFile());
    // Relative names: the same sources in another checkout (or a Stryker sandbox) share the template.
    for (const file of files.map((e) => join(e.parentPath, e.name)).sort()) hash.update(relative(folder, file)).update(readFileSync(file));
  }
  return hash.digest('hex').slice(0, 16);
}

/**
 * A fresh database already holding what `prepare` writes, for test files that share a costly fixture (the seeded
 * demo district). On PostgreSQL `prepare` runs once per `key` into a template database and each caller gets a copy
 * (`create database … template`, seconds instead of a re-seed); on PGlite it runs on the fresh database.
 */
export async function openPreparedDatabase(key: string, prepare: (handle: DatabaseHandle) => Promise<void>): Promise<DatabaseHandle> {
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) {
    const handle = await openTestDatabase();
    await prepare(handle);
    return handle;
  }
  const template = `onegrid_template_${key}`;
  const admin = await serverAdmin(serverUrl);
  try {
    // Parallel jest workers build it once. Marked a template only when complete: one left by a crash is rebuilt.
    await admin`select pg_advisory_lock(hashtext(${template}))`;
    const [existing] = await admin`select datistemplate from pg_database where datname = ${template}`;
    if (!existing?.datistemplate) {
      await admin.unsafe(`drop database if exists ${template} with (force)`);
      await admin.unsafe(`create database ${template}`);
      const handle = await openDatabase(databaseUrl(serverUrl, template));
      try {
        await prepare(handle);
      } finally {
        await handle.close();
      }
      await admin.unsafe(`alter database ${template} is_template true`);
    }
  } finally {
    await admin.end();
  }
  return withDrop(await createThrowawayDatabase(template));
}

/**
 * A fresh database with every subgraph's tables and the demo district seeded at `scale` (default 1); its template is
 * rebuilt when services/ changes.
 */
export async function openSeededDistrict(scale = 1): Promise<DatabaseHandle> {
  const { SUBGRAPHS } = await import('../../services');
  const { prepareDatabase } = await import('../../services/kit/subgraph');
  const key = `district_${String(scale).replace('.', '_')}_${hashOfSources(join(__dirname, '../../services'))}`;
  return openPreparedDatabase(key, async (handle) => {
    for (const module of SUBGRAPHS) await prepareDatabase(module, handle, { seed: { scale } });
  });
}

/** The rows of a raw `db.execute`: postgres.js answers the rows themselves, PGlite an object that holds them. */
export const rowsOf = <Row>(result: unknown): Row[] => (Array.isArray(result) ? result : (result as { rows: Row[] }).rows);
