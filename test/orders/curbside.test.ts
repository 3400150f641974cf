import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { outbox } from '../../src/db/schema';
import { api, uniqueId } from '../helpers/api';
import { device } from '../helpers/carts';
import { checkoutWith, openShop, TEST_PAYMENT, type Shop } from '../helpers/checkout';
import { withDatabase } from '../helpers/postgres';
import { customerToken, opsToken, posAt } from '../helpers/tokens';

/** A shopper's order collected at the shop's store, placed through the cart and checkout. */
async function placeOrder(shop: Shop, type: 'curbside' | 'pickup' = 'curbside') {
  const token = await customerToken(uniqueId('cus'));
  const shopper = device(token, 'app');
  await shopper.add(shop.skus[0]!, 1);
  await shopper.fulfil(type, shop.storeId);
  const placed = await checkoutWith(token, { payment: TEST_PAYMENT }, { channel: 'app' });
  expect(placed.status).toBe(201);
  return { token, id: placed.body.id as string, number: placed.body.number as string };
}

async function markReady(orderId: string, till: string) {
  const ready = await api(`/v1/orders/${orderId}/ready`, { method: 'POST', token: till });
  expect(ready.body.status).toBe('ready_for_pickup');
}

const checkIn = (orderId: string, token: string, body: unknown = {}) =>
  api(`/v1/orders/${orderId}/arrived`, { method: 'POST', token, body });

const queueOf = (till: string, query = '') => api(`/v1/pos/orders${query}`, { token: till });

const arrivalEvents = (orderId: string) =>
  withDatabase((db) =>
    db
      .select({ topic: outbox.topic, payload: outbox.payload })
      .from(outbox)
      .where(eq(outbox.id, `${orderId}:order.customer_arrived`)),
  );

describe('curbside check-in', () => {
  it('records that the shopper is outside, and where, with one event however often they check in', async () => {
    const shop = await openShop();
    const till = await posAt(shop.storeId);
    const order = await placeOrder(shop);
    await markReady(order.id, till);

    const arrived = await checkIn(order.id, order.token, { spot: 'Bay 3', note: 'red hatchback' });
    expect(arrived.status).toBe(200);
    expect(arrived.body).toMatchObject({
      id: order.id,
      status: 'ready_for_pickup',
      fulfillment: { type: 'curbside', locationId: shop.storeId, spot: 'Bay 3', note: 'red hatchback' },
    });
    const { arrivedAt } = arrived.body.fulfillment;
    expect(Date.parse(arrivedAt)).toBeGreaterThan(Date.now() - 60_000);
    expect(await arrivalEvents(order.id)).toEqual([
      {
        topic: 'order.customer_arrived',
        payload: {
          orderId: order.id,
          number: order.number,
          locationId: shop.storeId,
          spot: 'Bay 3',
          note: 'red hatchback',
          arrivedAt,
        },
      },
    ]);

    // They moved: the store sees the new spot, their place in the queue (arrivedAt) is kept, nothing is said twice.
    const again = await checkIn(order.id, order.token, { spot: 'Bay 5' });
    expect(again.status).toBe(200);
    expect(again.body.fulfillment).toMatchObject({ arrivedAt, spot: 'Bay 5' });
    expect(again.body.fulfillment.note).toBeUndefined();
    expect(await arrivalEvents(order.id)).toHaveLength(1);
    const stored = await api(`/v1/orders/${order.id}`, { token: order.token });
    expect(stored.body.fulfillment).toEqual(again.body.fulfillment);
  });

  it('is refused for an order the store cannot bring out yet, or at all, and for anyone but its shopper', async () => {
    const shop = await openShop();
    const till = await posAt(shop.storeId);
    const early = await placeOrder(shop);
    const tooEarly = await checkIn(early.id, early.token);
    expect(tooEarly.status).toBe(409);
    expect(tooEarly.body).toMatchObject({ status: 409, code: 'conflict', orderStatus: 'placed' });

    const pickup = await placeOrder(shop, 'pickup');
    await markReady(pickup.id, till);
    expect((await checkIn(pickup.id, pickup.token)).body).toMatchObject({
      status: 409,
      code: 'conflict',
      orderStatus: 'ready_for_pickup',
    });

    await markReady(early.id, till);
    const stranger = await customerToken(uniqueId('cus'));
    expect((await checkIn(early.id, stranger)).status).toBe(404);
    const guest = (await api('/v1/carts', { method: 'POST' })).body.token as string;
    for (const token of [till, await opsToken(), guest]) expect((await checkIn(early.id, token)).status).toBe(403);

    const longSpot = await checkIn(early.id, early.token, { spot: 'x'.repeat(41) });
    expect(longSpot.status).toBe(400);
    expect(longSpot.body.errors).toEqual([expect.objectContaining({ path: 'json.spot' })]);
    expect((await checkIn(early.id, early.token, { note: 'x'.repeat(201) })).status).toBe(400);

    expect(await arrivalEvents(early.id)).toEqual([]);
    expect(await arrivalEvents(pickup.id)).toEqual([]);
  });
});

describe("the store's queue at the till", () => {
  it('lists the shoppers outside first, then the others oldest first, at its own store only', async () => {
    const shop = await openShop();
    const till = await posAt(shop.storeId);
    const waiting = await placeOrder(shop, 'pickup');
    const outside = await placeOrder(shop);
    const preparing = await placeOrder(shop);
    await markReady(waiting.id, till);
    await markReady(outside.id, till);
    expect((await checkIn(outside.id, outside.token, { spot: 'Bay 1' })).status).toBe(200);

    const ready = await queueOf(till);
    expect(ready.status).toBe(200);
    expect(ready.body.orders.map((order: { id: string }) => order.id)).toEqual([outside.id, waiting.id]);
    expect(ready.body.orders[0].fulfillment).toMatchObject({ type: 'curbside', spot: 'Bay 1' });
    // The shopper shows the till the code; the till is never shown it.
    for (const order of ready.body.orders) {
      expect(order.fulfillment.pickupCode).toBeUndefined();
      expect(order.pickupPass).toBeUndefined();
    }
    expect((await queueOf(till, '?status=ready_for_pickup')).body).toEqual(ready.body);
    const toPrepare = await queueOf(till, '?status=placed');
    expect(toPrepare.body.orders.map((order: { id: string }) => order.id)).toEqual([preparing.id]);

    const elsewhere = await queueOf(await posAt(shop.otherStoreId));
    expect(elsewhere.status).toBe(200);
    expect(elsewhere.body.orders).toEqual([]);
  });

  it('answers only the statuses a store waits on, and only to a till', async () => {
    const shop = await openShop();
    const till = await posAt(shop.storeId);
    const shipped = await queueOf(till, '?status=shipped');
    expect(shipped.status).toBe(400);
    expect(shipped.body.errors).toEqual([expect.objectContaining({ path: 'query.status' })]);
    for (const token of [await opsToken(), await customerToken(uniqueId('cus'))]) {
      expect((await queueOf(token)).status).toBe(403);
    }
    const guest = await api('/v1/carts', { method: 'POST' });
    expect((await queueOf(guest.body.token)).status).toBe(403);
  });
});
