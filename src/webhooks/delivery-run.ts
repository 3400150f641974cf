import type { Database } from '../db/client';
import { dueDeliveryIds, fanOutEvents } from '../db/webhook-deliveries';
import { EVENT_TYPES } from '../domain/events';
import { MAX_QUEUE_DELAY_SECONDS, type EventsMessage } from '../lib/announce';
import { attemptDelivery } from './attempt';

export interface WebhookDeps {
  db: Database;
  signingSecret: string;
  /** Where a failed delivery is put back, delayed until its next attempt. */
  queue: Queue<EventsMessage>;
}

// The cron's sweep, per run: events whose announcement was lost, and deliveries whose queue message was.
const SWEEP_EVENTS = 200;
const SWEEP_DELIVERIES = 100;

/** The EVENTS consumer's work for new events: fan each out to its endpoints and attempt what is due. */
export async function deliverEvents(deps: WebhookDeps, eventIds: readonly string[], now = Date.now()): Promise<void> {
  if (eventIds.length === 0) return;
  await fanOutEvents(deps.db, EVENT_TYPES, { ids: eventIds }, now);
  // Due ones, not only new ones: a consumer that died after the fan-out left them pending.
  await attemptDeliveries(deps, await dueDeliveryIds(deps.db, { eventIds }, now), now);
}

/**
 * The cron's safety net: fans out events never announced (or whose consumer
 * failed) and attempts deliveries due whose delayed message was lost.
 */
export async function sweepWebhooks(deps: WebhookDeps, now = Date.now()): Promise<void> {
  await fanOutEvents(deps.db, EVENT_TYPES, { limit: SWEEP_EVENTS }, now);
  await attemptDeliveries(deps, await dueDeliveryIds(deps.db, { limit: SWEEP_DELIVERIES }, now), now);
}

/**
 * Attempts deliveries side by side, so a receiver that hangs for its 10 s
 * never holds up another, and puts each one that failed back on the queue,
 * delayed until its next attempt. The retry rides the queue rather than the
 * cron so that the schedule's early steps (5 s) are kept; if that send is
 * lost, the delivery is still due in Postgres and the sweep takes it.
 */
export async function attemptDeliveries(deps: WebhookDeps, ids: readonly string[], now = Date.now()): Promise<void> {
  const records = await Promise.all(
    ids.map((id) =>
      attemptDelivery(deps, id, now).catch((error: unknown) => {
        // Its claim expires and the sweep tries again.
        console.error(`webhook delivery ${id}: attempt failed before it was recorded`, error);
        return null;
      }),
    ),
  );
  const retries = ids.flatMap((deliveryId, index) => {
    const next = records[index]?.status === 'pending' ? records[index]?.nextAttemptAt : null;
    if (next === null || next === undefined) return [];
    const delaySeconds = Math.max(0, Math.ceil((next - now) / 1000));
    return delaySeconds > MAX_QUEUE_DELAY_SECONDS ? [] : [{ body: { deliveryId }, delaySeconds }];
  });
  if (retries.length > 0)
    await deps.queue.sendBatch(retries).catch((error: unknown) => {
      console.warn(`webhook retries not queued; the cron's sweep will run them when due`, error);
    });
}
