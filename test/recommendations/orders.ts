import { expect } from 'vitest';
import { api, uniqueId, type ApiResponse } from '../helpers/api';
import { device } from '../helpers/carts';
import { checkoutWith, TEST_PAYMENT, type Shop } from '../helpers/checkout';
import { cash, postSale, saleOf } from '../helpers/pos';
import { customerToken, posAt } from '../helpers/tokens';

// Orders of every channel for the recommendation tests, each asserted placed.
// openShop prices every SKU at 1000 unless told otherwise.
const PRICE = 1000;

/** A web checkout (pickup at the shop's store) of one unit of each SKU, by `customerId` or a new customer. */
export async function checkoutOf(shop: Shop, skus: readonly string[], customerId = uniqueId('cus')) {
  const shopper = device(await customerToken(customerId));
  for (const sku of skus) expect((await shopper.add(sku)).status).toBe(200);
  expect((await shopper.fulfil('pickup', shop.storeId)).status).toBe(200);
  const placed = await checkoutWith(shopper.token, { payment: TEST_PAYMENT });
  expect(placed.status).toBe(201);
  return placed;
}

/** A sale at a till of the shop's store: one unit of each SKU, paid in cash; a guest's unless `customerId`. */
export async function tillSaleOf(shop: Shop, skus: readonly string[], customerId?: string): Promise<ApiResponse> {
  const sale = saleOf(
    skus.map((sku) => ({ sku, quantity: 1 })),
    { payments: [cash(PRICE * skus.length)], ...(customerId && { customerId }) },
  );
  const sold = await postSale(await posAt(shop.storeId), sale);
  expect(sold.status).toBe(201);
  return sold;
}

export const recommendationsFor = (sku: string, query = '', token?: string) =>
  api(`/v1/recommendations?sku=${sku}${query}`, { token });
