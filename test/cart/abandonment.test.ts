import { runDurableObjectAlarm } from 'cloudflare:test';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { uniqueId } from '../helpers/api';
import { abandonmentEvents, cartOf, device, redeliverAlarm } from '../helpers/carts';
import { createProducts } from '../helpers/catalog';
import { advanceClock } from '../helpers/clock';
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
});
