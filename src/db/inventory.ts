import type { Database } from './client';
import type { OutboxRow } from './outbox';
import { inventoryMovements, outbox } from './schema';

export type LedgerMovementRow = typeof inventoryMovements.$inferInsert;

/**
 * Appends a batch of a StockDO's log to the ledger and the outbox in one
 * transaction. Rows already there (a batch re-shipped after a lost
 * acknowledgement) are skipped, so each movement id lands exactly once.
 */
export async function appendLedgerBatch(db: Database, movements: readonly LedgerMovementRow[], events: readonly OutboxRow[]): Promise<void> {
  await db.transaction(async (tx) => {
    if (movements.length > 0) await tx.insert(inventoryMovements).values([...movements]).onConflictDoNothing({ target: inventoryMovements.id });
    if (events.length > 0) await tx.insert(outbox).values([...events]).onConflictDoNothing({ target: outbox.id });
  });
}
