import { loadConfig } from '../config';
import { connectDatabase } from '../db/client';
import { dispatchOutbox, type DispatchReport } from './dispatcher';

/** The cron trigger's work: drain due outbox tasks (stock commits and returns) with a fresh pool. */
export async function runScheduledDispatch(env: Env): Promise<DispatchReport> {
  const connection = connectDatabase(loadConfig(env).database);
  try {
    return await dispatchOutbox({ env, db: connection.db });
  } finally {
    await connection.close();
  }
}
