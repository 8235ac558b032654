import { defineConfig } from 'drizzle-kit';

/**
 * ONE drizzle-kit configuration for every subgraph: `SUBGRAPH=<name> drizzle-kit generate` writes that subgraph's
 * migrations from its tables. `npm run db:generate` runs it for each subgraph of the registry (scripts/db-generate.ts).
 * Not importing the registry here: drizzle-kit loads this file without decorator metadata, which the subgraphs need.
 */
const subgraph = process.env.SUBGRAPH;
if (!subgraph || !/^[a-z][a-z-]*$/.test(subgraph)) {
  throw new Error('Set SUBGRAPH to a subgraph folder name (e.g. SUBGRAPH=community), or run `npm run db:generate` for all.');
}

export default defineConfig({
  dialect: 'postgresql',
  schema: `./services/${subgraph}/tables.ts`,
  out: `./services/${subgraph}/migrations`,
  // Each subgraph's tables live in a PostgreSQL schema named after it (`elderly-care` → `elderly_care`).
  schemaFilter: [subgraph.replace(/-/g, '_')],
});
