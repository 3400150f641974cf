import { loadConfig } from '../config';
import { connectDatabase } from '../db/client';
import { runWebhookSweep } from '../webhooks/consumer';
import { dispatchOutbox, type DispatchReport } from './dispatcher';

const BATCH_SIZE = 50;
// Batches run one after another for at most this long; the next minute's cron takes what is left.
const DRAIN_FOR_MS = 30_000;

/**
 * The cron trigger's work: drain due outbox tasks (every order's
 * recommendations publish, and whatever failed to run at once) with a fresh
 * pool, batch after batch while batches come back full, and sweep webhooks
 * (events whose queue message was lost, deliveries due again); neither waits
 * on the other.
 */
export async function runScheduledDispatch(env: Env): Promise<DispatchReport> {
  const connection = connectDatabase(loadConfig(env).database);
  const sweep = runWebhookSweep(env).catch((error: unknown) => console.error('webhook sweep failed', error));
  const total: DispatchReport = { done: 0, failed: 0, dead: 0 };
  const until = Date.now() + DRAIN_FOR_MS;
  try {
    for (;;) {
      const report = await dispatchOutbox({ env, db: connection.db }, BATCH_SIZE);
      total.done += report.done;
      total.failed += report.failed;
      total.dead += report.dead;
      if (report.done + report.failed + report.dead < BATCH_SIZE || Date.now() >= until) return total;
    }
  } finally {
    await connection.close();
    await sweep;
  }
}
