import type { EventRow } from '../db/event-log';
import { isEventType } from '../domain/events';

/**
 * An event as it leaves Aisle, from its outbox row: the log lists exactly
 * this, and a webhook delivery carries it as its `data` (src/schemas/events.ts).
 */
export function eventEnvelope(row: EventRow) {
  const { topic: type, stream, sequence } = row;
  if (!isEventType(type) || stream === null || sequence === null) throw new Error(`outbox ${row.id} is not an event`);
  return {
    id: row.id,
    type,
    occurredAt: new Date(row.createdAt).toISOString(),
    sequence,
    stream,
    data: row.payload,
  };
}
