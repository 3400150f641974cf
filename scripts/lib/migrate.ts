import { neonConfig } from '@neondatabase/serverless';
import { migrate } from 'drizzle-orm/neon-serverless/migrator';
import { WebSocket } from 'ws';
import { connectDatabase, type DatabaseSettings } from '../../src/db/client';

const MIGRATIONS_FOLDER = new URL('../../migrations', import.meta.url).pathname;

/** Applies every pending drizzle-kit migration, through the same driver the Worker uses. */
export async function applyMigrations(settings: DatabaseSettings): Promise<void> {
  // Node has no global WebSocket before v22; the Neon driver needs one.
  neonConfig.webSocketConstructor = WebSocket;
  const { db, close } = connectDatabase(settings);
  try {
    await migrate(db, { migrationsFolder: MIGRATIONS_FOLDER });
  } finally {
    await close();
  }
}
