import { loadConfig } from '../config';
import { connectDatabase } from '../db/client';
import type { EventsMessage } from '../lib/announce';
import { dispatchTasks } from '../outbox/dispatcher';
import { attemptDeliveries, deliverEvents, sweepWebhooks, type WebhookDeps } from './delivery-run';

async function withWebhookDeps(env: Env, work: (deps: WebhookDeps) => Promise<void>): Promise<void> {
  const config = loadConfig(env);
  const connection = connectDatabase(config.database);
  try {
    await work({ db: connection.db, signingSecret: config.signingSecret, queue: env.EVENTS });
  } finally {
    await connection.close();
  }
}

/**
 * The EVENTS queue's consumer: new events are fanned out and delivered,
 * deliveries due again are attempted, notification tasks are run through the
 * dispatcher (they announce the events they write, which come back here). If
 * it throws (Postgres unreachable), the batch is redelivered by the queue;
 * every step is idempotent.
 */
export async function consumeEvents(batch: MessageBatch<EventsMessage>, env: Env): Promise<void> {
  const eventIds = batch.messages.flatMap(({ body }) => ('eventId' in body ? [body.eventId] : []));
  const deliveryIds = batch.messages.flatMap(({ body }) => ('deliveryId' in body ? [body.deliveryId] : []));
  const taskIds = batch.messages.flatMap(({ body }) => ('taskId' in body ? [body.taskId] : []));
  await withWebhookDeps(env, async (deps) => {
    await Promise.all([
      deliverEvents(deps, eventIds),
      attemptDeliveries(deps, deliveryIds),
      dispatchTasks({ env, db: deps.db }, taskIds),
    ]);
  });
  batch.ackAll();
}

/** The cron's part for webhooks (src/outbox/scheduled.ts). */
export const runWebhookSweep = (env: Env) => withWebhookDeps(env, (deps) => sweepWebhooks(deps));
