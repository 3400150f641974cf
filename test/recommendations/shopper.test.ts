import { describe, expect, it } from 'vitest';
import { api, uniqueId } from '../helpers/api';
import { openShop, runDispatcher } from '../helpers/checkout';
import { countStock } from '../helpers/stock';
import { customerToken, opsToken, posAt } from '../helpers/tokens';
import { newGuest } from '../helpers/carts';
import { checkoutOf, tillSaleOf } from './orders';

/** The shopper's views, given newest first, recorded oldest first as they happened. */
async function view(customerId: string, newestFirst: readonly string[]) {
  const token = await customerToken(customerId);
  for (const sku of [...newestFirst].reverse()) {
    expect((await api('/v1/me/views', { method: 'POST', token, body: { sku } })).status).toBe(204);
  }
}

async function recommend(customerId: string, query = '') {
  const res = await api(`/v1/me/recommendations${query}`, { token: await customerToken(customerId) });
  expect(res.status).toBe(200);
  return res.body as { items: { sku: string }[] };
}

describe('recommendations for a shopper', () => {
  it('offers what they viewed and did not buy, then what goes with what they bought on any channel, if in stock where they are', async () => {
    const shop = await openShop({ skus: 9, units: 10 });
    const [a, b, c, x, y, z, w, viewedOnly] = shop.skus as [
      string,
      string,
      string,
      string,
      string,
      string,
      string,
      string,
    ];
    const customerId = uniqueId('cus');
    // What the shopper bought: a and b online, c at the till.
    await checkoutOf(shop, [a, b], customerId);
    await tillSaleOf(shop, [c], customerId);
    // Everyone else's baskets: x goes with a twice, w with a and b, y with b, z with c.
    await tillSaleOf(shop, [a, x]);
    await checkoutOf(shop, [x, a]);
    await tillSaleOf(shop, [a, b, w]);
    await checkoutOf(shop, [b, y]);
    await tillSaleOf(shop, [c, z]);
    await runDispatcher();
    await countStock([y], { [shop.storeId]: 0 });

    await view(customerId, [viewedOnly, a, z]);
    const { items } = await recommend(customerId, `?locationId=${shop.storeId}&limit=10`);

    const title = (sku: string) => `Product ${sku}`;
    // x and w both score 2 (w once with a, once with b), in SKU order; y has none left at the store.
    const leftAtStore: Record<string, number> = { [x]: 8, [w]: 9 };
    const together = [x, w].sort().map((sku) => ({
      sku,
      title: title(sku),
      reason: 'bought_together',
      available: leftAtStore[sku],
    }));
    expect(items).toEqual([
      { sku: viewedOnly, title: title(viewedOnly), reason: 'viewed', available: 10 },
      { sku: z, title: title(z), reason: 'viewed', available: 9 },
      ...together,
    ]);
    for (const bought of [a, b, c]) expect(items.some((item) => item.sku === bought)).toBe(false);

    const firstTwo = await recommend(customerId, `?locationId=${shop.storeId}&limit=2`);
    expect(firstTwo.items.map((item) => item.sku)).toEqual([viewedOnly, z]);
  });

  it('offers nothing that is not available from the ship-from network when no store is given', async () => {
    // The shop's units are all at its store; its warehouse, the only place that ships, has none.
    const shop = await openShop({ skus: 3, units: 10 });
    const [a, b, viewed] = shop.skus as [string, string, string];
    const customerId = uniqueId('cus');
    await tillSaleOf(shop, [a], customerId);
    await tillSaleOf(shop, [a, b]);
    await runDispatcher();

    await view(customerId, [viewed]);
    expect(await recommend(customerId)).toEqual({ items: [] });
    expect((await recommend(customerId, `?locationId=${shop.storeId}`)).items).toEqual([
      { sku: viewed, title: `Product ${viewed}`, reason: 'viewed', available: 10 },
      { sku: b, title: `Product ${b}`, reason: 'bought_together', available: 9 },
    ]);
  });

  it('is for the signed-in customer only: guests, tills and ops are refused, no token is 401', async () => {
    const shop = await openShop();
    const guest = await newGuest();
    expect((await api('/v1/me/recommendations', { token: guest.token })).status).toBe(403);
    expect((await api('/v1/me/recommendations', { token: await posAt(shop.storeId) })).status).toBe(403);
    expect((await api('/v1/me/recommendations', { token: await opsToken() })).status).toBe(403);
    expect((await api('/v1/me/recommendations')).status).toBe(401);
  });
});
