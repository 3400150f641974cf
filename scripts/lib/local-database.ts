import type { DatabaseSettings } from '../../src/db/client';
import { applyMigrations } from './migrate';
import { startLocalPostgres, type LocalPostgres } from './postgres';
import { freePort } from './process';
import { startWsRelay, type WsRelay } from './ws-relay';

/**
 * Server flags for load (the bench, `npm run start`): a burst of shoppers each
 * holds a request's connection while it commits (the hot SKU's 500 at once),
 * as Neon's pooled endpoint allows (10,000 clients); 100 slots would refuse most.
 */
export const LOAD_TEST_POSTGRES_FLAGS = ['-c', 'max_connections=1500'];

export interface LocalDatabase {
  /** What the Worker's DATABASE_URL and DB_WS_PROXY are set to. */
  settings: DatabaseSettings;
  /** Closes the relay, then stops Postgres if this started it. */
  stop(): Promise<void>;
}

export interface LocalDatabaseOptions {
  /** Where the embedded cluster lives; ignored with `externalUrl`. */
  dataDir: string;
  /** Keep the cluster's data when stopping (dev); throwaway clusters (bench) delete it. */
  persistent: boolean;
  /** Use this Postgres instead of starting one (dev honours DATABASE_URL). */
  externalUrl?: string;
  /** Extra `postgres` server flags, e.g. `['-c', 'max_connections=400']`. */
  postgresFlags?: string[];
}

/**
 * Postgres (embedded, or the one named by `externalUrl`), the WebSocket relay
 * the Worker reaches it through, and every pending migration: the part of
 * the local stack that `npm run dev` and `npm run bench` share. If a step
 * fails, what was already started is stopped before the error is thrown.
 */
export async function startLocalDatabase(options: LocalDatabaseOptions): Promise<LocalDatabase> {
  let postgres: LocalPostgres | undefined;
  let relay: WsRelay | undefined;
  const stop = async () => {
    await relay?.close();
    await postgres?.stop();
  };
  try {
    let settings: DatabaseSettings;
    if (options.externalUrl) {
      const target = new URL(options.externalUrl);
      // Neon answers WebSockets itself; any other Postgres is reached through the local relay.
      if (target.hostname.endsWith('.neon.tech')) {
        settings = { url: options.externalUrl };
      } else {
        relay = await startWsRelay({
          port: await freePort(),
          allowedTarget: `${target.hostname}:${target.port || 5432}`,
        });
        settings = { url: options.externalUrl, wsProxy: relay.address };
      }
    } else {
      postgres = await startLocalPostgres({
        dataDir: options.dataDir,
        port: await freePort(),
        persistent: options.persistent,
        postgresFlags: options.postgresFlags,
      });
      relay = await startWsRelay({ port: await freePort(), allowedTarget: `127.0.0.1:${postgres.port}` });
      settings = { url: postgres.url, wsProxy: relay.address };
    }
    await applyMigrations(settings);
    return { settings, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
