import { eq } from 'drizzle-orm';
import { describe, expect, it, vi } from 'vitest';
import { promotionCustomerUsage, promotionRedemptions, promotions } from '../../src/db/schema';
import { api, uniqueId } from '../helpers/api';
import { device } from '../helpers/carts';
import { oncePerCustomerCoupon, ownCoupon } from '../helpers/catalog';
import { checkoutWith, openShop, TEST_PAYMENT, type Shop } from '../helpers/checkout';
import { cash, postSale, saleOf } from '../helpers/pos';
import { withDatabase } from '../helpers/postgres';
import { customerToken, posAt } from '../helpers/tokens';

/** A customer's pickup cart at the shop's store holding one unit and the coupon. */
async function cartWithCoupon(shop: Shop, code: string, token: string) {
  const cart = device(token);
  await cart.add(shop.skus[0]!, 1);
  await cart.fulfil('pickup', shop.storeId);
  expect((await cart.addCoupon(code)).status).toBe(200);
  return cart;
}

async function orderWithCoupon(shop: Shop, code: string, token?: string, contact?: Record<string, string>) {
  const shopper = token ?? (await customerToken(uniqueId('cus')));
  await cartWithCoupon(shop, code, shopper);
  const placed = await checkoutWith(shopper, { payment: TEST_PAYMENT, contact });
  expect(placed.status).toBe(201);
  expect(placed.body.totals.discount).toBe(100);
  return { token: shopper, order: placed.body as { id: string } };
}

const cancel = (orderId: string, token: string) => api(`/v1/orders/${orderId}/cancel`, { method: 'POST', token });

const usageCountOf = (promotionId: string) =>
  withDatabase(async (db) => {
    const [row] = await db
      .select({ usageCount: promotions.usageCount })
      .from(promotions)
      .where(eq(promotions.id, promotionId));
    return row?.usageCount;
  });

const redemptionsOf = (promotionId: string) =>
  withDatabase((db) => db.select().from(promotionRedemptions).where(eq(promotionRedemptions.promotionId, promotionId)));

/** The promotion's per-customer uses, by usage key. */
const customerUsesOf = (promotionId: string) =>
  withDatabase(async (db) => {
    const rows = await db
      .select({ key: promotionCustomerUsage.customerId, uses: promotionCustomerUsage.uses })
      .from(promotionCustomerUsage)
      .where(eq(promotionCustomerUsage.promotionId, promotionId));
    return Object.fromEntries(rows.map(({ key, uses }) => [key, uses]));
  });

describe("cancelling an order gives back its promotions' usage", () => {
  it('frees one use of a usage-limited coupon, which exactly one of two racing customers then gets', async () => {
    const shop = await openShop({ units: 10 });
    const { code, promotionId } = await ownCoupon({ usageLimit: 3 });
    const placed = [];
    for (let n = 0; n < 3; n += 1) placed.push(await orderWithCoupon(shop, code));
    expect(await usageCountOf(promotionId)).toBe(3);

    const [first] = placed;
    expect((await cancel(first!.order.id, first!.token)).status).toBe(200);
    expect(await usageCountOf(promotionId)).toBe(2);

    const racers = await Promise.all(
      [1, 2].map(async () => {
        const token = await customerToken(uniqueId('cus'));
        await cartWithCoupon(shop, code, token);
        return token;
      }),
    );
    const results = await Promise.all(racers.map((token) => checkoutWith(token, { payment: TEST_PAYMENT })));

    expect(results.map(({ status }) => status).sort()).toEqual([201, 409]);
    expect(results.find(({ status }) => status === 409)).toMatchObject({
      body: { code: 'conflict', promotion: { id: promotionId, code } },
    });
    expect(await usageCountOf(promotionId)).toBe(3);
    const winner = results.find(({ status }) => status === 201);
    expect((await redemptionsOf(promotionId)).map((row) => row.orderId).sort()).toEqual(
      [placed[1]!.order.id, placed[2]!.order.id, winner?.body.id].sort(),
    );
  });

  it('lets a customer use a once-per-customer coupon again, and a second cancel releases nothing twice', async () => {
    const shop = await openShop({ units: 10 });
    const { code, promotionId } = await oncePerCustomerCoupon();
    const customerId = uniqueId('cus');
    const token = await customerToken(customerId);
    const contact = { email: `${customerId}@example.com` };
    // Counted under both of the order's usage keys: the customer's id and the contact e-mail.
    const usesBy = (uses: number) => ({ [customerId]: uses, [`email:${contact.email.toLowerCase()}`]: uses });
    const { order } = await orderWithCoupon(shop, code, token, contact);
    expect(await customerUsesOf(promotionId)).toEqual(usesBy(1));

    expect((await cancel(order.id, token)).status).toBe(200);
    expect(await customerUsesOf(promotionId)).toEqual(usesBy(0));
    expect(await usageCountOf(promotionId)).toBe(0);

    await vi.waitFor(async () => expect((await device(token).cart()).body.lines).toEqual([]));
    const again = await orderWithCoupon(shop, code, token, contact);
    expect(await customerUsesOf(promotionId)).toEqual(usesBy(1));

    expect((await cancel(order.id, token)).status).toBe(409);
    expect(await customerUsesOf(promotionId)).toEqual(usesBy(1));
    expect(await usageCountOf(promotionId)).toBe(1);
    expect((await redemptionsOf(promotionId)).map((row) => row.orderId)).toEqual([again.order.id]);
  });

  it('gives back the coupon of a sale voided at the till the same day', async () => {
    const shop = await openShop({ units: 10, price: 1000 });
    const { code, promotionId } = await ownCoupon({ usageLimit: 1, conditions: { channels: ['pos'] } });
    const till = await posAt(shop.storeId);
    const sell = () =>
      postSale(till, saleOf([{ sku: shop.skus[0]!, quantity: 1 }], { coupons: [code], payments: [cash(900)] }));
    const sale = await sell();
    expect(sale).toMatchObject({ status: 201, body: { totals: { discount: 100 } } });
    expect((await sell()).status).toBe(409);

    const voided = await cancel(sale.body.id as string, till);

    expect(voided).toMatchObject({ status: 200, body: { status: 'cancelled' } });
    expect(await usageCountOf(promotionId)).toBe(0);
    expect(await redemptionsOf(promotionId)).toEqual([]);
    const next = await sell();
    expect(next).toMatchObject({ status: 201, body: { totals: { discount: 100 } } });
    expect(await usageCountOf(promotionId)).toBe(1);
  });
});
