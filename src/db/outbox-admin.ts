import { desc, eq, sql } from 'drizzle-orm';
import type { OutboxState } from '../domain/delivery';
import type { Database } from './client';
import { outbox } from './schema';

export type OutboxEntry = typeof outbox.$inferSelect;

/** Dead tasks (retries exhausted) or ones still waiting, newest first, for ops to see. */
export async function listOutbox(db: Database, state: OutboxState, limit: number): Promise<OutboxEntry[]> {
  const where = state === 'dead' ? eq(outbox.dead, true) : sql`${outbox.processedAt} is null and not ${outbox.dead}`;
  return db.select().from(outbox).where(where).orderBy(desc(outbox.createdAt)).limit(limit);
}

/** Puts a dead task back in line, with a fresh set of attempts. */
export async function reviveOutboxEntry(db: Database, id: string): Promise<OutboxEntry | null> {
  const [row] = await db
    .update(outbox)
    .set({ dead: false, attempts: 0, availableAt: sql`now()`, lastError: null })
    .where(eq(outbox.id, id))
    .returning();
  return row ?? null;
}
