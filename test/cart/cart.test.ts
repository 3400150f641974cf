import { runInDurableObject } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import type { CartDO } from '../../durable-objects/cart/cart';
import type { CartStore } from '../../durable-objects/cart/store';
import { uniqueId } from '../helpers/api';
import { createProducts, priceSkus, putLocations, putPrices, putProducts, putPromotions } from '../helpers/catalog';
import { customerToken, tokenFor } from '../helpers/tokens';
import { cartOf, device, quantities } from '../helpers/carts';

/** The cart's own store (private to the DO): the one whose memory of the cart must match its row. */
const storeOf = (instance: CartDO) => Reflect.get(instance, 'store') as CartStore;

describe('the cart', () => {
  it('never loses an update: 200 parallel adds from two devices make quantity 200', async () => {
    const [sku] = await createProducts(1);
    const token = await customerToken(uniqueId('cus'));
    const phone = device(token, 'app');
    const laptop = device(token, 'web');
    const responses = await Promise.all(Array.from({ length: 200 }, (_, i) => (i % 2 ? phone : laptop).add(sku!, 1)));

    expect(responses.every((res) => res.status === 200)).toBe(true);
    const versions = responses.map((res) => res.body.version as number).sort((a, b) => a - b);
    expect(versions).toEqual(Array.from({ length: 200 }, (_, i) => i + 1));
    const final = await laptop.cart();
    expect(quantities(final)).toEqual({ [sku!]: 200 });
    expect(final.body.version).toBe(200);
  });

  it('prices lines for the caller, with titles and totals', async () => {
    const [tee, mug] = await createProducts(2);
    await priceSkus({ [tee!]: 2500, [mug!]: 1200 });
    const shopper = device(await customerToken(uniqueId('cus')));
    await shopper.add(tee!, 2);
    const res = await shopper.add(mug!, 1);
    expect(res.body).toMatchObject({
      currency: 'USD',
      channel: 'web',
      lines: [
        {
          sku: tee,
          title: `Product ${tee}`,
          quantity: 2,
          unitAmount: 2500,
          lineSubtotal: 5000,
          discount: 0,
          lineTotal: 5000,
        },
        { sku: mug, quantity: 1, unitAmount: 1200, lineTotal: 1200 },
      ],
      totals: { subtotal: 6200, discount: 0, total: 6200 },
      fulfillment: { type: 'ship' },
    });
    expect(res.headers.get('etag')).toBe('"2"');
  });

  it('reflects a price change and a promotion made by ops after the line was added', async () => {
    const [sku] = await createProducts(1);
    const book = await priceSkus({ [sku!]: 2000 });
    const shopper = device(await customerToken(uniqueId('cus')));
    expect((await shopper.add(sku!, 2)).body.totals.total).toBe(4000);

    await putPrices([{ priceBookId: book, sku, unitAmount: 1800 }]);
    await putPromotions([
      {
        id: uniqueId('promo'),
        name: '25% off',
        kind: 'percent_off',
        value: 2500,
        target: { scope: 'skus', skus: [sku] },
      },
    ]);
    const res = await shopper.cart();
    expect(res.body.lines[0]).toMatchObject({ unitAmount: 1800, lineSubtotal: 3600, discount: 900, lineTotal: 2700 });
    expect(res.body.appliedPromotions).toEqual([expect.objectContaining({ name: '25% off', amount: 900 })]);
  });

  it('changes and removes lines', async () => {
    const [a, b] = await createProducts(2);
    const shopper = device(await customerToken(uniqueId('cus')));
    await shopper.add(a!, 1);
    await shopper.add(b!, 1);
    expect(quantities(await shopper.setQuantity(a!, 5))).toEqual({ [a!]: 5, [b!]: 1 });
    expect(quantities(await shopper.setQuantity(a!, 0))).toEqual({ [b!]: 1 });
    expect(quantities(await shopper.remove(b!))).toEqual({});
    expect((await shopper.remove(b!)).status).toBe(404);
  });

  it('refuses a stale If-Match with 412 and accepts the current one', async () => {
    const [sku] = await createProducts(1);
    const shopper = device(await customerToken(uniqueId('cus')));
    const first = await shopper.add(sku!, 1);
    await shopper.add(sku!, 1);
    const stale = await shopper.add(sku!, 1, { 'if-match': `"${first.body.version}"` });
    expect(stale.status).toBe(412);
    expect(stale.body).toMatchObject({ code: 'version_mismatch', currentVersion: 2 });
    const current = await shopper.add(sku!, 1, { 'if-match': '"2"' });
    expect(current.body).toMatchObject({ version: 3, lines: [{ quantity: 3 }] });
  });

  it('refuses unknown and inactive SKUs with 422', async () => {
    const [retired] = await createProducts(1);
    await putProducts([{ sku: retired, title: 'Retired', active: false }]);
    const shopper = device(await customerToken(uniqueId('cus')));
    expect((await shopper.add('NO-SUCH-SKU', 1)).status).toBe(422);
    const inactive = await shopper.add(retired!, 1);
    expect(inactive.status).toBe(422);
    expect(inactive.body.detail).toMatch(/no longer sold/);
  });

  it('enforces quantity limits: 1..999 per request (400) and 999 per line (422)', async () => {
    const [sku] = await createProducts(1);
    const shopper = device(await customerToken(uniqueId('cus')));
    expect((await shopper.add(sku!, 1000)).status).toBe(400);
    expect((await shopper.add(sku!, 0)).status).toBe(400);
    expect((await shopper.add(sku!, 999)).status).toBe(200);
    const over = await shopper.add(sku!, 1);
    expect(over.status).toBe(422);
    expect(over.body.detail).toMatch(/at most 999/);
  });

  it('holds at most 200 lines (422 for the 201st)', async () => {
    const skus = await createProducts(201);
    const owner = uniqueId('cus');
    const shopper = device(await customerToken(owner));
    // 199 lines written through the cart's own store: adding them one by one is 20,000 stock look-ups.
    const full = skus
      .slice(0, 199)
      .map((sku) => ({ sku, quantity: 1, addedAt: new Date().toISOString(), channel: 'web' as const }));
    await runInDurableObject(cartOf(`customer:${owner}`), async (instance) => {
      const store = storeOf(instance);
      store.save({ ...store.load(new Date().toISOString()), version: 199, lines: full });
    });
    expect((await shopper.add(skus[199]!, 1)).body.lines).toHaveLength(200);
    const tooMany = await shopper.add(skus[200]!, 1);
    expect(tooMany.status).toBe(422);
    expect(tooMany.body.detail).toMatch(/200 lines/);
    expect((await shopper.add(skus[0]!, 1)).status).toBe(200);
  });

  it('reads a cart whose transaction rolled back as it was, not as the store last held it', async () => {
    const [sku] = await createProducts(1);
    const owner = uniqueId('cus');
    const shopper = device(await customerToken(owner));
    await shopper.add(sku!, 2);
    await runInDurableObject(cartOf(`customer:${owner}`), async (instance, state) => {
      const store = storeOf(instance);
      const now = new Date().toISOString();
      const before = store.load(now);
      state.storage.sql.exec('INSERT INTO ordered (order_id, ordered_at) VALUES (?, ?)', 'order-1', now);
      // Saves the emptied cart, then fails on the order already recorded: the whole transaction rolls back.
      expect(() =>
        store.completeCheckout({ ...before, version: before.version + 1, lines: [] }, 'order-1', null, now),
      ).toThrow();
      expect(store.load(now)).toEqual(before);
    });
    expect(quantities(await shopper.cart())).toEqual({ [sku!]: 2 });
  });

  it('takes pickup or curbside only at a location that offers it', async () => {
    const [store, warehouse] = [uniqueId('store'), uniqueId('wh')];
    await putLocations([
      {
        id: store,
        name: 'Corner store',
        kind: 'store',
        lat: 41.9,
        lng: -87.6,
        pickup: true,
        curbside: false,
        shipFrom: false,
      },
      {
        id: warehouse,
        name: 'Warehouse',
        kind: 'warehouse',
        lat: 41.8,
        lng: -87.7,
        pickup: false,
        curbside: false,
        shipFrom: true,
      },
    ]);
    const shopper = device(await customerToken(uniqueId('cus')));
    expect((await shopper.fulfil('pickup', store)).body.fulfillment).toEqual({ type: 'pickup', locationId: store });
    expect((await shopper.fulfil('curbside', store)).status).toBe(422);
    expect((await shopper.fulfil('pickup', warehouse)).status).toBe(422);
    expect((await shopper.fulfil('pickup', 'nowhere')).status).toBe(422);
    expect((await shopper.fulfil('pickup')).status).toBe(400);
    expect((await shopper.fulfil('ship')).body.fulfillment).toEqual({ type: 'ship' });
  });

  it('keeps each customer in their own cart', async () => {
    const [sku] = await createProducts(1);
    const alice = device(await customerToken(uniqueId('alice')));
    const bob = device(await customerToken(uniqueId('bob')));
    await alice.add(sku!, 3);
    expect((await bob.cart()).body.lines).toEqual([]);
  });
});

