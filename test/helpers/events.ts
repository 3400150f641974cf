import { eq } from 'drizzle-orm';
import { enqueueOutboxRows, type OutboxRow } from '../../src/db/outbox';
import { outbox } from '../../src/db/schema';
import { api, uniqueId } from './api';
import { device } from './carts';
import { checkoutWith, handOver, TEST_PAYMENT, type Shop } from './checkout';
import { withDatabase } from './postgres';
import { customerToken, opsToken } from './tokens';

/** The events of one stream as stored, in sequence order. */
export const streamEvents = (stream: string) =>
  withDatabase((db) =>
    db
      .select({ id: outbox.id, topic: outbox.topic, sequence: outbox.sequence })
      .from(outbox)
      .where(eq(outbox.stream, stream))
      .orderBy(outbox.sequence),
  );

/** Writes events as a writer of the system would, in one statement. */
export const writeEvents = (rows: OutboxRow[]) => withDatabase((db) => enqueueOutboxRows(db, rows));

/** A `customer.price_drop` in a stream of the test's own. */
export const priceDrop = (customerId: string, id = uniqueId('evt')): OutboxRow => ({
  id,
  topic: 'customer.price_drop',
  payload: { customerId, sku: 'SKU-X', channel: 'web', currency: 'USD', oldAmount: 1000, newAmount: 900 },
});

export async function readLog(query: string) {
  return api(`/v1/admin/events${query}`, { token: await opsToken() });
}

/** Every event after `after` (pages of `limit`), as the log lists them. */
export async function readLogToEnd(after: string, limit = 100) {
  const events: { id: string; stream: string; sequence: number; type: string; data: unknown }[] = [];
  let next = after;
  for (;;) {
    const page = await readLog(`?after=${encodeURIComponent(next)}&limit=${limit}`);
    if (page.status !== 200) throw new Error(`event log answered ${page.status}`);
    events.push(...page.body.events);
    if (page.body.events.length < limit) return { events, next: page.body.next as string };
    next = page.body.next;
  }
}

/** A pickup order a shopper placed on `channel` and collected at the shop's store. */
export async function collectedOrder(
  shop: Shop,
  options: { sub?: string; channel?: string; quantity?: number; sku?: string } = {},
) {
  const { sub = uniqueId('cus'), channel = 'web', quantity = 1, sku = shop.skus[0]! } = options;
  const token = await customerToken(sub);
  const cart = device(token, channel);
  await cart.add(sku, quantity);
  await cart.fulfil('pickup', shop.storeId);
  const placed = await checkoutWith(token, { payment: TEST_PAYMENT }, { channel });
  if (placed.status !== 201) throw new Error(`checkout answered ${placed.status}`);
  const picked = await handOver(placed.body.id, shop.storeId);
  if (picked.status !== 200) throw new Error(`pickup answered ${picked.status}`);
  return { token, id: placed.body.id as string };
}
