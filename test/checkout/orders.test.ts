import { runDurableObjectAlarm } from 'cloudflare:test';
import { eq } from 'drizzle-orm';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { outbox } from '../../src/db/schema';
import { withDatabase } from '../helpers/postgres';
import { api, uniqueId } from '../helpers/api';
import { customerToken, opsToken, posAt } from '../helpers/tokens';
import { device } from '../helpers/carts';
import { advanceClock } from '../helpers/clock';
import { ADDRESS, checkoutWith, openShop, runDispatcher, TEST_PAYMENT } from '../helpers/checkout';
import { levelAt, stockOf } from '../helpers/stock';

async function placePickupOrder(shop: { storeId: string; skus: string[] }, quantity = 1, sub = uniqueId('cus')) {
  const token = await customerToken(sub);
  const cart = device(token);
  await cart.add(shop.skus[0]!, quantity);
  await cart.fulfil('pickup', shop.storeId);
  const placed = await checkoutWith(token, { payment: TEST_PAYMENT });
  expect(placed.status).toBe(201);
  return { token, order: placed.body, sub };
}

describe('cancelling an order', () => {
  it('restocks sold units where they came from, once', async () => {
    const shop = await openShop({ units: 5 });
    const { token, order } = await placePickupOrder(shop, 2);
    expect(await levelAt(shop.skus[0]!, shop.storeId)).toMatchObject({ onHand: 3, available: 3 });
    const cancelled = await api(`/v1/orders/${order.id}/cancel`, { method: 'POST', token });
    expect(cancelled.body.status).toBe('cancelled');
    // Given back right away, and the task marked done without a dispatcher lease.
    expect(await levelAt(shop.skus[0]!, shop.storeId)).toMatchObject({ onHand: 5, reserved: 0, available: 5 });
    await vi.waitFor(async () => {
      const [task] = await withDatabase((db) =>
        db
          .select()
          .from(outbox)
          .where(eq(outbox.id, `${order.id}:stock.cancel`)),
      );
      expect(task).toMatchObject({ attempts: 0, processedAt: expect.anything() });
    });
    await runDispatcher();
    expect(await levelAt(shop.skus[0]!, shop.storeId)).toMatchObject({ onHand: 5, reserved: 0, available: 5 });
    expect((await api(`/v1/orders/${order.id}/cancel`, { method: 'POST', token })).status).toBe(409);
    const [event] = await withDatabase((db) =>
      db
        .select()
        .from(outbox)
        .where(eq(outbox.id, `${order.id}:order.cancelled`)),
    );
    expect(event?.payload).toMatchObject({ orderId: order.id, status: 'cancelled' });
  });

  it('releases the holds of an order whose stock was not yet committed', async () => {
    const shop = await openShop({ units: 4 });
    const token = await customerToken(uniqueId('cus'));
    await device(token).add(shop.skus[0]!, 3);
    await device(token).fulfil('pickup', shop.storeId);
    const placed = await checkoutWith(token, { payment: TEST_PAYMENT }, { fault: 'after-order-commit' });
    expect(placed.status).toBe(500);
    const [order] = (await api('/v1/orders', { token })).body.orders;
    expect(await levelAt(shop.skus[0]!, shop.storeId)).toMatchObject({ reserved: 3, available: 1 });
    await api(`/v1/orders/${order.id}/cancel`, { method: 'POST', token });
    await runDispatcher();
    expect(await levelAt(shop.skus[0]!, shop.storeId)).toMatchObject({ onHand: 4, reserved: 0, available: 4 });
  });

  it('enforces the status machine: a shipping order is never made ready for pickup', async () => {
    const shop = await openShop({ warehouseUnits: 3 });
    const token = await customerToken(uniqueId('cus'));
    await device(token).add(shop.skus[0]!, 1);
    const order = (await checkoutWith(token, { payment: TEST_PAYMENT, shippingAddress: ADDRESS })).body;
    const ready = await api(`/v1/orders/${order.id}/ready`, { method: 'POST', token: await opsToken() });
    expect(ready).toMatchObject({ status: 409, body: { code: 'conflict' } });
  });
});

