import { desc, eq, sql } from 'drizzle-orm';
import type { Database } from './client';
import { outbox } from './schema';

export type OutboxEntry = typeof outbox.$inferSelect;

/** What ops look at: tasks that exhausted their retries, or ones still waiting to run. */
export const OUTBOX_STATES = ['dead', 'pending'] as const;
export type OutboxState = (typeof OUTBOX_STATES)[number];

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
