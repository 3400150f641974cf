import { applyMigrations } from './lib/migrate';

// How ops migrate Neon: DATABASE_URL=<neon url> npm run db:migrate
const url = process.env.DATABASE_URL;
if (!url) {
  console.error('DATABASE_URL is not set: point it at the Postgres to migrate.');
  process.exit(1);
}
await applyMigrations({ url, wsProxy: process.env.DB_WS_PROXY });
console.log('migrations applied');
