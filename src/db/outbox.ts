import { eq } from 'drizzle-orm';
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

/** One outbox row by id, to run a task its writer left unfinished (a replayed checkout). */
export async function findOutboxRow(db: Database, id: string): Promise<typeof outbox.$inferSelect | null> {
  const [row] = await db.select().from(outbox).where(eq(outbox.id, id));
  return row ?? null;
}
