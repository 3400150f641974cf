import { describe, expect, it } from 'vitest';
import { api, uniqueId } from '../helpers/api';
import { openShop } from '../helpers/checkout';
import { levelAt } from '../helpers/stock';
import { customerToken } from '../helpers/tokens';

// The defaults (README "Limits"): 3 active reservations per customer, 5 units of one item per
// reservation, 5 units of one item across a customer's active reservations.
function reserve(token: string, locationId: string, items: { sku: string; quantity: number }[]) {
  return api('/v1/store-reservations', { method: 'POST', token, body: { locationId, items } });
}

describe('store reservations are capped per customer', () => {
  it('refuse a fourth active reservation, naming the limit, and hold nothing for it', async () => {
    const shop = await openShop({ skus: 4, units: 10 });
    const token = await customerToken(uniqueId('cus'));
    const [a, b, c, d] = shop.skus as [string, string, string, string];
    const held = [];
    for (const sku of [a, b, c]) held.push(await reserve(token, shop.storeId, [{ sku, quantity: 1 }]));
    expect(held.map(({ status }) => status)).toEqual([201, 201, 201]);

    const fourth = await reserve(token, shop.storeId, [{ sku: d, quantity: 1 }]);
    expect(fourth).toMatchObject({
      status: 422,
      body: { code: 'unprocessable', limit: 'activeReservations', max: 3 },
    });
    expect(await levelAt(d, shop.storeId)).toMatchObject({ reserved: 0 });

    // A cancelled reservation no longer counts, and another customer has caps of their own.
    await api(`/v1/store-reservations/${held[0]!.body.id}`, { method: 'DELETE', token });
    expect((await reserve(token, shop.storeId, [{ sku: d, quantity: 1 }])).status).toBe(201);
    const other = await customerToken(uniqueId('cus'));
    expect((await reserve(other, shop.storeId, [{ sku: a, quantity: 1 }])).status).toBe(201);
  });

  it('refuse more than 5 units of one item in a reservation', async () => {
    const shop = await openShop({ units: 20 });
    const token = await customerToken(uniqueId('cus'));
    const res = await reserve(token, shop.storeId, [{ sku: shop.skus[0]!, quantity: 6 }]);
    expect(res).toMatchObject({
      status: 422,
      body: { code: 'unprocessable', limit: 'unitsPerLine', max: 5, sku: shop.skus[0] },
    });
    expect(await levelAt(shop.skus[0]!, shop.storeId)).toMatchObject({ reserved: 0 });
  });

  it("cap one item's units across a customer's active reservations", async () => {
    const shop = await openShop({ units: 20 });
    const token = await customerToken(uniqueId('cus'));
    const sku = shop.skus[0]!;
    expect((await reserve(token, shop.storeId, [{ sku, quantity: 3 }])).status).toBe(201);
    const second = await reserve(token, shop.storeId, [{ sku, quantity: 3 }]);
    expect(second).toMatchObject({ status: 422, body: { limit: 'unitsPerSku', max: 5, sku } });
    expect(await levelAt(sku, shop.storeId)).toMatchObject({ reserved: 3 });
    expect((await reserve(token, shop.storeId, [{ sku, quantity: 2 }])).status).toBe(201);
  });

  it('hold the cap for concurrent reservations by one customer, giving back the stock of the refused', async () => {
    const shop = await openShop({ skus: 6, units: 10 });
    const token = await customerToken(uniqueId('cus'));
    const results = await Promise.all(shop.skus.map((sku) => reserve(token, shop.storeId, [{ sku, quantity: 1 }])));
    const statuses = results.map(({ status }) => status).sort();
    expect(statuses).toEqual([201, 201, 201, 422, 422, 422]);
    const levels = await Promise.all(shop.skus.map((sku) => levelAt(sku, shop.storeId)));
    expect(levels.reduce((sum, { reserved }) => sum + reserved, 0)).toBe(3);
  });
});
