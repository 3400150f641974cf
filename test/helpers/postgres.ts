import { env } from 'cloudflare:workers';
import { inject } from 'vitest';
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

async function control(action: 'stop' | 'start' | 'hang'): Promise<void> {
  const response = await fetch(`${inject('postgresControlUrl')}/${action}`, { method: 'POST' });
  if (response.status !== 204) throw new Error(`could not ${action} Postgres: ${await response.text()}`);
}

/** Stops this test project's real Postgres server (outage tests only). */
export const stopPostgres = () => control('stop');
export const startPostgres = () => control('start');
/** Stops it and leaves its port accepting connections that never answer: a server that is up but stuck. */
export const hangPostgres = () => control('hang');
