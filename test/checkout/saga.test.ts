import { count, eq, inArray } from 'drizzle-orm';
import { describe, expect, it, vi } from 'vitest';
import { orders, outbox, promotionRedemptions } from '../../src/db/schema';
import { api, uniqueId } from '../helpers/api';
import { oncePerCustomerCoupon, ownCoupon, putPrices } from '../helpers/catalog';
import { withDatabase } from '../helpers/postgres';
import { customerToken } from '../helpers/tokens';
import { device } from '../helpers/carts';
import { ADDRESS, checkoutWith, openShop, runDispatcher, TEST_PAYMENT } from '../helpers/checkout';
import { levelAt } from '../helpers/stock';
import { cartCompleteTaskId, stockCommitTask } from '../../src/outbox/tasks';

async function pickupCart(shop: { storeId: string }, lines: Record<string, number>) {
  const token = await customerToken(uniqueId('cus'));
  const shopper = device(token);
  for (const [sku, quantity] of Object.entries(lines)) await shopper.add(sku, quantity);
  await shopper.fulfil('pickup', shop.storeId);
  return { token, shopper };
}

const ordersOf = (customerId: string) =>
  withDatabase(
    async (db) => (await db.select({ n: count() }).from(orders).where(eq(orders.customerId, customerId)))[0]?.n,
  );

describe('checkout', () => {
  it('holds nothing when one line is short, and names every short line', async () => {
    const shop = await openShop({ skus: 3, units: 2 });
    const [plenty, short, alsoShort] = shop.skus as [string, string, string];
    const { token, shopper } = await pickupCart(shop, { [plenty]: 2, [short]: 3, [alsoShort]: 5 });
    const res = await checkoutWith(token, { payment: TEST_PAYMENT });
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('out_of_stock');
    expect(res.body.shortages).toEqual(
      expect.arrayContaining([
        { sku: short, requested: 3, available: 2 },
        { sku: alsoShort, requested: 5, available: 2 },
      ]),
    );
    expect(res.body.shortages).toHaveLength(2);
    for (const sku of shop.skus)
      expect(await levelAt(sku, shop.storeId)).toMatchObject({ onHand: 2, reserved: 0, available: 2 });
    expect((await shopper.cart()).body.lines).toHaveLength(3);
  });

  it('releases every hold and keeps the cart when the payment is declined', async () => {
    const shop = await openShop({ units: 4 });
    const { token, shopper } = await pickupCart(shop, { [shop.skus[0]!]: 2 });
    const res = await checkoutWith(token, { payment: { method: 'test', token: 'decline' } });
    expect(res.status).toBe(402);
    expect(res.body).toMatchObject({ code: 'payment_declined', reason: 'test_decline' });
    expect(await levelAt(shop.skus[0]!, shop.storeId)).toMatchObject({ reserved: 0, available: 4 });
    expect((await shopper.cart()).body.lines).toEqual([expect.objectContaining({ quantity: 2 })]);
  });

  it('pays by card through the gateway, and a declined card holds nothing', async () => {
    const shop = await openShop({ units: 3 });
    const declined = await pickupCart(shop, { [shop.skus[0]!]: 1 });
    const refused = await checkoutWith(declined.token, {
      payment: { method: 'card', token: 'pm_card_chargeDeclined' },
    });
    expect(refused).toMatchObject({ status: 402, body: { reason: 'card_declined' } });
    expect(await levelAt(shop.skus[0]!, shop.storeId)).toMatchObject({ reserved: 0 });

    const paid = await checkoutWith(declined.token, { payment: { method: 'card', token: 'pm_card_visa' } });
    expect(paid.status).toBe(201);
    expect(paid.body.payment).toEqual({ method: 'card', status: 'authorized' });
    expect((await checkoutWith(declined.token, { payment: { method: 'card' } })).status).toBe(400);
  });

  it('refuses an empty cart and a shipment without an address (422)', async () => {
    const shop = await openShop({ warehouseUnits: 5 });
    const token = await customerToken(uniqueId('cus'));
    expect((await checkoutWith(token, { payment: TEST_PAYMENT })).body).toMatchObject({
      code: 'unprocessable',
      detail: 'The cart is empty.',
    });
    await device(token).add(shop.skus[0]!, 2);
    expect((await checkoutWith(token, { payment: TEST_PAYMENT })).status).toBe(422);
    const shipped = await checkoutWith(token, { payment: TEST_PAYMENT, shippingAddress: ADDRESS });
    expect(shipped.status).toBe(201);
    expect(shipped.body.fulfillment).toEqual({ type: 'ship' });
    expect(await levelAt(shop.skus[0]!, shop.warehouseId)).toMatchObject({ onHand: 3, reserved: 0 });
  });

  it('honours a valid quote at its prices, and refuses one for another basket', async () => {
    const shop = await openShop({ units: 5, price: 2000 });
    const sku = shop.skus[0]!;
    const { token, shopper } = await pickupCart(shop, { [sku]: 2 });
    const quote = await api('/v1/price-quotes', { method: 'POST', token, body: { lines: [{ sku, quantity: 2 }] } });
    const otherQuote = await api('/v1/price-quotes', {
      method: 'POST',
      token,
      body: { lines: [{ sku, quantity: 1 }] },
    });
    const [book] = (await api(`/v1/prices?skus=${sku}`)).body.prices.map((p: { priceBookId: string }) => p.priceBookId);
    await putPrices([{ priceBookId: book, sku, unitAmount: 2600 }]);

    const mismatched = await checkoutWith(token, { payment: TEST_PAYMENT, quoteToken: otherQuote.body.quoteToken });
    expect(mismatched).toMatchObject({ status: 422, body: { reason: 'mismatch' } });
    const honoured = await checkoutWith(token, { payment: TEST_PAYMENT, quoteToken: quote.body.quoteToken });
    expect(honoured.body.totals.total).toBe(4000);
    await shopper.add(sku, 1);
    expect((await checkoutWith(token, { payment: TEST_PAYMENT })).body.totals.total).toBe(2600);
  });
});

