import { defineConfig } from 'drizzle-kit';

// The PostgreSQL schema's migrations (issue 17), generated like SQLite's (drizzle.config.ts) into their own
// folder: `npx drizzle-kit generate --config drizzle.pg.config.ts`. `generate` needs no database;
// db/migrate-pg.ts applies them at start, and scripts/test.sh fails when they are behind the schema.
export default defineConfig({
  dialect: 'postgresql',
  schema: './db/schema.pg.ts',
  out: './db/migrations-pg',
  dbCredentials: { url: process.env.DATABASE_URL ?? 'postgres://localhost/console' },
});
