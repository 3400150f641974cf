import { describe, expect, it } from 'vitest';
import { api, uniqueId } from '../helpers/api';
import { createProducts } from '../helpers/catalog';
import { newGuest } from '../helpers/carts';
import { newCustomer, shopper, shopperOf, skusOf } from '../helpers/shopper';
import { opsToken, posAt } from '../helpers/tokens';

describe('recently viewed', () => {
  it('lists views newest first with titles, each SKU once (a second view moves it up)', async () => {
    const [a, b, c] = await createProducts(3);
    const me = await newCustomer();
    for (const sku of [a, b, c, a]) {
      const res = await me.view(sku!);
      expect(res.status).toBe(204);
    }
    const res = await me.recentlyViewed();
    expect(res.status).toBe(200);
    expect(skusOf(res)).toEqual([a, c, b]);
    expect(res.body.items[0]).toMatchObject({ sku: a, title: `Product ${a}` });
    expect(Number.isNaN(Date.parse(res.body.items[0].viewedAt))).toBe(false);
  });

  it('shows the newest 20 and keeps the newest 50', async () => {
    const skus = await createProducts(55);
    const me = await newCustomer();
    for (const sku of skus) await me.view(sku);
    const newestFirst = [...skus].reverse();
    expect(skusOf(await me.recentlyViewed())).toEqual(newestFirst.slice(0, 20));
    const kept = await shopperOf(`customer:${me.id}`).recentlyViewed();
    expect(kept.map((view) => view.sku)).toEqual(newestFirst.slice(0, 50));
  });

  it('refuses an unknown SKU with 422', async () => {
    const me = await newCustomer();
    const res = await me.view(uniqueId('NOPE'));
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('unprocessable');
    expect(skusOf(await me.recentlyViewed())).toEqual([]);
  });

  it('takes views from guests too', async () => {
    const [sku] = await createProducts(1);
    const guest = shopper((await newGuest()).token, 'app');
    expect((await guest.view(sku!)).status).toBe(204);
    expect(skusOf(await guest.recentlyViewed())).toEqual([sku]);
  });

  it('is for customers and guests only: tills and ops are 403, no token is 401', async () => {
    const [sku] = await createProducts(1);
    for (const token of [await posAt(uniqueId('store')), await opsToken()]) {
      expect((await api('/v1/me/views', { method: 'POST', token, body: { sku } })).status).toBe(403);
      expect((await api('/v1/me/recently-viewed', { token })).status).toBe(403);
    }
    expect((await api('/v1/me/views', { method: 'POST', body: { sku } })).status).toBe(401);
    expect((await api('/v1/me/recently-viewed')).status).toBe(401);
  });
});
