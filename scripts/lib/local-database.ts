import type { DatabaseSettings } from '../../src/db/client';
import { applyMigrations } from './migrate';
import { startLocalPostgres, type LocalPostgres } from './postgres';
import { startPgBouncer, type PgBouncer } from './pgbouncer';
import { freePort } from './process';
import { startWsRelay, type WsRelay } from './ws-relay';

/**
 * Server flags for load (the bench, `npm run start`): a burst of shoppers each
 * holds a request's connection while it commits (the hot SKU's 500 at once),
 * as Neon's pooled endpoint allows (10,000 clients); 100 slots would refuse most.
 */
export const LOAD_TEST_POSTGRES_FLAGS = ['-c', 'max_connections=1500'];

/**
 * The pooler of a load stack, sized like Neon's pooled endpoint on a small
 * compute: a burst's requests wait in PgBouncer for one of 50 warm backends
 * (this machine's cores are busy long before 50 are), and up to 2,000 connect.
 */
const LOAD_TEST_POOL = { poolSize: 50, maxClients: 2000 };

export interface LocalDatabase {
  /** What the Worker's DATABASE_URL and DB_WS_PROXY are set to. */
  settings: DatabaseSettings;
  /** The embedded server itself, not its pooler: for measuring it, null with `externalUrl`. */
  directUrl: string | null;
  /** Closes the relay, then stops PgBouncer and Postgres if this started them. */
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
  /**
   * Put PgBouncer in front of the embedded server, as Neon's pooled endpoint is
   * in front of its compute (load stacks); its configuration goes in this directory.
   */
  poolerDir?: string;
}

/**
 * Postgres (embedded, or the one named by `externalUrl`), the WebSocket relay
 * the Worker reaches it through, and every pending migration: the part of
 * the local stack that `npm run dev` and `npm run bench` share. If a step
 * fails, what was already started is stopped before the error is thrown.
 */
export async function startLocalDatabase(options: LocalDatabaseOptions): Promise<LocalDatabase> {
  let postgres: LocalPostgres | undefined;
  let pooler: PgBouncer | undefined;
  let relay: WsRelay | undefined;
  const stop = async () => {
    await relay?.close();
    await pooler?.stop();
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
      if (options.poolerDir) {
        pooler = await startPgBouncer({
          server: postgres.url,
          port: await freePort(),
          dir: options.poolerDir,
          ...LOAD_TEST_POOL,
        });
      }
      const url = new URL(pooler?.url ?? postgres.url);
      relay = await startWsRelay({ port: await freePort(), allowedTarget: url.host });
      settings = { url: url.toString(), wsProxy: relay.address };
    }
    await applyMigrations(settings);
    return { settings, directUrl: postgres?.url ?? null, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
