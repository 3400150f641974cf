import type { Database } from './client';
import { outbox } from './schema';

export type OutboxRow = typeof outbox.$inferInsert;

/** Adds events to the outbox; an id already there (a retried delivery) is skipped, so each lands once. */
export async function enqueueOutboxRows(db: Database, rows: readonly OutboxRow[]): Promise<void> {
  if (rows.length > 0)
    await db
      .insert(outbox)
      .values([...rows])
      .onConflictDoNothing({ target: outbox.id });
}
