import { runDurableObjectAlarm, runInDurableObject } from 'cloudflare:test';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { customers } from '../../src/db/schema';
import { uniqueId } from '../helpers/api';
import { abandonmentEvents, cartOf, device, newGuest, redeliverAlarm } from '../helpers/carts';
import { createProducts, priceSkus } from '../helpers/catalog';
import { advanceClock } from '../helpers/clock';
import { withDatabase } from '../helpers/postgres';
import { customerToken } from '../helpers/tokens';

// CART_ABANDON_AFTER_SECONDS is left at its default in tests: an hour.
const IDLE_MS = 3600_000;

async function shopperWithCart() {
  const sub = uniqueId('idle');
  const [sku] = await createProducts(1);
  const shopper = device(await customerToken(sub));
  const cartId = `customer:${sub}`;
  return { shopper, sku: sku!, cartId, stub: cartOf(cartId) };
}

describe('cart abandonment', () => {
  beforeEach(() => vi.useFakeTimers({ toFake: ['Date'] }));
  afterEach(() => vi.useRealTimers());

  it('records cart.abandoned exactly once per idle period, however often the alarm runs', async () => {
    const { shopper, sku, cartId, stub } = await shopperWithCart();
    const written = await shopper.add(sku, 2);
    advanceClock(IDLE_MS + 1000);
    expect(await runDurableObjectAlarm(stub)).toBe(true);
    // At-least-once delivery: the same alarm arriving again must not report again.
    await redeliverAlarm(stub);
    await redeliverAlarm(stub);

    const events = await abandonmentEvents(cartId);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      id: `cart.abandoned:${cartId}:v${written.body.version}`,
      topic: 'cart.abandoned',
      payload: { cartId, version: written.body.version, lines: [{ sku, quantity: 2 }] },
    });
  });

  it('does not fire before the idle period is over', async () => {
    const { shopper, sku, cartId, stub } = await shopperWithCart();
    await shopper.add(sku, 1);
    advanceClock(IDLE_MS - 60_000);
    await redeliverAlarm(stub);
    expect(await abandonmentEvents(cartId)).toHaveLength(0);
  });

  it('leaves the alarm where it was on a later write; it fires early, finds nothing due and waits for the new idle period', async () => {
    const { shopper, sku, cartId, stub } = await shopperWithCart();
    const alarmAt = () => runInDurableObject(stub, (_, state) => state.storage.getAlarm());
    const first = await shopper.add(sku, 1);
    const armed = await alarmAt();
    expect(armed).toBe(Date.parse(first.body.updatedAt) + IDLE_MS);
    advanceClock(IDLE_MS / 2);
    const second = await shopper.add(sku, 1);
    expect(await alarmAt()).toBe(armed);

    advanceClock(IDLE_MS / 2 + 1000);
    expect(await runDurableObjectAlarm(stub)).toBe(true);
    expect(await abandonmentEvents(cartId)).toHaveLength(0);
    expect(await alarmAt()).toBe(Date.parse(second.body.updatedAt) + IDLE_MS);

    advanceClock(IDLE_MS / 2);
    expect(await runDurableObjectAlarm(stub)).toBe(true);
    expect((await abandonmentEvents(cartId)).map((event) => event.payload)).toMatchObject([
      { version: second.body.version, lines: [{ sku, quantity: 2 }] },
    ]);
  });

  it('does not fire after checkout takes the ordered lines out of the cart', async () => {
    const { shopper, sku, cartId, stub } = await shopperWithCart();
    await shopper.add(sku, 1);
    expect(await stub.claimCheckout('key-1', 60_000)).toMatchObject({ kind: 'claimed' });
    expect(await stub.completeCheckout('key-1', { id: 'ord_1', lines: [{ sku, quantity: 1 }], coupons: [] })).toBe(
      true,
    );
    expect(await stub.snapshot()).toMatchObject({ lines: [], checkedOutAt: expect.any(String) });
    advanceClock(IDLE_MS + 1000);
    await redeliverAlarm(stub);
    expect(await abandonmentEvents(cartId)).toHaveLength(0);
  });

  it('does not fire for a cart the shopper emptied', async () => {
    const { shopper, sku, cartId, stub } = await shopperWithCart();
    await shopper.add(sku, 1);
    await shopper.remove(sku);
    advanceClock(IDLE_MS + 1000);
    await redeliverAlarm(stub);
    expect(await abandonmentEvents(cartId)).toHaveLength(0);
  });

  it('re-arms on activity: the idle period starts again at the last write', async () => {
    const { shopper, sku, cartId, stub } = await shopperWithCart();
    await shopper.add(sku, 1);
    advanceClock(IDLE_MS * 0.6);
    const latest = await shopper.add(sku, 1);
    advanceClock(IDLE_MS * 0.6);
    // Past the first write's idle period, inside the second's: nothing to report yet.
    await redeliverAlarm(stub);
    expect(await abandonmentEvents(cartId)).toHaveLength(0);

    advanceClock(IDLE_MS * 0.6);
    await redeliverAlarm(stub);
    const events = await abandonmentEvents(cartId);
    expect(events.map((event) => event.id)).toEqual([`cart.abandoned:${cartId}:v${latest.body.version}`]);
  });

  it('carries what a reminder needs: the contact, the lines and totals as the last writer saw them priced', async () => {
    const sub = uniqueId('idle');
    await withDatabase((db) => db.insert(customers).values({ id: sub, email: `${sub}@remind.example`, phone: null }));
    const [a, b] = (await createProducts(2)) as [string, string];
    // Priced on the app only: the web shows no price. The newest line comes from the web, but the last write
    // (a quantity change) from the app: the app's prices are the ones the shopper last saw.
    await priceSkus({ [a]: 1250, [b]: 399 }, { channel: 'app' });
    const cartId = `customer:${sub}`;
    const token = await customerToken(sub);
    await device(token, 'app').add(a, 1);
    expect((await device(token, 'web').add(b, 3)).body.totals.total).toBe(0);
    const written = await device(token, 'app').setQuantity(a, 2);
    expect(written.body.totals.total).toBe(2 * 1250 + 3 * 399);
    advanceClock(IDLE_MS + 1000);
    expect(await runDurableObjectAlarm(cartOf(cartId))).toBe(true);

    const [event] = await abandonmentEvents(cartId);
    expect(event?.payload).toEqual({
      cartId,
      ownerKind: 'customer',
      customerId: sub,
      version: written.body.version,
      lastActivityAt: written.body.updatedAt,
      abandonedAt: expect.any(String),
      currency: 'USD',
      lines: [
        { sku: a, title: `Product ${a}`, quantity: 2, unitAmount: 1250, lineTotal: 2500 },
        { sku: b, title: `Product ${b}`, quantity: 3, unitAmount: 399, lineTotal: 1197 },
      ],
      totals: { subtotal: 3697, discount: 0, total: 3697 },
      coupons: [],
      contact: { email: `${sub}@remind.example`, phone: null },
    });
  });

  it('has no contact for a guest cart, nor for a customer Aisle holds no contact for', async () => {
    const [sku] = (await createProducts(1)) as [string];
    await priceSkus({ [sku]: 500 });
    const guest = await newGuest();
    await guest.add(sku, 1);
    const sub = uniqueId('idle');
    await device(await customerToken(sub)).add(sku, 1);
    advanceClock(IDLE_MS + 1000);
    const guestCart = `guest:${guest.cartId}`;
    expect(await runDurableObjectAlarm(cartOf(guestCart))).toBe(true);
    expect(await runDurableObjectAlarm(cartOf(`customer:${sub}`))).toBe(true);

    const [guestEvent] = await abandonmentEvents(guestCart);
    expect(guestEvent?.payload).toMatchObject({
      cartId: guestCart,
      ownerKind: 'guest',
      customerId: null,
      contact: null,
      totals: { total: 500 },
    });
    const [customerEvent] = await abandonmentEvents(`customer:${sub}`);
    expect(customerEvent?.payload).toMatchObject({ ownerKind: 'customer', customerId: sub, contact: null });
  });
});
