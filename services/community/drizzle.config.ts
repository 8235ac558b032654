import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'postgresql',
  schema: './services/community/tables.ts',
  out: './services/community/migrations',
  schemaFilter: ['community'],
});
