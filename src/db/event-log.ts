import { and, eq, inArray, isNotNull, sql } from 'drizzle-orm';
import type { Database } from './client';
import { outbox } from './schema';

export type EventRow = Pick<
  typeof outbox.$inferSelect,
  'id' | 'topic' | 'payload' | 'createdAt' | 'stream' | 'sequence'
>;

/** The columns an event leaves Aisle with (eventEnvelope), for every reader of events. */
export const EVENT_COLUMNS = {
  id: outbox.id,
  topic: outbox.topic,
  payload: outbox.payload,
  createdAt: outbox.createdAt,
  stream: outbox.stream,
  sequence: outbox.sequence,
};

/** Where a reader of the log is: the writing transaction and identity of the last event it read. */
interface LogPlace {
  txid: string;
  position: number;
}

/** The log place of event `id`; null when there is no such event. */
export async function eventLogPlace(db: Database, id: string): Promise<LogPlace | null> {
  const [row] = await db
    .select({ txid: outbox.txid, position: outbox.position })
    .from(outbox)
    .where(and(eq(outbox.id, id), isNotNull(outbox.stream)));
  return row ?? null;
}

/**
 * Up to `limit` events after `after`, in log order. An identity (like a
 * bigserial) is drawn when a row is written, not when it commits, so ordering
 * by it alone would let a reader page past a number whose transaction is still
 * open and never see that event once it commits. So the log is ordered by the
 * writing transaction's id, then the identity, and shows only transactions
 * older than the oldest one still running (`pg_snapshot_xmin`): every one of
 * those has committed or aborted, and any transaction still to commit has an
 * id at or above that horizon, so it sorts after everything already shown.
 * The price: a long transaction anywhere holds newer events back until it ends.
 */
export async function listEvents(
  db: Database,
  query: { after: LogPlace | null; types: readonly string[] | null; limit: number },
): Promise<EventRow[]> {
  const { after, types, limit } = query;
  return db
    .select(EVENT_COLUMNS)
    .from(outbox)
    .where(
      and(
        isNotNull(outbox.stream),
        sql`${outbox.txid} < pg_snapshot_xmin(pg_current_snapshot())`,
        after ? sql`(${outbox.txid}, ${outbox.position}) > (${after.txid}::xid8, ${after.position})` : undefined,
        types ? inArray(outbox.topic, [...types]) : undefined,
      ),
    )
    .orderBy(outbox.txid, outbox.position)
    .limit(limit);
}
