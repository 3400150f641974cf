import { z } from 'zod';
import type { Database, Transaction } from '../db/client';
import type { OutboxRow } from '../db/outbox';
import { loadPricingSnapshot } from '../db/pricing';
import { anyWished, moveLastAmount, wishesOf, type WishlistIndexRow } from '../db/wishlist-index';
import { buildPriceIndex, type PriceIndex } from '../domain/pricing';
import { customerOwnerName, PRICE_CHECK_TOPIC } from '../domain/shopper';
import { unitAmountFor } from './prices';

export const PRICE_DROP_EVENT = 'customer.price_drop';

const PriceCheckPayload = z.object({ skus: z.array(z.string()) });

/**
 * The task an admin price write adds to its own transaction when someone
 * wishes one of the SKUs it may move: the EVENTS queue runs it right after
 * the commit, the cron's dispatcher if that message is lost or the run fails.
 * Null when nobody wishes any of them.
 */
export async function priceCheckTask(tx: Transaction, skus: readonly string[]): Promise<OutboxRow | null> {
  const unique = [...new Set(skus)];
  if (!(await anyWished(tx, unique))) return null;
  return { id: `${PRICE_CHECK_TOPIC}:${crypto.randomUUID()}`, topic: PRICE_CHECK_TOPIC, payload: { skus: unique } };
}

/**
 * Re-prices every indexed wish of the task's SKUs with Postgres's prices (not
 * the edge copy, which may lag) and the engine the wish list shows. A lower
 * price than the row last saw writes one `customer.price_drop` and moves the
 * row, together and only if the row has not moved meanwhile, so two racing
 * checks or a retried task announce a drop once; a rise moves the row
 * silently, so a later drop is announced again. Rows whose SKU the shopper's
 * object no longer holds (an unwish or a wish whose object write failed) are
 * left alone. Answers the ids of the drop events it wrote, to announce.
 */
export async function checkWishedPrices(deps: { env: Env; db: Database }, payload: unknown): Promise<string[]> {
  const { skus } = PriceCheckPayload.parse(payload);
  const rows = await wishesOf(deps.db, skus);
  if (rows.length === 0) return [];
  const snapshot = await deps.db.transaction((tx) => loadPricingSnapshot(tx));
  const index = buildPriceIndex(snapshot.priceBooks, snapshot.prices);
  const wished = await stillWished(deps.env, rows);
  const written: string[] = [];
  for (const row of rows.filter((candidate) => wished.has(`${candidate.customerId}:${candidate.sku}`))) {
    const eventId = await recheck(deps.db, index, row);
    if (eventId) written.push(eventId);
  }
  return written;
}

async function recheck(db: Database, index: PriceIndex, row: WishlistIndexRow): Promise<string | null> {
  const amount = unitAmountFor(index, row.sku, { channel: row.channel, group: row.customerGroup });
  if (amount === null || amount === row.lastAmount) return null;
  const from = row.lastAmount;
  const dropped = from !== null && amount < from;
  return moveLastAmount(
    db,
    { customerId: row.customerId, sku: row.sku, from, to: amount },
    dropped ? (dropNumber) => priceDropEvent(row, from, amount, dropNumber) : null,
  );
}

/** Which index rows the shoppers' objects still wish, as `customerId:sku`. */
async function stillWished(env: Env, rows: readonly WishlistIndexRow[]): Promise<Set<string>> {
  const byCustomer = new Map<string, string[]>();
  for (const row of rows) byCustomer.set(row.customerId, [...(byCustomer.get(row.customerId) ?? []), row.sku]);
  const confirmed = await Promise.all(
    [...byCustomer].map(async ([customerId, customerSkus]) => {
      const items = await env.SHOPPER.getByName(customerOwnerName(customerId)).wishedAmong(customerSkus);
      return items.map((item) => `${customerId}:${item.sku}`);
    }),
  );
  return new Set(confirmed.flat());
}

/** The n-th drop of a wish: its id names the drop, so writing it again is a conflict, not a second alert. */
function priceDropEvent(row: WishlistIndexRow, oldAmount: number, newAmount: number, dropNumber: number): OutboxRow {
  const { customerId, sku, channel, currency } = row;
  return {
    id: `${PRICE_DROP_EVENT}:${customerId}:${sku}:${dropNumber}`,
    topic: PRICE_DROP_EVENT,
    payload: { customerId, sku, channel, currency, oldAmount, newAmount },
  };
}
