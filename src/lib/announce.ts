import { EVENT_TYPES } from '../domain/events';

/** What the EVENTS queue carries: a new outbox event to fan out, or a webhook delivery due again. */
export type EventsMessage = { eventId: string } | { deliveryId: string };

// Queues delay a message by at most 12 hours; a later retry waits for the cron's sweep.
export const MAX_QUEUE_DELAY_SECONDS = 12 * 60 * 60;

/** Named fault (FAULT_INJECTION environments) that drops the announcement, as a lost send would. */
export const LOST_ANNOUNCEMENT_FAULT = 'events-not-announced';

/**
 * After a commit, puts the new events' ids on the EVENTS queue so their
 * webhooks leave within seconds. Never throws: a lost send only delays the
 * events to the cron's sweep (src/webhooks/sweep.ts), which fans out
 * whatever was not, so the change that wrote them has already succeeded.
 */
export async function announceEvents(
  queue: Queue<EventsMessage>,
  eventIds: readonly string[],
  fault: string | null = null,
): Promise<void> {
  if (eventIds.length === 0 || fault === LOST_ANNOUNCEMENT_FAULT) return;
  try {
    await queue.sendBatch(eventIds.map((eventId) => ({ body: { eventId } })));
  } catch (error) {
    console.warn(`events ${eventIds.join(', ')} not announced; the cron's sweep will deliver them`, error);
  }
}

/** Puts deliveries on the queue now (a manual retry); a lost send leaves them due for the cron's sweep. */
export async function announceDeliveries(queue: Queue<EventsMessage>, deliveryIds: readonly string[]): Promise<void> {
  if (deliveryIds.length === 0) return;
  try {
    await queue.sendBatch(deliveryIds.map((deliveryId) => ({ body: { deliveryId } })));
  } catch (error) {
    console.warn(`deliveries ${deliveryIds.join(', ')} not queued; the cron's sweep will run them`, error);
  }
}

/** announceEvents for the outbox rows a commit wrote, keeping the events among them (tasks are not announced). */
export function announceOutboxEvents(
  queue: Queue<EventsMessage>,
  rows: readonly { id: string; topic: string }[],
  fault: string | null = null,
): Promise<void> {
  const events = new Set<string>(EVENT_TYPES);
  return announceEvents(
    queue,
    rows.filter((row) => events.has(row.topic)).map((row) => row.id),
    fault,
  );
}
