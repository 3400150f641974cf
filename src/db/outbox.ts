import { and, eq, isNull, like } from 'drizzle-orm';
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

/** The tasks written under `prefix` (a return's restock and refunds) that have not been done yet. */
export async function unfinishedTasks(db: Database, prefix: string): Promise<(typeof outbox.$inferSelect)[]> {
  return db
    .select()
    .from(outbox)
    .where(and(like(outbox.id, `${prefix}:%`), isNull(outbox.processedAt)));
}
