import { env } from 'cloudflare:workers';
import { loadConfig } from '../../src/config';
import { connectDatabase, type Database } from '../../src/db/client';

/** Runs `query` against the suite's real Postgres, for assertions on the system of record. */
export async function withDatabase<T>(query: (db: Database) => Promise<T>): Promise<T> {
  const connection = connectDatabase(loadConfig(env).database);
  try {
    return await query(connection.db);
  } finally {
    await connection.close();
  }
}