describe('checkout idempotency', () => {
  it('replays the original response for the same key and body, and refuses the key with another body', async () => {
    const shop = await openShop({ units: 5 });
    const { token } = await pickupCart(shop, { [shop.skus[0]!]: 1 });
    const key = uniqueId('key');
    const first = await checkoutWith(token, { payment: TEST_PAYMENT }, { key });
    const again = await checkoutWith(token, { payment: TEST_PAYMENT }, { key });
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    const changed = await checkoutWith(token, { payment: TEST_PAYMENT, contact: { email: 'x@example.com' } }, { key });
    expect(changed).toMatchObject({ status: 422, body: { code: 'idempotency_key_reused' } });
    expect(await levelAt(shop.skus[0]!, shop.storeId)).toMatchObject({ onHand: 4, reserved: 0 });
  });

  it('makes one order of 20 concurrent duplicates', async () => {
    const shop = await openShop({ units: 5 });
    const sub = uniqueId('cus');
    const token = await customerToken(sub);
    await device(token).add(shop.skus[0]!, 1);
    await device(token).fulfil('pickup', shop.storeId);
    const key = uniqueId('key');
    const responses = await Promise.all(
      Array.from({ length: 20 }, () => checkoutWith(token, { payment: TEST_PAYMENT }, { key })),
    );
    expect(responses.map((res) => res.status)).toEqual(Array(20).fill(201));
    expect(new Set(responses.map((res) => res.body.id)).size).toBe(1);
    expect(await ordersOf(sub)).toBe(1);
    expect(await levelAt(shop.skus[0]!, shop.storeId)).toMatchObject({ onHand: 4, reserved: 0 });
  });

  it('marks done every task it runs, though the marks queue on the request connection after the answer', async () => {
    const shop = await openShop({ skus: 2, units: 5 });
    const [first, second] = shop.skus as [string, string];
    const { token } = await pickupCart(shop, { [first]: 1, [second]: 1 });
    const placed = await checkoutWith(token, { payment: TEST_PAYMENT });
    expect(placed.status).toBe(201);
    const orderId: string = placed.body.id;
    // The recommendations publish is left to the dispatcher, which publishes a run's orders together.
    const ran = [stockCommitTask(orderId, []).id, cartCompleteTaskId(orderId)];
    // No dispatcher runs here: each row is marked by the request that ran its task, after its response.
    await vi.waitFor(
      async () => {
        const rows = await withDatabase((db) =>
          db.select({ id: outbox.id, processedAt: outbox.processedAt }).from(outbox).where(inArray(outbox.id, ran)),
        );
        expect(rows.filter((row) => row.processedAt !== null).map((row) => row.id)).toEqual(
          expect.arrayContaining(ran),
        );
      },
      { timeout: 6_000, interval: 100 },
    );
  });

  it('survives a crash after the order is written: the dispatcher commits the stock, once', async () => {
    const shop = await openShop({ units: 3 });
    const sku = shop.skus[0]!;
    const { token } = await pickupCart(shop, { [sku]: 1 });
    const key = uniqueId('key');
    const crashed = await checkoutWith(token, { payment: TEST_PAYMENT }, { key, fault: 'after-order-commit' });
    expect(crashed.status).toBe(500);
    expect(await levelAt(sku, shop.storeId)).toMatchObject({ onHand: 3, reserved: 1 });

    const retried = await checkoutWith(token, { payment: TEST_PAYMENT }, { key });
    expect(retried.status).toBe(201);
    const orderId = retried.body.id;
    await runDispatcher();
    await runDispatcher();
    expect(await levelAt(sku, shop.storeId)).toMatchObject({ onHand: 2, reserved: 0, available: 2 });
    const [commitTask] = await withDatabase((db) =>
      db
        .select()
        .from(outbox)
        .where(eq(outbox.id, `${orderId}:stock.commit`)),
    );
    expect(commitTask?.processedAt).not.toBeNull();
    expect((await api('/v1/orders', { token })).body.orders).toHaveLength(1);
  });
});

