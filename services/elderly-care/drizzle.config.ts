import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'postgresql',
  schema: './services/elderly-care/tables.ts',
  out: './services/elderly-care/migrations',
  schemaFilter: ['elderly_care'],
});
