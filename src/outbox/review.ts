import type { Database } from '../db/client';
import { listOutbox, reviveOutboxEntry, type OutboxEntry, type TopicFilter } from '../db/outbox-admin';
import type { OutboxState } from '../domain/delivery';
import { ApiError } from '../lib/errors';
import { TASK_HANDLERS } from './dispatcher';

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

/**
 * A task is a topic the dispatcher runs (TASK_HANDLERS: stock commits and returns);
 * an event is any other topic (published for readers, never dispatched). Pending
 * events pile up by the thousand and would hide a stuck task, so ops can ask for one kind.
 */
export const OUTBOX_KINDS = ['task', 'event'] as const;
export type OutboxKind = (typeof OUTBOX_KINDS)[number];

const topicsOf = (kind: OutboxKind | undefined): TopicFilter => {
  if (!kind) return null;
  const tasks = Object.keys(TASK_HANDLERS);
  return kind === 'task' ? { only: tasks } : { except: tasks };
};

export async function outboxEntries(db: Database, state: OutboxState, limit: number, kind?: OutboxKind) {
  return (await listOutbox(db, state, limit, topicsOf(kind))).map(entryView);
}

export async function retryOutboxEntry(db: Database, id: string) {
  const entry = await reviveOutboxEntry(db, id);
  if (!entry) throw new ApiError('not_found', 'No such outbox entry.');
  return entryView(entry);
}
