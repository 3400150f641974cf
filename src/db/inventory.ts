import { sql } from 'drizzle-orm';
import { BACK_IN_STOCK_NOTIFY_TOPIC } from '../domain/back-in-stock';
import type { Database, Transaction } from './client';
import { enqueueOutboxRows, type OutboxRow } from './outbox';
import { backInStockSubscriptions, type inventoryMovements } from './schema';

export type LedgerMovementRow = typeof inventoryMovements.$inferInsert;

/**
 * Appends a batch of a StockDO's log to the ledger and the outbox in one
 * transaction. Rows already there (a batch re-shipped after a lost
 * acknowledgement) are skipped, so each movement id lands exactly once.
 *
 * Each table's rows go as one JSON parameter that Postgres expands with
 * json_populate_recordset (column types from the table itself) rather than as
 * a multi-row VALUES list: every StockDO ships its own batches, and building a
 * few hundred bind parameters per batch through the query builder was a fifth
 * of the Worker's CPU while 10,000 SKUs were stocked at once.
 *
 * Answers the outbox rows written: a back-in-stock notify task is written
 * only where a subscription is waiting for it (see withWaitingSubscribers).
 */
export async function appendLedgerBatch(
  db: Database,
  movements: readonly LedgerMovementRow[],
  events: readonly OutboxRow[],
): Promise<OutboxRow[]> {
  return db.transaction(async (tx) => {
    if (movements.length > 0) {
      await tx.execute(sql`
        insert into inventory_movements (id, sku, location_id, kind, on_hand_delta, reserved_delta, quantity, reference, flagged, occurred_at)
        select id, sku, location_id, kind, on_hand_delta, reserved_delta, quantity, reference, flagged, occurred_at
        from json_populate_recordset(null::inventory_movements, ${JSON.stringify(movements.map(movementRecord))}::json)
        on conflict (id) do nothing`);
    }
    const written = await withWaitingSubscribers(tx, events);
    await enqueueOutboxRows(tx, written);
    return written;
  });
}

/**
 * The rows without the notify tasks nobody waits for. Every transition from
 * nothing records one (the StockDO cannot know who waits: that is Postgres's,
 * and the stock path never reads it), and stocking a catalog for the first
 * time is a transition at every location: 10,000 SKUs at 20 locations would
 * otherwise queue 210,000 tasks that notify no one, ahead of every webhook.
 * The check matches the task's own (waiting, subscribed by the transition),
 * so a task it drops is one that would have notified nobody, as far as this
 * transaction can see; a subscription committed after it was not there to
 * be told either way.
 */
async function withWaitingSubscribers(tx: Transaction, rows: readonly OutboxRow[]): Promise<OutboxRow[]> {
  const notices = rows.filter((row) => row.topic === BACK_IN_STOCK_NOTIFY_TOPIC);
  if (notices.length === 0) return [...rows];
  const asked = notices.map((row) => {
    const notice = row.payload as { sku: string; locationId: string | null; occurredAt: string };
    return { id: row.id, sku: notice.sku, location_id: notice.locationId, occurred_at: notice.occurredAt };
  });
  const s = backInStockSubscriptions;
  const awaited = await tx.execute<{ id: string }>(sql`
    select n.id from json_to_recordset(${JSON.stringify(asked)}::json)
      as n(id text, sku text, location_id text, occurred_at timestamptz)
    where exists (
      select 1 from ${s}
      where ${s.sku} = n.sku and ${s.status} = 'waiting' and ${s.createdAt} <= n.occurred_at
        and (${s.locationId} = n.location_id or (${s.locationId} is null and n.location_id is null)))`);
  const keep = new Set(awaited.rows.map((row) => row.id));
  return rows.filter((row) => row.topic !== BACK_IN_STOCK_NOTIFY_TOPIC || keep.has(row.id));
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
