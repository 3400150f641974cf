import type { Database } from '../db/client';
import { eventLogPlace, listEvents } from '../db/event-log';
import { ApiError } from '../lib/errors';
import { eventEnvelope } from './event-envelope';

/**
 * The event log for reconciliation and replay: events after the one a reader
 * last saw, in log order. Nothing deletes an outbox row, so the log keeps
 * every event (at least the 30 days API.md promises); a cleanup added later
 * must spare events younger than that.
 */
export async function readEventLog(
  db: Database,
  query: { after?: string | undefined; types?: string[] | undefined; limit: number },
) {
  const after = query.after ? await eventLogPlace(db, query.after) : null;
  if (query.after && !after) {
    throw new ApiError('validation_failed', '`after` is not the id of an event in the log.', {
      extensions: { errors: [{ path: 'query.after', message: 'unknown event id' }] },
    });
  }
  const rows = await listEvents(db, { after, types: query.types ?? null, limit: query.limit });
  const events = rows.map(eventEnvelope);
  return { events, next: events.at(-1)?.id ?? query.after ?? null };
}