describe('store reservations', () => {
  afterEach(() => vi.useRealTimers());

  it('hold stock for 24 hours, show at the store, and give it back when cancelled', async () => {
    const shop = await openShop({ units: 3 });
    const token = await customerToken(uniqueId('cus'));
    const created = await api('/v1/store-reservations', {
      method: 'POST',
      token,
      body: { locationId: shop.storeId, items: [{ sku: shop.skus[0], quantity: 2 }] },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      locationId: shop.storeId,
      status: 'held',
      items: [{ sku: shop.skus[0], quantity: 2 }],
    });
    const hours = (Date.parse(created.body.expiresAt) - Date.now()) / 3600_000;
    expect(hours).toBeGreaterThan(23.9);
    expect(await levelAt(shop.skus[0]!, shop.storeId)).toMatchObject({ reserved: 2, available: 1 });

    const listed = await api('/v1/store-reservations', { token: await posAt(shop.storeId) });
    expect(listed.body.reservations.map((r: { id: string }) => r.id)).toContain(created.body.id);
    expect(
      (await api(`/v1/store-reservations?locationId=${shop.storeId}`, { token: await posAt(shop.otherStoreId) }))
        .status,
    ).toBe(403);

    const cancelled = await api(`/v1/store-reservations/${created.body.id}`, { method: 'DELETE', token });
    expect(cancelled.body.status).toBe('cancelled');
    expect(await levelAt(shop.skus[0]!, shop.storeId)).toMatchObject({ reserved: 0, available: 3 });
  });

  it('give their stock back when they expire', async () => {
    const shop = await openShop({ units: 2 });
    const token = await customerToken(uniqueId('cus'));
    await api('/v1/store-reservations', {
      method: 'POST',
      token,
      body: { locationId: shop.storeId, items: [{ sku: shop.skus[0], quantity: 2 }] },
    });
    expect(await levelAt(shop.skus[0]!, shop.storeId)).toMatchObject({ available: 0 });
    // The test shares its isolate with the Durable Objects: a clock 25 h ahead is their clock too.
    vi.useFakeTimers({ toFake: ['Date'] });
    advanceClock(25 * 3600_000);
    await runDurableObjectAlarm(stockOf(shop.skus[0]!));
    expect(await levelAt(shop.skus[0]!, shop.storeId)).toMatchObject({ reserved: 0, available: 2 });
  });

  it('refuse what the store does not have, holding nothing', async () => {
    const shop = await openShop({ skus: 2, units: 1 });
    const token = await customerToken(uniqueId('cus'));
    const res = await api('/v1/store-reservations', {
      method: 'POST',
      token,
      body: {
        locationId: shop.storeId,
        items: [
          { sku: shop.skus[0], quantity: 1 },
          { sku: shop.skus[1], quantity: 2 },
        ],
      },
    });
    expect(res).toMatchObject({
      status: 409,
      body: { code: 'out_of_stock', shortages: [{ sku: shop.skus[1], requested: 2, available: 1 }] },
    });
    expect(await levelAt(shop.skus[0]!, shop.storeId)).toMatchObject({ reserved: 0 });
    const warehouse = await api('/v1/store-reservations', {
      method: 'POST',
      token,
      body: { locationId: shop.warehouseId, items: [{ sku: shop.skus[0], quantity: 1 }] },
    });
    expect(warehouse.status).toBe(422);
  });
});

describe('order history', () => {
  it("lists the customer's orders from every channel, newest first, a page at a time", async () => {
    const shop = await openShop({ units: 10 });
    const sub = uniqueId('cus');
    const token = await customerToken(sub);
    const ids: string[] = [];
    for (const channel of ['web', 'app', 'kiosk']) {
      await device(token, channel).add(shop.skus[0]!, 1);
      await device(token, channel).fulfil('pickup', shop.storeId);
      ids.push((await checkoutWith(token, { payment: TEST_PAYMENT }, { channel })).body.id);
    }
    const first = await api('/v1/orders?limit=2', { token });
    expect(first.body.orders.map((o: { id: string }) => o.id)).toEqual([ids[2], ids[1]]);
    expect(first.body.orders.map((o: { channel: string }) => o.channel)).toEqual(['kiosk', 'app']);
    const second = await api(`/v1/orders?limit=2&cursor=${encodeURIComponent(first.body.nextCursor)}`, { token });
    expect(second.body).toMatchObject({ orders: [{ id: ids[0] }], nextCursor: null });
    expect((await api('/v1/orders?cursor=garbage', { token })).status).toBe(400);
  });
});

