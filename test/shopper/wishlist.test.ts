import { describe, expect, it } from 'vitest';
import { api, uniqueId } from '../helpers/api';
import { createProducts, priceSkus, putProducts, seedCatalog } from '../helpers/catalog';
import { newGuest } from '../helpers/carts';
import { indexRow, newCustomer, shopper, shopperOf, skusOf } from '../helpers/shopper';
import { countStock } from '../helpers/stock';
import { opsToken, posAt } from '../helpers/tokens';

describe('the wish list', () => {
  it('keeps each SKU once, oldest first, and forgets one on DELETE', async () => {
    const [tee, mug] = await createProducts(2);
    const me = await newCustomer();
    expect(skusOf(await me.wish(tee!))).toEqual([tee]);
    const again = await me.wish(tee!);
    expect(again.status).toBe(200);
    expect(skusOf(again)).toEqual([tee]);
    expect(skusOf(await me.wish(mug!))).toEqual([tee, mug]);

    const removed = await me.unwish(tee!);
    expect(removed.status).toBe(200);
    expect(skusOf(removed)).toEqual([mug]);
    expect(skusOf(await me.wishlist())).toEqual([mug]);
    const gone = await me.unwish(tee!);
    expect(gone.status).toBe(404);
    expect(gone.body.code).toBe('not_found');
  });

  it('loses no wish when two devices wish at once', async () => {
    const skus = await createProducts(20);
    const me = await newCustomer('web');
    const phone = shopper(me.token, 'app');
    const answers = await Promise.all(skus.map((sku, i) => (i % 2 ? phone : me).wish(sku)));
    expect(answers.every((res) => res.status === 200)).toBe(true);
    expect(skusOf(await me.wishlist()).sort()).toEqual([...skus].sort());
  });

  it('keeps the date a SKU was first wished when it is wished again', async () => {
    const [sku] = await createProducts(1);
    const me = await newCustomer();
    const first = (await me.wish(sku!)).body.items[0].addedAt;
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect((await me.wish(sku!)).body.items[0].addedAt).toBe(first);
    expect(Number.isNaN(Date.parse(first))).toBe(false);
  });

  it('refuses an unknown or inactive SKU with 422', async () => {
    const [retired] = await createProducts(1);
    await putProducts([{ sku: retired, title: 'Retired', active: false }]);
    const me = await newCustomer();
    const unknown = await me.wish(uniqueId('NOPE'));
    expect(unknown.status).toBe(422);
    expect(unknown.body.code).toBe('unprocessable');
    expect((await me.wish(retired!)).status).toBe(422);
    expect(skusOf(await me.wishlist())).toEqual([]);
  });

  it('prices each item for the caller: their channel and their customer group', async () => {
    const [sku] = await createProducts(1);
    await priceSkus({ [sku!]: 1000 });
    await priceSkus({ [sku!]: 950 }, { channel: 'app' });
    await priceSkus({ [sku!]: 800 }, { customerGroup: 'vip' });
    const web = await newCustomer('web');
    const app = await newCustomer('app');
    const vip = await newCustomer('web', 'vip');
    for (const who of [web, app, vip]) await who.wish(sku!);

    const priceOf = async (who: typeof web) => (await who.wishlist()).body.items[0];
    expect(await priceOf(web)).toMatchObject({ sku, title: `Product ${sku}`, unitAmount: 1000 });
    expect((await priceOf(app)).unitAmount).toBe(950);
    expect((await priceOf(vip)).unitAmount).toBe(800);
  });

  it('shows a SKU without a price as unpriced (null), not as an error', async () => {
    const [sku] = await createProducts(1);
    const me = await newCustomer();
    await me.wish(sku!);
    expect((await me.wishlist()).body.items[0].unitAmount).toBeNull();
  });

  it('shows live availability network-wide (ship-from locations) or at ?locationId=', async () => {
    const store = uniqueId('store');
    const shop = uniqueId('shop');
    const [sku] = await createProducts(1);
    await seedCatalog([], [{ id: store }, { id: shop, shipFrom: false }]);
    await countStock([sku!], { [store]: 4, [shop]: 2 });
    const me = await newCustomer();
    await me.wish(sku!);

    expect((await me.wishlist()).body.items[0].available).toBe(4);
    expect((await me.wishlist(shop)).body.items[0].available).toBe(2);
    const unknown = await me.wishlist(uniqueId('nowhere'));
    expect(unknown.status).toBe(422);
    expect(unknown.body.code).toBe('unprocessable');
  });

  it('holds at most 200 items: the 201st is 422 wishlist_full, and re-wishing one already there still answers', async () => {
    const skus = await createProducts(201);
    const me = await newCustomer();
    // The first 199 straight into the object (the API's own wishes are tested above), the 200th through the API.
    const object = shopperOf(`customer:${me.id}`);
    for (const sku of skus.slice(0, 199)) await object.wish({ sku, channel: 'web', group: null });
    expect((await me.wish(skus[199]!)).status).toBe(200);
    const full = await me.wish(skus[200]!);
    expect(full.status).toBe(422);
    expect(full.body).toMatchObject({ code: 'wishlist_full', limit: 200 });
    expect((await me.wish(skus[0]!)).status).toBe(200);
    expect((await me.wishlist()).body.items).toHaveLength(200);
  });

  it('indexes a customer’s wish for price drops (channel, group, price now) and unindexes it on DELETE', async () => {
    const [sku] = await createProducts(1);
    await priceSkus({ [sku!]: 1200 }, { customerGroup: 'gold' });
    const me = await newCustomer('app', 'gold');
    await me.wish(sku!);
    expect(await indexRow(me.id, sku!)).toMatchObject({
      channel: 'app',
      customerGroup: 'gold',
      currency: 'USD',
      lastAmount: 1200,
      drops: 0,
    });
    await me.unwish(sku!);
    expect(await indexRow(me.id, sku!)).toBeUndefined();
  });

  it('lets a guest keep a wish list too, not indexed until it merges', async () => {
    const [sku] = await createProducts(1);
    const guest = await newGuest();
    const res = await api(`/v1/wishlist/items/${sku}`, { method: 'PUT', token: guest.token });
    expect(res.status).toBe(200);
    expect(skusOf(res)).toEqual([sku]);
  });

  it('is for customers and guests only: tills and ops are 403, no token is 401', async () => {
    const [sku] = await createProducts(1);
    const till = await posAt(uniqueId('store'));
    const ops = await opsToken();
    for (const token of [till, ops]) {
      for (const [method, path] of [
        ['GET', '/v1/wishlist'],
        ['PUT', `/v1/wishlist/items/${sku}`],
        ['DELETE', `/v1/wishlist/items/${sku}`],
      ] as const) {
        const res = await api(path, { method, token });
        expect(res.status, `${method} ${path}`).toBe(403);
        expect(res.body.code).toBe('forbidden');
      }
    }
    expect((await api('/v1/wishlist')).status).toBe(401);
    expect((await api(`/v1/wishlist/items/${sku}`, { method: 'PUT' })).status).toBe(401);
  });

  it('is each shopper’s own: another customer’s wishes never show', async () => {
    const [sku] = await createProducts(1);
    const me = await newCustomer();
    const other = await newCustomer();
    await me.wish(sku!);
    expect(skusOf(await other.wishlist())).toEqual([]);
  });
});
