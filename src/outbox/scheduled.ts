import { loadConfig } from '../config';
import { connectDatabase } from '../db/client';
import { runWebhookSweep } from '../webhooks/consumer';
import { dispatchOutbox, type DispatchReport } from './dispatcher';

/**
 * The cron trigger's work: drain due outbox tasks (stock commits and returns)
 * with a fresh pool, and sweep webhooks (events whose queue message was lost,
 * deliveries due again); neither waits on the other.
 */
export async function runScheduledDispatch(env: Env): Promise<DispatchReport> {
  const connection = connectDatabase(loadConfig(env).database);
  const sweep = runWebhookSweep(env).catch((error: unknown) => console.error('webhook sweep failed', error));
  try {
    return await dispatchOutbox({ env, db: connection.db });
  } finally {
    await connection.close();
    await sweep;
  }
}