describe('who may do what with an order', () => {
  it('follows the authorization matrix on every order route', async () => {
    const shop = await openShop({ units: 10 });
    const { token: owner, order } = await placePickupOrder(shop);
    const callers = {
      owner,
      otherCustomer: await customerToken(uniqueId('other')),
      posHere: await posAt(shop.storeId),
      posElsewhere: await posAt(shop.otherStoreId),
      ops: await opsToken(),
    };
    const statusOf = async (token: string, path: string, method = 'GET', body?: unknown) =>
      (await api(path, { method, token, body })).status;

    const read = `/v1/orders/${order.id}`;
    expect(await statusOf(callers.owner, read)).toBe(200);
    expect(await statusOf(callers.otherCustomer, read)).toBe(404);
    expect(await statusOf(callers.posHere, read)).toBe(200);
    expect(await statusOf(callers.posElsewhere, read)).toBe(404);
    expect(await statusOf(callers.ops, read)).toBe(200);

    expect(await statusOf(callers.owner, '/v1/orders')).toBe(200);
    expect(await statusOf(callers.posHere, '/v1/orders')).toBe(403);
    expect(await statusOf(callers.ops, '/v1/orders')).toBe(403);
    expect((await api('/v1/orders', { token: callers.otherCustomer })).body.orders).toEqual([]);

    const ready = `/v1/orders/${order.id}/ready`;
    expect(await statusOf(callers.owner, ready, 'POST')).toBe(403);
    expect(await statusOf(callers.otherCustomer, ready, 'POST')).toBe(403);
    expect(await statusOf(callers.posElsewhere, ready, 'POST')).toBe(404);
    expect(await statusOf(callers.posHere, ready, 'POST')).toBe(200);

    const pickup = `/v1/orders/${order.id}/pickup`;
    const code = { pickupCode: order.fulfillment.pickupCode };
    expect(await statusOf(callers.owner, pickup, 'POST', code)).toBe(403);
    expect(await statusOf(callers.ops, pickup, 'POST', code)).toBe(403);
    expect(await statusOf(callers.posElsewhere, pickup, 'POST', code)).toBe(404);

    const cancel = `/v1/orders/${order.id}/cancel`;
    expect(await statusOf(callers.otherCustomer, cancel, 'POST')).toBe(404);
    expect(await statusOf(callers.posElsewhere, cancel, 'POST')).toBe(404);
    expect(await statusOf(callers.owner, cancel, 'POST')).toBe(200);

    const { order: second } = await placePickupOrder(shop);
    expect(await statusOf(callers.ops, `/v1/orders/${second.id}/ready`, 'POST')).toBe(200);
    expect(
      await statusOf(callers.posHere, `/v1/orders/${second.id}/pickup`, 'POST', {
        pickupCode: second.fulfillment.pickupCode,
      }),
    ).toBe(200);
  });

  it('lets only the reserving customer, a till at that store or ops cancel a reservation', async () => {
    const shop = await openShop({ units: 10 });
    const owner = await customerToken(uniqueId('cus'));
    const reserve = async () =>
      (
        await api('/v1/store-reservations', {
          method: 'POST',
          token: owner,
          body: { locationId: shop.storeId, items: [{ sku: shop.skus[0], quantity: 1 }] },
        })
      ).body.id;
    const id = await reserve();
    const cancel = async (token: string, reservation = id) =>
      (await api(`/v1/store-reservations/${reservation}`, { method: 'DELETE', token })).status;
    expect(await cancel(await customerToken(uniqueId('other')))).toBe(404);
    expect(await cancel(await posAt(shop.otherStoreId))).toBe(404);
    expect(await cancel(await posAt(shop.storeId))).toBe(200);
    expect(await cancel(await opsToken(), await reserve())).toBe(200);
    expect(await cancel(owner, await reserve())).toBe(200);
    expect(
      (
        await api('/v1/store-reservations', {
          method: 'POST',
          token: await posAt(shop.storeId),
          body: { locationId: shop.storeId, items: [{ sku: shop.skus[0], quantity: 1 }] },
        })
      ).status,
    ).toBe(403);
  });
});
