import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProducts, priceSkus } from '../helpers/catalog';
import { startPostgres, stopPostgres } from '../helpers/postgres';
import { newCustomer, skusOf } from '../helpers/shopper';

describe('the shopper’s lists while Postgres is down', () => {
  let sku: string;
  let later: string;
  let me: Awaited<ReturnType<typeof newCustomer>>;

  beforeAll(async () => {
    [sku, later] = (await createProducts(2)) as [string, string];
    await priceSkus({ [sku]: 1500 });
    me = await newCustomer();
    expect((await me.wish(sku)).status).toBe(200);
    expect((await me.view(sku)).status).toBe(204);
    await stopPostgres();
  });

  afterAll(() => startPostgres());

  it('serves the wish list and recently viewed from the ShopperDO and the read model, and still takes views', async () => {
    const wishlist = await me.wishlist();
    expect(wishlist.status).toBe(200);
    expect(wishlist.body.items).toEqual([expect.objectContaining({ sku, unitAmount: 1500 })]);
    expect((await me.view(sku)).status).toBe(204);
    expect(skusOf(await me.recentlyViewed())).toEqual([sku]);
  });

  it('answers a customer’s wish 503, as it must index it for price drops first, and the wish list is unchanged', async () => {
    const res = await me.wish(later);
    expect(res.status).toBe(503);
    expect(res.body.code).toBe('unavailable');
    expect(skusOf(await me.wishlist())).toEqual([sku]);
  });
});
