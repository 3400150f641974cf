import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { orderLines, orders, payments } from '../../src/db/schema';
import { MAX_UNIT_AMOUNT } from '../../src/domain/pricing/money';
import { api, uniqueId } from '../helpers/api';
import { device } from '../helpers/carts';
import { checkoutWith, openShop, TEST_PAYMENT } from '../helpers/checkout';
import { withDatabase } from '../helpers/postgres';
import { customerToken } from '../helpers/tokens';

async function pickupCheckout(shop: { storeId: string; skus: string[] }, quantity: number) {
  const token = await customerToken(uniqueId('cus'));
  const cart = device(token);
  expect((await cart.add(shop.skus[0]!, quantity)).status).toBe(200);
  await cart.fulfil('pickup', shop.storeId);
  return { token, placed: await checkoutWith(token, { payment: TEST_PAYMENT }) };
}

async function storedOrder(id: string) {
  return withDatabase(async (db) => ({
    order: (await db.select().from(orders).where(eq(orders.id, id)))[0],
    lines: await db.select().from(orderLines).where(eq(orderLines.orderId, id)),
    payment: (await db.select().from(payments).where(eq(payments.orderId, id)))[0],
  }));
}

describe('amounts past 32 bits', () => {
  it('checks out 300 × 100,000.00 USD exactly (3,000,000,000 minor units)', async () => {
    const shop = await openShop({ units: 300, price: 10_000_000 });
    const { token, placed } = await pickupCheckout(shop, 300);
    expect(placed.status).toBe(201);
    expect(placed.body.totals).toEqual({ subtotal: 3_000_000_000, discount: 0, total: 3_000_000_000 });
    expect(placed.body.lines[0]).toMatchObject({ quantity: 300, unitAmount: 10_000_000, lineTotal: 3_000_000_000 });
    // Read back as numbers, not the strings a bigint column hands the driver.
    const read = await api(`/v1/orders/${placed.body.id}`, { token });
    expect(read.body.totals).toEqual({ subtotal: 3_000_000_000, discount: 0, total: 3_000_000_000 });
    const stored = await storedOrder(placed.body.id);
    expect(stored.order).toMatchObject({ subtotal: 3_000_000_000, total: 3_000_000_000 });
    expect(stored.lines[0]).toMatchObject({ lineTotal: 3_000_000_000 });
    expect(stored.payment?.amount).toBe(3_000_000_000);
  });

  it('checks out the largest line a cart takes: 999 units at the highest price', async () => {
    const shop = await openShop({ units: 999, price: MAX_UNIT_AMOUNT });
    const { placed } = await pickupCheckout(shop, 999);
    expect(placed.status).toBe(201);
    expect(placed.body.totals.total).toBe(999 * MAX_UNIT_AMOUNT);
    const stored = await storedOrder(placed.body.id);
    expect(stored.payment?.amount).toBe(999 * MAX_UNIT_AMOUNT);
  });
});