describe('coupon usage limits', () => {
  it('lets exactly 5 of 20 concurrent checkouts use a coupon limited to 5', async () => {
    const shop = await openShop({ units: 50, price: 1000 });
    const sku = shop.skus[0]!;
    const { code } = await ownCoupon({ name: 'Five only', usageLimit: 5 });
    const carts = await Promise.all(
      Array.from({ length: 20 }, async () => {
        const cart = await pickupCart(shop, { [sku]: 1 });
        expect((await cart.shopper.addCoupon(code)).status).toBe(200);
        return cart;
      }),
    );
    const results = await Promise.all(carts.map(({ token }) => checkoutWith(token, { payment: TEST_PAYMENT })));
    const placed = results.filter((res) => res.status === 201);
    const refused = results.filter((res) => res.status === 409);
    expect(placed).toHaveLength(5);
    expect(refused).toHaveLength(15);
    expect(refused[0]?.body.detail).toContain(code);
    expect(placed.every((res) => res.body.totals.discount === 100)).toBe(true);
    // The refused checkouts gave their units back.
    expect(await levelAt(sku, shop.storeId)).toMatchObject({ onHand: 45, reserved: 0 });
  });

  it("holds each customer to a coupon's per-customer limit", async () => {
    const shop = await openShop({ units: 10, price: 1000 });
    const sku = shop.skus[0]!;
    const { code, promotionId } = await oncePerCustomerCoupon();
    const regular = await pickupCart(shop, { [sku]: 1 });
    expect((await regular.shopper.addCoupon(code)).status).toBe(200);
    const first = await checkoutWith(regular.token, { payment: TEST_PAYMENT });
    expect(first.body.totals).toMatchObject({ discount: 100, total: 900 });

    await vi.waitFor(async () => expect((await regular.shopper.cart()).body.lines).toEqual([]));
    await regular.shopper.add(sku, 1);
    await regular.shopper.fulfil('pickup', shop.storeId);
    expect((await regular.shopper.addCoupon(code)).status).toBe(200);
    const second = await checkoutWith(regular.token, { payment: TEST_PAYMENT });
    expect(second.status).toBe(409);
    expect(second.body.detail).toContain(code);

    const newcomer = await pickupCart(shop, { [sku]: 1 });
    expect((await newcomer.shopper.addCoupon(code)).status).toBe(200);
    const third = await checkoutWith(newcomer.token, { payment: TEST_PAYMENT });
    expect(third.body.totals).toMatchObject({ discount: 100 });
    // Two orders sold a unit each; the refused one held nothing and redeemed nothing.
    expect(await levelAt(sku, shop.storeId)).toMatchObject({ onHand: 8, reserved: 0 });
    const redemptions = await withDatabase((db) =>
      db.select().from(promotionRedemptions).where(eq(promotionRedemptions.promotionId, promotionId)),
    );
    expect(redemptions.map((row) => row.orderId).sort()).toEqual([first.body.id, third.body.id].sort());
  });
});
