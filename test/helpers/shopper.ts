import { env } from 'cloudflare:workers';
import { and, eq, like } from 'drizzle-orm';
import { outbox, wishlistIndex } from '../../src/db/schema';
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

/** The customer.price_drop events written for a customer's wish of `sku`, in the order of their drops. */
export const priceDrops = (customerId: string, sku: string) =>
  withDatabase(async (db) => {
    const rows = await db
      .select()
      .from(outbox)
      .where(like(outbox.id, `customer.price_drop:${customerId}:${sku}:%`));
    const dropNumber = (id: string) => Number(id.split(':').pop());
    return rows.sort((a, b) => dropNumber(a.id) - dropNumber(b.id)).map((row) => row.payload);
  });

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
