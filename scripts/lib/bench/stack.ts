import { join } from 'node:path';
import { neonConfig } from '@neondatabase/serverless';
import { sql } from 'drizzle-orm';
import { WebSocket } from 'ws';
import { connectDatabase, type Database, type DatabaseConnection } from '../../../src/db/client';
import { LOAD_TEST_POSTGRES_FLAGS, startLocalDatabase, type LocalDatabase } from '../local-database';
import { startBenchWorker, type BenchWorker } from './worker';

export interface BenchStack {
  url: string;
  /** The stack's own Postgres and its PgBouncer, for measuring their floors; null with BENCH_URL. */
  postgres: { direct: string; pooled: string } | null;
  /**
   * Resolves once the StockDOs have shipped at least `movements` rows of their
   * logs to Postgres; returns the milliseconds waited. Null when the stack's
   * Postgres is out of reach (BENCH_URL).
   */
  waitForLedger: ((movements: number, timeoutMs: number) => Promise<number>) | null;
  /** Runs the Worker's cron handler once (the outbox dispatcher); null with BENCH_URL, whose own cron runs. */
  runCron: (() => Promise<void>) | null;
  stop(): Promise<void>;
}

const LEDGER_POLL_MS = 200;

/**
 * A throwaway local stack under `stateDir`: embedded Postgres behind PgBouncer,
 * the relay and migrations, then the production bundle in workerd. Whatever started is
 * stopped by `stop()`, and also when a later step fails.
 */
export async function startBenchStack(
  stateDir: string,
  options: { authSecret: string; signingSecret: string; inspectorPort?: number },
): Promise<BenchStack> {
  let database: LocalDatabase | undefined;
  let worker: BenchWorker | undefined;
  let ledger: DatabaseConnection | undefined;
  const stop = async () => {
    await ledger?.close();
    await worker?.dispose();
    await database?.stop();
  };
  try {
    database = await startLocalDatabase({
      dataDir: join(stateDir, 'postgres'),
      persistent: false,
      postgresFlags: LOAD_TEST_POSTGRES_FLAGS,
      poolerDir: join(stateDir, 'pgbouncer'),
    });
    const started = await startBenchWorker({ database: database.settings, stateDir, ...options });
    worker = started;
    neonConfig.webSocketConstructor = WebSocket;
    const connection = connectDatabase(database.settings);
    ledger = connection;
    return {
      url: worker.url,
      postgres: database.directUrl ? { direct: database.directUrl, pooled: database.settings.url } : null,
      waitForLedger: (movements, timeoutMs) => waitForLedger(connection.db, movements, timeoutMs),
      runCron: () => started.scheduled(),
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

async function waitForLedger(db: Database, movements: number, timeoutMs: number): Promise<number> {
  const started = Date.now();
  for (;;) {
    const result = await db.execute<{ shipped: string }>(sql`select count(*) as shipped from inventory_movements`);
    if (Number(result.rows[0]?.shipped ?? 0) >= movements) return Date.now() - started;
    if (Date.now() - started > timeoutMs)
      throw new Error(`the StockDOs had not shipped ${movements} movements to Postgres after ${timeoutMs / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, LEDGER_POLL_MS));
  }
}
