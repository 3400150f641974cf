import { describe, expect, it } from 'vitest';
import { api } from '../helpers/api';
import { createProducts, priceSkus, putPrices } from '../helpers/catalog';
import { device, newGuest } from '../helpers/carts';
import { indexRow, newCustomer, priceDrops, shopper, shopperOf, skusOf } from '../helpers/shopper';

/** A guest who wished `wished` and viewed `viewed`, on the app. */
async function guestWith(wished: readonly string[], viewed: readonly string[]) {
  const guest = await newGuest('app');
  const lists = shopper(guest.token, 'app');
  for (const sku of wished) await lists.wish(sku);
  for (const sku of viewed) await lists.view(sku);
  return { ...guest, lists };
}

describe('merging a guest at login', () => {
  it('moves the guest’s wish list and views into the customer’s, keeping what the customer had', async () => {
    const [mine, both, theirs, seen] = await createProducts(4);
    const me = await newCustomer('web', 'vip');
    await me.wish(mine!);
    await me.wish(both!);
    await me.view(mine!);
    const guest = await guestWith([both!, theirs!], [seen!, theirs!]);

    const merged = await device(me.token).merge(guest.token);
    expect(merged.status).toBe(200);

    expect(skusOf(await me.wishlist())).toEqual([mine, both, theirs]);
    expect(skusOf(await me.recentlyViewed())).toEqual([theirs, seen, mine]);
    expect(skusOf(await guest.lists.wishlist())).toEqual([]);
    expect(skusOf(await guest.lists.recentlyViewed())).toEqual([]);
  });

  it('adds nothing twice when repeated, also after a crash between its steps', async () => {
    const [a, b] = await createProducts(2);
    const me = await newCustomer();
    const guest = await guestWith([a!, b!], [a!]);
    // A crash after the guest handed its lists over and the customer applied them, before the guest forgot:
    const handover = await shopperOf(`guest:${guest.cartId}`).handOver(`customer:${me.id}`);
    expect(handover?.wishlist.map((item) => item.sku)).toEqual([a, b]);
    await shopperOf(`customer:${me.id}`).applyHandover(handover!, null);

    await device(me.token).merge(guest.token);
    await device(me.token).merge(guest.token);
    expect(skusOf(await me.wishlist())).toEqual([a, b]);
    expect(skusOf(await me.recentlyViewed())).toEqual([a]);
    expect(await shopperOf(`guest:${guest.cartId}`).handOver(`customer:${me.id}`)).toBeNull();
  });

  it('indexes the merged wishes for price drops at the customer’s group and the guest’s channel', async () => {
    const [sku] = await createProducts(1);
    await priceSkus({ [sku!]: 3000 });
    const vipBook = await priceSkus({ [sku!]: 2800 }, { customerGroup: 'vip' });
    const me = await newCustomer('web', 'vip');
    const guest = await guestWith([sku!], []);
    await device(me.token).merge(guest.token);
    expect(await indexRow(me.id, sku!)).toMatchObject({ channel: 'app', customerGroup: 'vip', lastAmount: 2800 });

    await putPrices([{ priceBookId: vipBook, sku, unitAmount: 2000 }]);
    expect(await priceDrops(me.id, sku!)).toEqual([
      expect.objectContaining({ customerId: me.id, oldAmount: 2800, newAmount: 2000, channel: 'app' }),
    ]);
  });

  it('merges no lists when the cart merge is refused (a stale If-Match)', async () => {
    const [sku] = await createProducts(1);
    const me = await newCustomer();
    const guest = await guestWith([sku!], [sku!]);
    const stale = await api('/v1/cart/merge', {
      method: 'POST',
      token: me.token,
      body: { guestToken: guest.token },
      headers: { 'if-match': '"99"' },
    });
    expect(stale.status).toBe(412);
    expect(skusOf(await me.wishlist())).toEqual([]);
    expect(skusOf(await guest.lists.wishlist())).toEqual([sku]);
  });

  it('is a customer’s call only: a guest token is 403', async () => {
    const guest = await newGuest();
    const other = await newGuest();
    const res = await device(guest.token).merge(other.token);
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('forbidden');
  });
});
