import { EVENT_TYPES, QUEUED_TASK_TOPICS } from '../domain/events';

/**
 * What the EVENTS queue carries: a new outbox event to fan out, a webhook
 * delivery due again, or a notification task to run (QUEUED_TASK_TOPICS).
 */
export type EventsMessage = { eventId: string } | { deliveryId: string } | { taskId: string };

// Queues delay a message by at most 12 hours; a later retry waits for the cron's sweep.
export const MAX_QUEUE_DELAY_SECONDS = 12 * 60 * 60;

/** Named fault (FAULT_INJECTION environments) that drops the announcement, as a lost send would. */
export const LOST_ANNOUNCEMENT_FAULT = 'events-not-announced';

/** Sends the messages; a failed send is only logged (`fallback` says what picks their work up instead). */
async function send(queue: Queue<EventsMessage>, messages: EventsMessage[], fallback: string): Promise<void> {
  if (messages.length === 0) return;
  try {
    await queue.sendBatch(messages.map((body) => ({ body })));
  } catch (error) {
    const ids = messages.map((message) => Object.values(message).join()).join(', ');
    console.warn(`${ids} not queued; ${fallback}`, error);
  }
}

/**
 * After a commit, puts the new events' ids on the EVENTS queue so their
 * webhooks leave within seconds. Never throws: a lost send only delays the
 * events to the cron's sweep (src/webhooks/delivery-run.ts), which fans out
 * whatever was not, so the change that wrote them has already succeeded.
 */
export async function announceEvents(
  queue: Queue<EventsMessage>,
  eventIds: readonly string[],
  fault: string | null = null,
): Promise<void> {
  if (fault === LOST_ANNOUNCEMENT_FAULT) return;
  await send(
    queue,
    eventIds.map((eventId) => ({ eventId })),
    "the cron's sweep will deliver them",
  );
}

/** Puts deliveries on the queue now (a manual retry); a lost send leaves them due for the cron's sweep. */
export function announceDeliveries(queue: Queue<EventsMessage>, deliveryIds: readonly string[]): Promise<void> {
  return send(
    queue,
    deliveryIds.map((deliveryId) => ({ deliveryId })),
    "the cron's sweep will run them",
  );
}

/**
 * After a commit, puts the outbox rows it wrote on the EVENTS queue: its
 * events (as announceEvents) and its notification tasks, so a back-in-stock
 * or price-drop message leaves within seconds, not at the cron's next
 * minute. Other tasks are not queued. Never throws: a lost send leaves the
 * tasks due for the cron's dispatcher and the events for its sweep.
 */
export async function announceOutboxEvents(
  queue: Queue<EventsMessage>,
  rows: readonly { id: string; topic: string }[],
  fault: string | null = null,
): Promise<void> {
  if (fault === LOST_ANNOUNCEMENT_FAULT) return;
  const events = new Set<string>(EVENT_TYPES);
  const tasks = new Set(QUEUED_TASK_TOPICS);
  const of = (kinds: Set<string>) => rows.filter((row) => kinds.has(row.topic)).map((row) => row.id);
  await Promise.all([
    announceEvents(queue, of(events)),
    send(
      queue,
      of(tasks).map((taskId) => ({ taskId })),
      "the cron's dispatcher will run them",
    ),
  ]);
}
