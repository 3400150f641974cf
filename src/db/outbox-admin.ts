import { and, desc, eq, inArray, notInArray, sql, type SQL } from 'drizzle-orm';
import type { OutboxState } from '../domain/delivery';
import type { Database } from './client';
import { outbox } from './schema';

export type OutboxEntry = typeof outbox.$inferSelect;

/** Which topics to show: only these, all but these, or every topic. */
export type TopicFilter = { only: string[] } | { except: string[] } | null;

/** Dead tasks (retries exhausted) or ones still waiting, newest first, for ops to see. */
export async function listOutbox(
  db: Database,
  state: OutboxState,
  limit: number,
  topics: TopicFilter = null,
): Promise<OutboxEntry[]> {
  const byState = state === 'dead' ? eq(outbox.dead, true) : sql`${outbox.processedAt} is null and not ${outbox.dead}`;
  const byTopic = topicCondition(topics);
  const where = byTopic ? and(byState, byTopic) : byState;
  return db.select().from(outbox).where(where).orderBy(desc(outbox.createdAt)).limit(limit);
}

function topicCondition(topics: TopicFilter): SQL | undefined {
  if (!topics) return undefined;
  if ('only' in topics) return topics.only.length ? inArray(outbox.topic, topics.only) : sql`false`;
  return topics.except.length ? notInArray(outbox.topic, topics.except) : undefined;
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
