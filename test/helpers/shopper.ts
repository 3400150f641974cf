import { env } from 'cloudflare:workers';
import { and, eq, like, sql } from 'drizzle-orm';
import { expect } from 'vitest';
import { outbox, wishlistIndex } from '../../src/db/schema';
import { PRICE_CHECK_TOPIC } from '../../src/domain/shopper';
import { api, uniqueId } from './api';
import { customerToken, tokenFor } from './tokens';
import { withDatabase } from './postgres';

/** A shopper's wish list and views through the API, with one token on one channel. */
export function shopper(token: string, channel = 'web') {
  const call = (path: string, init: { method?: string; body?: unknown } = {}) =>
    api(path, { ...init, token, headers: { 'x-channel': channel } });
  return {
    token,
    wishlist: (locationId?: string) => call(`/v1/wishlist${locationId ? `?locationId=${locationId}` : ''}`),
    wish: (sku: string) => call(`/v1/wishlist/items/${sku}`, { method: 'PUT' }),
    unwish: (sku: string) => call(`/v1/wishlist/items/${sku}`, { method: 'DELETE' }),
    view: (sku: string) => call('/v1/me/views', { method: 'POST', body: { sku } }),
    recentlyViewed: () => call('/v1/me/recently-viewed'),
  };
}

/** A customer with an id of their own (and, if given, a customer group). */
export async function newCustomer(channel = 'web', group?: string) {
  const id = uniqueId('cus');
  const token = group ? await tokenFor({ role: 'customer', sub: id, grp: group }) : await customerToken(id);
  return { id, ...shopper(token, channel) };
}

export const skusOf = (res: { body: { items: { sku: string }[] } }) => res.body.items.map((item) => item.sku);

/**
 * Waits until every wish-list price check of `sku` has run: an admin price
 * write puts its check on the EVENTS queue and answers before it runs. A
 * check that fails stays unprocessed, so this times out and the test fails.
 */
export async function priceChecksDone(sku: string): Promise<void> {
  const pending = () =>
    withDatabase(async (db) => {
      const { rows } = await db.execute<{ n: number }>(sql`select count(*)::int as n from outbox
        where topic = ${PRICE_CHECK_TOPIC} and payload->'skus' @> ${JSON.stringify([sku])}::jsonb
          and processed_at is null`);
      return rows[0]?.n;
    });
  await expect.poll(pending, { timeout: 10_000, interval: 50 }).toBe(0);
}

/**
 * The customer.price_drop events written for a customer's wish of `sku`, in
 * the order of their drops, once the price checks of `sku` have run.
 */
export const priceDrops = async (customerId: string, sku: string) => {
  await priceChecksDone(sku);
  return withDatabase(async (db) => {
    const rows = await db
      .select()
      .from(outbox)
      .where(like(outbox.id, `customer.price_drop:${customerId}:${sku}:%`));
    const dropNumber = (id: string) => Number(id.split(':').pop());
    return rows.sort((a, b) => dropNumber(a.id) - dropNumber(b.id)).map((row) => row.payload);
  });
};

/** The price-drop index row of a customer's wish, or undefined. */
export const indexRow = (customerId: string, sku: string) =>
  withDatabase(async (db) => {
    const [row] = await db
      .select()
      .from(wishlistIndex)
      .where(and(eq(wishlistIndex.customerId, customerId), eq(wishlistIndex.sku, sku)));
    return row;
  });

export const shopperOf = (name: string) => env.SHOPPER.getByName(name);