describe('coupons on the cart', () => {
  async function couponFor(sku: string, overrides: Record<string, unknown> = {}) {
    const code = `C${uniqueId('x')
      .replace(/[^A-Za-z0-9]/g, '')
      .slice(-20)}`;
    const id = uniqueId('promo');
    const promotion = {
      id,
      name: `Coupon ${code}`,
      kind: 'amount_off',
      value: 300,
      target: { scope: 'skus', skus: [sku] },
      code,
      ...overrides,
    };
    await putPromotions([promotion]);
    return { code, id, promotion };
  }

  it('applies a valid coupon and removes it', async () => {
    const [sku] = await createProducts(1);
    await priceSkus({ [sku!]: 2000 });
    const { code } = await couponFor(sku!);
    const shopper = device(await customerToken(uniqueId('cus')));
    await shopper.add(sku!, 1);
    const applied = await shopper.addCoupon(code.toLowerCase());
    expect(applied.status).toBe(200);
    expect(applied.body).toMatchObject({ coupons: [code], totals: { discount: 300, total: 1700 } });
    expect((await shopper.removeCoupon(code)).body).toMatchObject({ coupons: [], totals: { total: 2000 } });
  });

  it.each([
    ['unknown', () => ({ code: 'NO-SUCH-CODE' }), 'unknown'],
    [
      'expired',
      (sku: string) => couponFor(sku, { startsAt: '2020-01-01T00:00:00Z', endsAt: '2020-02-01T00:00:00Z' }),
      'expired',
    ],
    ['not yet valid', (sku: string) => couponFor(sku, { startsAt: '2099-01-01T00:00:00Z' }), 'not_yet_valid'],
    ['for another channel', (sku: string) => couponFor(sku, { conditions: { channels: ['pos'] } }), 'wrong_channel'],
    [
      'for another group',
      (sku: string) => couponFor(sku, { conditions: { customerGroups: ['staff'] } }),
      'wrong_customer_group',
    ],
    [
      'below its minimum',
      (sku: string) => couponFor(sku, { conditions: { minSubtotal: 10_000 } }),
      'below_minimum_subtotal',
    ],
  ])('refuses a coupon that is %s with 422 and the reason', async (_, make, reason) => {
    const [sku] = await createProducts(1);
    await priceSkus({ [sku!]: 2000 });
    const { code } = await make(sku!);
    const shopper = device(await customerToken(uniqueId('cus')));
    await shopper.add(sku!, 1);
    const res = await shopper.addCoupon(code);
    expect(res.status).toBe(422);
    expect(res.body.reason).toBe(reason);
    expect((await shopper.cart()).body.coupons).toEqual([]);
  });

  it('reports a coupon that expired after it was applied, without dropping it', async () => {
    const [sku] = await createProducts(1);
    await priceSkus({ [sku!]: 2000 });
    const { code, promotion } = await couponFor(sku!);
    const shopper = device(await customerToken(uniqueId('cus')));
    await shopper.add(sku!, 1);
    expect((await shopper.addCoupon(code)).body.totals.discount).toBe(300);

    await putPromotions([
      { ...promotion, startsAt: '2020-01-01T00:00:00Z', endsAt: new Date(Date.now() - 1000).toISOString() },
    ]);
    const res = await shopper.cart();
    expect(res.body.coupons).toEqual([code]);
    expect(res.body.couponIssues).toEqual([{ code, reason: 'expired' }]);
    expect(res.body.totals.discount).toBe(0);
  });

  it('honours a customer group coupon for a member of the group', async () => {
    const [sku] = await createProducts(1);
    await priceSkus({ [sku!]: 2000 });
    const { code } = await couponFor(sku!, { conditions: { customerGroups: ['staff'] } });
    const staff = device(await tokenFor({ role: 'customer', sub: uniqueId('staff'), grp: 'staff' }));
    await staff.add(sku!, 1);
    expect((await staff.addCoupon(code)).status).toBe(200);
  });
});
