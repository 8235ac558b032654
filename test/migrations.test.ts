import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import * as community from '../services/community/tables';
import * as elderlyCare from '../services/elderly-care/tables';
import * as environment from '../services/environment/tables';
import * as housing from '../services/housing/tables';
import * as safety from '../services/safety/tables';
// The kit's tables every subgraph holds, named too: jest relates a test only to what it imports itself, and
// mutation runs (--findRelatedTests) must find this test for a change to these definitions.
import '../services/kit/audit';
import '../services/kit/feed';
import '../services/kit/idempotency';

/**
 * Every subgraph's committed migrations are what `npm run db:generate` makes from its tables today: a table, column,
 * key or type changed in tables.ts (or in a kit table such as idempotency_keys) without a new migration would reach
 * production's database unchanged. Compares each definition with its latest drizzle-kit snapshot, as drizzle-kit
 * generate does (drizzle.config.ts: one PostgreSQL schema per subgraph).
 */
const services = path.join(__dirname, '../services');
// Imported by name, not found by path, so that jest (and mutation runs) know this test depends on each.
const TABLES: Record<string, Record<string, unknown>> = { community, 'elderly-care': elderlyCare, environment, housing, safety };

it('covers every subgraph with migrations', () => {
  const migrated = readdirSync(services).filter((name) => existsSync(path.join(services, name, 'migrations/meta/_journal.json')));
  expect(Object.keys(TABLES).sort()).toEqual(migrated);
});

it.each(Object.keys(TABLES))('has no change in the %s tables left without a migration', async (name) => {
  const { generateDrizzleJson, generateMigration } = await import('drizzle-kit/api');
  const meta = path.join(services, name, 'migrations/meta');
  const latest = readdirSync(meta).filter((file) => file.endsWith('_snapshot.json')).sort().at(-1)!;
  const committed = JSON.parse(readFileSync(path.join(meta, latest), 'utf8')) as Parameters<typeof generateMigration>[0];
  const current = generateDrizzleJson(TABLES[name]!, committed.id, [name.replace(/-/g, '_')]);
  expect(await generateMigration(committed, current)).toEqual([]);
});
