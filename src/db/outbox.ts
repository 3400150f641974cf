import { and, eq, isNull, like, sql, type SQL } from 'drizzle-orm';
import { EVENT_TYPES, eventStream } from '../domain/events';
import type { Database, Transaction } from './client';
import { outbox } from './schema';
import { endpointTakes } from './webhook-deliveries';

export type OutboxRow = Pick<typeof outbox.$inferInsert, 'id' | 'topic' | 'payload' | 'createdAt' | 'availableAt'>;

// Endpoint `w` takes the outbox row being written (`f`), as the fan-out would (endpointTakes).
const takesF = endpointTakes({ topic: sql`f.topic`, createdAt: sql`coalesce(f.created_at, now())` });

/**
 * The data-modifying CTEs (named `<name>_…`) that write outbox rows and number
 * each event in its stream, for a statement's WITH list: data-modifying CTEs
 * must sit at the top level, so a writer with its own CTEs (insertOrder,
 * notifyWaiting) splices these in. `source` selects `id, topic, payload,
 * created_at, available_at, stream, ord`. The stream counter is bumped by the same statement
 * that writes the events, so its row lock orders concurrent writers of one
 * stream: the second waits for the first to commit and reads its number, and
 * sequences never repeat or run backwards. Counters are locked in stream order
 * so two writers of the same streams cannot deadlock. A row whose id is
 * already there (a repeat of the change) is skipped and takes no number; only
 * two writers of the same id racing can leave a gap (one wins the id), which
 * never reorders a stream.
 *
 * An event no webhook endpoint takes is written already fanned out: there is
 * nothing to announce for it, and `settled` (a text[] of their ids, for the
 * statement's answer) says which; toAnnounce drops them from what was written.
 * Most events have no taker (a shop without webhooks, a topic nobody
 * subscribes to); announced, each would cost a queue message and a consumer
 * run with its own Postgres connection that finds no endpoint. An endpoint
 * created after an event happened never takes it, so settling it now changes
 * nothing any endpoint receives, bar one whose creation was in flight,
 * stamped before the event and committed after this statement: the
 * consumer's later fan-out would have found it.
 */
export function outboxWrites(name: string, source: SQL): { writes: SQL[]; settled: SQL } {
  const [incoming, fresh, streams, written] = ['incoming', 'fresh', 'streams', 'written'].map((part) =>
    sql.raw(`${name}_${part}`),
  );
  const writes = [
    sql`${incoming} as (${source})`,
    sql`${fresh} as (select * from ${incoming} i where not exists (select 1 from outbox o where o.id = i.id))`,
    sql`${streams} as (
      insert into event_streams (stream, last_sequence)
      select stream, count(*) from ${fresh} where stream is not null group by stream order by stream
      on conflict (stream) do update set last_sequence = event_streams.last_sequence + excluded.last_sequence
      returning stream, last_sequence)`,
    sql`${written} as (
      insert into outbox (id, topic, payload, created_at, available_at, stream, sequence, fanned_out_at)
      select f.id, f.topic, f.payload, coalesce(f.created_at, now()), coalesce(f.available_at, now()), f.stream,
        s.last_sequence - count(*) over (partition by f.stream) + row_number() over (partition by f.stream order by f.ord),
        case when f.topic = any(${sql.param([...EVENT_TYPES])}::text[]) and not exists (
          select 1 from webhook_endpoints w where ${takesF}) then now() end
      from ${fresh} f left join ${streams} s on s.stream = f.stream
      order by f.ord
      on conflict (id) do nothing
      returning id, fanned_out_at)`,
  ];
  return { writes, settled: sql`array(select id from ${written} where fanned_out_at is not null)` };
}

/** What a writer still announces of the rows it wrote: all but the events settled at write. */
export function toAnnounce<Row extends { id: string }>(rows: readonly Row[], settled: readonly string[]): Row[] {
  const done = new Set(settled);
  return rows.filter((row) => !done.has(row.id));
}

/**
 * `rows` as outboxWrites' source, each with its stream; `payload` may rewrite
 * each row's payload (`r.payload`) in SQL, e.g. to add the order's number.
 */
export function outboxRowsSource(rows: readonly OutboxRow[], payload: SQL = sql`r.payload`): SQL {
  const records = rows.map((row, ord) => ({
    id: row.id,
    topic: row.topic,
    payload: row.payload,
    created_at: row.createdAt ?? null,
    available_at: row.availableAt ?? null,
    stream: eventStream(row.topic, row.payload),
    ord,
  }));
  return sql`select r.id, r.topic, ${payload} as payload, r.created_at, r.available_at, r.stream, r.ord
    from jsonb_to_recordset(${JSON.stringify(records)}::jsonb)
      as r(id text, topic text, payload jsonb, created_at timestamptz, available_at timestamptz, stream text, ord int)`;
}

/**
 * Adds events and tasks to the outbox, events numbered in their streams; an
 * id already there (a retried delivery) is skipped, so each lands once.
 * `payload` as in outboxRowsSource. Answers the rows still to announce after
 * the commit: all but the events no endpoint takes (see outboxWrites).
 */
export async function enqueueOutboxRows<Row extends OutboxRow>(
  db: Database | Transaction,
  rows: readonly Row[],
  payload?: SQL,
): Promise<Row[]> {
  if (rows.length === 0) return [];
  const { writes, settled } = outboxWrites('outbox', outboxRowsSource(rows, payload));
  const result = await db.execute<{ settled: string[] }>(
    sql`with ${sql.join(writes, sql`, `)} select ${settled} as settled`,
  );
  return toAnnounce(rows, result.rows[0]?.settled ?? []);
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
