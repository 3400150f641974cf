import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { orderLines, orders, payments, promotions } from '../../src/db/schema';
import { MAX_UNIT_AMOUNT } from '../../src/domain/pricing/money';
import { api, uniqueId } from '../helpers/api';
import { putPromotions } from '../helpers/catalog';
import { device } from '../helpers/carts';
import { checkoutWith, openShop, TEST_PAYMENT } from '../helpers/checkout';
import { withDatabase } from '../helpers/postgres';
import { customerToken, opsToken } from '../helpers/tokens';

const adminPut = async (path: string, body: unknown) => api(path, { method: 'PUT', token: await opsToken(), body });

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

describe('promotion limits', () => {
  const promotion = (extra: Record<string, unknown>) => ({
    id: uniqueId('promo'),
    name: 'Limited',
    kind: 'amount_off',
    value: 100,
    target: { scope: 'order' },
    ...extra,
  });

  it.each([
    ['usageLimit', 2 ** 31],
    ['perCustomerLimit', 2 ** 31],
    ['usageLimit', 1e12],
  ])('refuses %s %d as a 400 validation_failed', async (field, value) => {
    const res = await adminPut('/v1/admin/promotions', { promotions: [promotion({ [field]: value })] });
    expect(res).toMatchObject({ status: 400, body: { code: 'validation_failed' } });
    expect(JSON.stringify(res.body)).toContain(field);
  });

  it('stores the largest usageLimit and perCustomerLimit, and refuses one past them', async () => {
    // Inactive: an automatic order-wide promotion would discount every other test's carts.
    const body = promotion({ usageLimit: 1_000_000_000, perCustomerLimit: 1_000_000, active: false });
    await putPromotions([body]);
    const [row] = await withDatabase((db) => db.select().from(promotions).where(eq(promotions.id, body.id)));
    expect(row).toMatchObject({ usageLimit: 1_000_000_000, perCustomerLimit: 1_000_000 });
    for (const past of [{ usageLimit: 1_000_000_001 }, { perCustomerLimit: 1_000_001 }]) {
      const res = await adminPut('/v1/admin/promotions', { promotions: [promotion(past)] });
      expect(res).toMatchObject({ status: 400, body: { code: 'validation_failed' } });
    }
  });
});

/** Every number in the API document, with where it sits, lacking an explicit lower or upper bound. */
function unboundedNumbers(node: unknown, path: string, found: string[]): string[] {
  if (Array.isArray(node)) node.forEach((item, index) => unboundedNumbers(item, `${path}/${index}`, found));
  else if (node && typeof node === 'object') {
    const schema = node as Record<string, unknown>;
    const types = [schema.type].flat();
    if (types.includes('integer') || types.includes('number')) {
      const low = schema.minimum ?? schema.exclusiveMinimum;
      const high = schema.maximum ?? schema.exclusiveMaximum;
      // Zod's own safe-integer range is not a bound anyone chose.
      const chosen = (bound: unknown) => typeof bound === 'number' && Math.abs(bound) < Number.MAX_SAFE_INTEGER;
      if (!chosen(low) || !chosen(high)) found.push(path);
    }
    for (const [key, value] of Object.entries(schema)) unboundedNumbers(value, `${path}/${key}`, found);
  }
  return found;
}

describe('the API document', () => {
  it('bounds every number it takes or answers', async () => {
    const doc = (await api('/openapi.json')).body;
    expect(unboundedNumbers(doc, '', [])).toEqual([]);
  });
});
