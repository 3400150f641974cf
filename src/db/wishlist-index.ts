import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Database, Transaction } from './client';
import { enqueueOutboxRows, type OutboxRow } from './outbox';
import { prices, wishlistIndex } from './schema';
import { replaceOnConflict } from './upsert';

export type WishlistIndexRow = typeof wishlistIndex.$inferSelect;
export type NewWishlistIndexRow = Omit<typeof wishlistIndex.$inferInsert, 'drops' | 'createdAt' | 'updatedAt'>;

/**
 * Indexes wished SKUs for price drops. `keep` leaves a row already there as
 * it is (wishing a SKU again is not a new wish, its price history goes on);
 * `refresh` restarts it at the given channel, group and amount (a new wish
 * over a row left behind). `drops` is never reset, so drop event ids stay
 * unique.
 */
export async function indexWishes(
  db: Database,
  rows: readonly NewWishlistIndexRow[],
  existing: 'keep' | 'refresh',
): Promise<void> {
  if (rows.length === 0) return;
  const insert = db.insert(wishlistIndex).values([...rows]);
  const target = [wishlistIndex.customerId, wishlistIndex.sku];
  if (existing === 'keep') await insert.onConflictDoNothing({ target });
  else {
    await insert.onConflictDoUpdate({
      target,
      set: replaceOnConflict(wishlistIndex, ['channel', 'customerGroup', 'currency', 'lastAmount']),
    });
  }
}

export async function unindexWishes(db: Database, customerId: string, skus: readonly string[]): Promise<void> {
  if (skus.length === 0) return;
  await db
    .delete(wishlistIndex)
    .where(and(eq(wishlistIndex.customerId, customerId), inArray(wishlistIndex.sku, [...skus])));
}

/** Whether anyone wishes one of `skus`: a price write schedules a check only then. */
export async function anyWished(tx: Transaction, skus: readonly string[]): Promise<boolean> {
  if (skus.length === 0) return false;
  const rows = await tx
    .select({ sku: wishlistIndex.sku })
    .from(wishlistIndex)
    .where(inArray(wishlistIndex.sku, [...skus]))
    .limit(1);
  return rows.length > 0;
}

/** The SKUs priced in the given books: what a price book's change can move. */
export async function skusPricedIn(tx: Transaction, priceBookIds: readonly string[]): Promise<string[]> {
  if (priceBookIds.length === 0) return [];
  const rows = await tx
    .selectDistinct({ sku: prices.sku })
    .from(prices)
    .where(inArray(prices.priceBookId, [...priceBookIds]));
  return rows.map((row) => row.sku);
}

export async function wishesOf(db: Database, skus: readonly string[]): Promise<WishlistIndexRow[]> {
  if (skus.length === 0) return [];
  return db
    .select()
    .from(wishlistIndex)
    .where(inArray(wishlistIndex.sku, [...skus]));
}

/**
 * Moves a row's last amount from `from` to `to`, only if it still is `from`
 * (a racing check that moved it first wins, and this one does nothing). A
 * drop also counts itself and writes `drop(n)` (the n-th drop's event) in
 * the same transaction, so each drop is announced exactly once. Answers
 * the id of the drop's event this call wrote, or null (a rise, or a racing
 * check moved the row first).
 */
export async function moveLastAmount(
  db: Database,
  row: { customerId: string; sku: string; from: number | null; to: number },
  drop: ((dropNumber: number) => OutboxRow) | null,
): Promise<string | null> {
  return db.transaction(async (tx) => {
    const moved = await tx
      .update(wishlistIndex)
      .set({
        lastAmount: row.to,
        updatedAt: sql`now()`,
        ...(drop && { drops: sql`${wishlistIndex.drops} + 1` }),
      })
      .where(
        and(
          eq(wishlistIndex.customerId, row.customerId),
          eq(wishlistIndex.sku, row.sku),
          row.from === null ? sql`${wishlistIndex.lastAmount} is null` : eq(wishlistIndex.lastAmount, row.from),
        ),
      )
      .returning({ drops: wishlistIndex.drops });
    const [updated] = moved;
    if (!updated || !drop) return null;
    const event = drop(updated.drops);
    await enqueueOutboxRows(tx, [event]);
    return event.id;
  });
}
