import type { Database } from '../db/client';
import { listOutbox, reviveOutboxEntry, type OutboxEntry } from '../db/outbox-admin';
import type { OutboxState } from '../domain/delivery';
import { ApiError } from '../lib/errors';

// What ops see of the outbox: tasks that are dead (retries exhausted) or
// still waiting, and putting a dead one back in line.

const entryView = (entry: OutboxEntry) => ({
  id: entry.id,
  topic: entry.topic,
  payload: entry.payload,
  attempts: entry.attempts,
  dead: entry.dead,
  lastError: entry.lastError,
  createdAt: new Date(entry.createdAt).toISOString(),
  availableAt: new Date(entry.availableAt).toISOString(),
});

export async function outboxEntries(db: Database, state: OutboxState, limit: number) {
  return (await listOutbox(db, state, limit)).map(entryView);
}

export async function retryOutboxEntry(db: Database, id: string) {
  const entry = await reviveOutboxEntry(db, id);
  if (!entry) throw new ApiError('not_found', 'No such outbox entry.');
  return entryView(entry);
}
