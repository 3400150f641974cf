import { sql } from 'drizzle-orm';
import { BACK_IN_STOCK_NOTIFY_TOPIC, notifyTaskId, type BackInStockNotice } from '../domain/back-in-stock';
import { TRANSITION_TOPICS } from '../domain/stock';
import type { Database, Transaction } from './client';
import { enqueueOutboxRows, type OutboxRow } from './outbox';
import { backInStockSubscriptions, type inventoryMovements } from './schema';

export type LedgerMovementRow = typeof inventoryMovements.$inferInsert;

/** What one StockDO ships at a time: its next movements and transition events. */
export interface LedgerBatch {
  movements: readonly LedgerMovementRow[];
  events: readonly OutboxRow[];
}

/**
 * Appends StockDOs' log batches to the ledger and the outbox in one
 * transaction. Rows already there (a batch re-shipped after a lost
 * acknowledgement) are skipped, so each movement id lands exactly once.
 * Several StockDOs' batches travel together (durable-objects/ledger), one
 * statement per table for all of them.
 *
 * Each table's rows go as one JSON parameter that Postgres expands with
 * json_populate_recordset (column types from the table itself) rather than as
 * a multi-row VALUES list: building a few hundred bind parameters per batch
 * through the query builder was a fifth of the Worker's CPU while 10,000 SKUs
 * were stocked at once.
 *
 * Answers, per batch, the outbox rows written that have someone to reach,
 * for its StockDO to announce: a back-in-stock event brings its notify task
 * where a subscription is waiting for it (see waitedNotifyTasks), and an
 * event no webhook endpoint takes is settled as it is written (outboxWrites).
 */
export async function appendLedgerBatches(db: Database, batches: readonly LedgerBatch[]): Promise<OutboxRow[][]> {
  const movements = batches.flatMap((batch) => batch.movements);
  const events = batches.flatMap((batch) => batch.events);
  return db.transaction(async (tx) => {
    if (movements.length > 0) {
      await tx.execute(sql`
        insert into inventory_movements (id, sku, location_id, kind, on_hand_delta, reserved_delta, quantity, reference, flagged, occurred_at)
        select id, sku, location_id, kind, on_hand_delta, reserved_delta, quantity, reference, flagged, occurred_at
        from json_populate_recordset(null::inventory_movements, ${JSON.stringify(movements.map(movementRecord))}::json)
        on conflict (id) do nothing`);
    }
    const tasks = await waitedNotifyTasks(tx, events);
    const written = batches.map((batch) => [
      ...batch.events,
      ...batch.events.flatMap((event) => tasks.get(event.id) ?? []),
    ]);
    const announced = new Set(await enqueueOutboxRows(tx, written.flat()));
    return written.map((batch) => batch.filter((row) => announced.has(row)));
  });
}

/**
 * The notify task of each back-in-stock event in the batch, for those a
 * subscription waits for (the task's own check: waiting, subscribed by the
 * transition), written with the event so a transition that lands always has
 * its fan-out queued, once (the task's id derives from the event's). They
 * are made here rather than recorded by the StockDO: the StockDO cannot know
 * who waits (that is Postgres's, and the stock path never reads it), and
 * stocking a catalog for the first time is a transition at every location,
 * 10,000 SKUs at 20 locations 210,000 tasks that would notify no one. A
 * subscription committed after this transaction was not there to be told
 * either way.
 */
async function waitedNotifyTasks(tx: Transaction, events: readonly OutboxRow[]): Promise<Map<string, OutboxRow>> {
  const notices = events
    .filter((row) => row.topic === TRANSITION_TOPICS.back_in_stock)
    .map((row) => {
      const { sku, locationId, occurredAt } = row.payload as Omit<BackInStockNotice, 'eventId'>;
      const notice: BackInStockNotice = { sku, locationId, eventId: row.id, occurredAt };
      return { notice, createdAt: row.createdAt };
    });
  if (notices.length === 0) return new Map();
  const asked = notices.map(({ notice }) => ({
    event_id: notice.eventId,
    sku: notice.sku,
    location_id: notice.locationId,
    occurred_at: notice.occurredAt,
  }));
  const s = backInStockSubscriptions;
  const awaited = await tx.execute<{ event_id: string }>(sql`
    select n.event_id from json_to_recordset(${JSON.stringify(asked)}::json)
      as n(event_id text, sku text, location_id text, occurred_at timestamptz)
    where exists (
      select 1 from ${s}
      where ${s.sku} = n.sku and ${s.status} = 'waiting' and ${s.createdAt} <= n.occurred_at
        and (${s.locationId} = n.location_id or (${s.locationId} is null and n.location_id is null)))`);
  const waited = new Set(awaited.rows.map((row) => row.event_id));
  return new Map(
    notices
      .filter(({ notice }) => waited.has(notice.eventId))
      .map(({ notice, createdAt }) => [
        notice.eventId,
        { id: notifyTaskId(notice.eventId), topic: BACK_IN_STOCK_NOTIFY_TOPIC, payload: { ...notice }, createdAt },
      ]),
  );
}

const movementRecord = (row: LedgerMovementRow) => ({
  id: row.id,
  sku: row.sku,
  location_id: row.locationId,
  kind: row.kind,
  on_hand_delta: row.onHandDelta,
  reserved_delta: row.reservedDelta,
  quantity: row.quantity,
  reference: row.reference ?? null,
  flagged: row.flagged ?? false,
  occurred_at: row.occurredAt,
});
