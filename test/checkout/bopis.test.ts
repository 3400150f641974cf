import { eq, like } from 'drizzle-orm';
import { describe, expect, it, vi } from 'vitest';
import { outbox } from '../../src/db/schema';
import { withDatabase } from '../helpers/postgres';
import { verifyPickupPass } from '../../src/orders/pickup-pass';
import { api, uniqueId } from '../helpers/api';
import { customerToken, posAt } from '../helpers/tokens';
import { device } from '../helpers/carts';
import { ADDRESS, checkoutWith, openShop, TEST_PAYMENT } from '../helpers/checkout';
import { levelAt } from '../helpers/stock';

describe('buy online, pick up in store', () => {
  it('goes from cart to picked up, with the code, at the right store only', async () => {
    const { storeId, otherStoreId, skus } = await openShop({ skus: 2, units: 5, price: 1500 });
    const token = await customerToken(uniqueId('cus'));
    const shopper = device(token, 'app');
    await shopper.add(skus[0]!, 2);
    await shopper.add(skus[1]!, 1);
    await shopper.fulfil('pickup', storeId);

    const placed = await checkoutWith(
      token,
      { payment: TEST_PAYMENT, contact: { email: 'ana@example.com' } },
      { channel: 'app' },
    );
    expect(placed.status).toBe(201);
    const order = placed.body;
    expect(order).toMatchObject({
      status: 'placed',
      channel: 'app',
      fulfillment: { type: 'pickup', locationId: storeId, pickupCode: expect.stringMatching(/^[A-Z2-9]{6}$/) },
      totals: { subtotal: 4500, discount: 0, total: 4500 },
      lines: [
        { sku: skus[0], quantity: 2, unitAmount: 1500 },
        { sku: skus[1], quantity: 1 },
      ],
      number: expect.stringMatching(/^AIS-\d+$/),
    });
    // Committed right away: sold, nothing left reserved; the commit task is marked done without the dispatcher.
    expect(await levelAt(skus[0]!, storeId)).toMatchObject({ onHand: 3, reserved: 0 });
    await vi.waitFor(async () => {
      const [commit] = await withDatabase((db) =>
        db
          .select()
          .from(outbox)
          .where(eq(outbox.id, `${order.id}:stock.commit`)),
      );
      expect(commit).toMatchObject({ attempts: 0, processedAt: expect.anything() });
    });
    expect((await shopper.cart()).body.lines).toEqual([]);
    // Checkout answers with the order as written, without reading it back: it is the order as stored.
    const stored = await api(`/v1/orders/${order.id}`, { token });
    expect({ ...stored.body, pickupPass: undefined }).toEqual({ ...order, pickupPass: undefined });

    // The pass verifies offline against the published key.
    const jwks = (await api('/v1/pickup-passes/jwks.json')).body;
    await expect(verifyPickupPass(order.pickupPass, jwks.keys[0])).resolves.toEqual({
      orderId: order.id,
      orderNumber: order.number,
      locationId: storeId,
      pickupCode: order.fulfillment.pickupCode,
    });

    const elsewhere = await posAt(otherStoreId);
    expect((await api(`/v1/orders/${order.id}`, { token: elsewhere })).status).toBe(404);
    expect((await api(`/v1/orders/${order.id}/ready`, { method: 'POST', token: elsewhere })).status).toBe(404);

    const till = await posAt(storeId);
    const seenByTill = await api(`/v1/orders/${order.id}`, { token: till });
    expect(seenByTill.body.fulfillment.pickupCode).toBeUndefined();
    expect(
      (
        await api(`/v1/orders/${order.id}/pickup`, {
          method: 'POST',
          token: till,
          body: { pickupCode: order.fulfillment.pickupCode },
        })
      ).status,
    ).toBe(409);
    expect((await api(`/v1/orders/${order.id}/ready`, { method: 'POST', token: till })).body.status).toBe(
      'ready_for_pickup',
    );

    const wrong = await api(`/v1/orders/${order.id}/pickup`, {
      method: 'POST',
      token: till,
      body: { pickupCode: 'WRONG9' },
    });
    expect(wrong.status).toBe(422);
    const typed = order.fulfillment.pickupCode.toLowerCase().replace(/^(...)/, '$1-');
    const handed = await api(`/v1/orders/${order.id}/pickup`, {
      method: 'POST',
      token: till,
      body: { pickupCode: typed },
    });
    expect(handed.status).toBe(200);
    expect(handed.body.status).toBe('picked_up');
    expect((await api(`/v1/orders/${order.id}/cancel`, { method: 'POST', token })).status).toBe(409);

    const events = await withDatabase((db) =>
      db
        .select({ topic: outbox.topic, payload: outbox.payload })
        .from(outbox)
        .where(like(outbox.id, `${order.id}:order.%`)),
    );
    expect(events.map((event) => event.topic).sort()).toEqual([
      'order.picked_up',
      'order.placed',
      'order.ready_for_pickup',
    ]);
    expect(events.find((event) => event.topic === 'order.placed')?.payload).toEqual({
      orderId: order.id,
      number: order.number,
      customerId: order.customerId,
      channel: 'app',
      total: 4500,
      currency: 'USD',
    });
  });

  it('takes pay-in-store for pickup but not for shipping', async () => {
    const { storeId, skus } = await openShop();
    const token = await customerToken(uniqueId('cus'));
    const shopper = device(token);
    await shopper.add(skus[0]!, 1);
    const shipped = await checkoutWith(token, { payment: { method: 'pay_in_store' }, shippingAddress: ADDRESS });
    expect(shipped.status).toBe(422);
    await shopper.fulfil('curbside', storeId);
    const curbside = await checkoutWith(token, { payment: { method: 'pay_in_store' } });
    expect(curbside.status).toBe(201);
    expect(curbside.body).toMatchObject({
      fulfillment: { type: 'curbside' },
      payment: { method: 'pay_in_store', status: 'pay_in_store' },
    });
  });
});
