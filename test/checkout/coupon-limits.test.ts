import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { promotionRedemptions } from '../../src/db/schema';
import { uniqueId } from '../helpers/api';
import { device, newGuest } from '../helpers/carts';
import { oncePerCustomerCoupon } from '../helpers/catalog';
import { checkoutWith, openShop, TEST_PAYMENT } from '../helpers/checkout';
import { withDatabase } from '../helpers/postgres';
import { levelAt } from '../helpers/stock';
import { customerToken } from '../helpers/tokens';

async function guestWithCoupon(shop: { storeId: string; skus: string[] }, code: string) {
  const guest = await newGuest();
  await guest.add(shop.skus[0]!, 1);
  await guest.fulfil('pickup', shop.storeId);
  expect((await guest.addCoupon(code)).status).toBe(200);
  return guest;
}

const redemptionsOf = (promotionId: string) =>
  withDatabase((db) => db.select().from(promotionRedemptions).where(eq(promotionRedemptions.promotionId, promotionId)));

describe("a coupon's per-customer limit", () => {
  it('counts guests by their contact e-mail, whatever its case', async () => {
    const shop = await openShop({ units: 10 });
    const { code, promotionId } = await oncePerCustomerCoupon();
    const first = await checkoutWith((await guestWithCoupon(shop, code)).token, {
      payment: TEST_PAYMENT,
      contact: { email: 'ana@example.com' },
    });
    expect(first.body.totals).toMatchObject({ discount: 100 });

    const again = await checkoutWith((await guestWithCoupon(shop, code)).token, {
      payment: TEST_PAYMENT,
      contact: { email: 'Ana@Example.COM' },
    });
    expect(again).toMatchObject({ status: 409, body: { code: 'conflict', promotion: { id: promotionId, code } } });
    expect((await redemptionsOf(promotionId)).map((row) => row.orderId)).toEqual([first.body.id]);
  });

  it('counts guests by their contact phone', async () => {
    const shop = await openShop({ units: 10 });
    const { code } = await oncePerCustomerCoupon();
    const first = await checkoutWith((await guestWithCoupon(shop, code)).token, {
      payment: TEST_PAYMENT,
      contact: { phone: '+1 (312) 555-0100' },
    });
    expect(first.status).toBe(201);
    const again = await checkoutWith((await guestWithCoupon(shop, code)).token, {
      payment: TEST_PAYMENT,
      contact: { phone: '+1 312 555 0100', email: 'someone-new@example.com' },
    });
    expect(again.status).toBe(409);
  });

  it('counts a customer by id and contact, so checking out as a guest does not reset it', async () => {
    const shop = await openShop({ units: 10 });
    const { code } = await oncePerCustomerCoupon();
    const token = await customerToken(uniqueId('cus'));
    const customer = device(token);
    await customer.add(shop.skus[0]!, 1);
    await customer.fulfil('pickup', shop.storeId);
    expect((await customer.addCoupon(code)).status).toBe(200);
    const first = await checkoutWith(token, { payment: TEST_PAYMENT, contact: { email: 'bo@example.com' } });
    expect(first.body.totals).toMatchObject({ discount: 100 });

    const asGuest = await checkoutWith((await guestWithCoupon(shop, code)).token, {
      payment: TEST_PAYMENT,
      contact: { email: 'bo@example.com' },
    });
    expect(asGuest.status).toBe(409);
  });

  it('is refused to a guest who gives no contact, since their uses cannot be counted', async () => {
    const shop = await openShop({ units: 10 });
    const { code, promotionId } = await oncePerCustomerCoupon();
    const res = await checkoutWith((await guestWithCoupon(shop, code)).token, { payment: TEST_PAYMENT });
    expect(res).toMatchObject({ status: 409, body: { promotion: { id: promotionId } } });
  });

  it('holds for concurrent guest checkouts with the same e-mail: exactly one gets it', async () => {
    const shop = await openShop({ units: 10 });
    const { code, promotionId } = await oncePerCustomerCoupon();
    const guests = await Promise.all([1, 2, 3, 4].map(() => guestWithCoupon(shop, code)));

    const results = await Promise.all(
      guests.map(({ token }) => checkoutWith(token, { payment: TEST_PAYMENT, contact: { email: 'cy@example.com' } })),
    );

    expect(results.map(({ status }) => status).sort()).toEqual([201, 409, 409, 409]);
    expect(await redemptionsOf(promotionId)).toHaveLength(1);
    // The refused checkouts gave their units back: one sold, nothing left reserved.
    expect(await levelAt(shop.skus[0]!, shop.storeId)).toMatchObject({ onHand: 9, reserved: 0 });
  });
});
