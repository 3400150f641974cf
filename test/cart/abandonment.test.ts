import { env } from 'cloudflare:workers';
import { runDurableObjectAlarm, runInDurableObject } from 'cloudflare:test';
import { like } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { outbox } from '../../src/db/schema';
import { uniqueId } from '../helpers/api';
import { createProducts } from '../helpers/catalog';
import { withDatabase } from '../helpers/postgres';
import { customerToken } from '../helpers/tokens';
import { device } from './helpers';

// The test environment sets CART_ABANDON_AFTER_SECONDS to 2.
const IDLE_MS = 2000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function shopperWithCart() {
  const sub = uniqueId('idle');
  const [sku] = await createProducts(1);
  const shopper = device(await customerToken(sub));
  const cartId = `customer:${sub}`;
  return { shopper, sku: sku!, cartId, stub: env.CART.getByName(cartId) };
}

const abandonmentEvents = (cartId: string) =>
  withDatabase((db) => db.select().from(outbox).where(like(outbox.id, `cart.abandoned:${cartId}:%`)));

describe('cart abandonment', () => {
  it('records cart.abandoned exactly once per idle period, however often the alarm runs', async () => {
    const { shopper, sku, cartId, stub } = await shopperWithCart();
    const written = await shopper.add(sku, 2);
    await sleep(IDLE_MS + 200);
    await runDurableObjectAlarm(stub);
    // At-least-once delivery: the same alarm arriving again must not report again.
    await runInDurableObject(stub, (cart: { alarm(): Promise<void> }) => cart.alarm());
    await runInDurableObject(stub, (cart: { alarm(): Promise<void> }) => cart.alarm());

    const events = await abandonmentEvents(cartId);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      id: `cart.abandoned:${cartId}:v${written.body.version}`,
      topic: 'cart.abandoned',
      payload: { cartId, version: written.body.version, lines: [{ sku, quantity: 2 }] },
    });
  });

  it('does not fire after checkout empties the cart', async () => {
    const { shopper, sku, cartId, stub } = await shopperWithCart();
    const written = await shopper.add(sku, 1);
    expect(await stub.clearAfterCheckout(written.body.version)).toBe(true);
    await sleep(IDLE_MS + 200);
    await runDurableObjectAlarm(stub);
    expect(await abandonmentEvents(cartId)).toHaveLength(0);
  });

  it('does not clear a cart that changed after the checkout snapshot', async () => {
    const { shopper, sku, stub } = await shopperWithCart();
    const snapshot = await shopper.add(sku, 1);
    await shopper.add(sku, 1);
    expect(await stub.clearAfterCheckout(snapshot.body.version)).toBe(false);
    expect((await shopper.cart()).body.lines).toEqual([expect.objectContaining({ quantity: 2 })]);
  });

  it('does not fire for a cart the shopper emptied', async () => {
    const { shopper, sku, cartId, stub } = await shopperWithCart();
    await shopper.add(sku, 1);
    await shopper.remove(sku);
    await sleep(IDLE_MS + 200);
    await runDurableObjectAlarm(stub);
    expect(await abandonmentEvents(cartId)).toHaveLength(0);
  });

  it('re-arms on activity: the idle period starts again at the last write', async () => {
    const { shopper, sku, cartId, stub } = await shopperWithCart();
    await shopper.add(sku, 1);
    await sleep(IDLE_MS * 0.6);
    const latest = await shopper.add(sku, 1);
    await sleep(IDLE_MS * 0.6);
    // Past the first write's idle period, inside the second's: nothing to report yet.
    await runInDurableObject(stub, (cart: { alarm(): Promise<void> }) => cart.alarm());
    expect(await abandonmentEvents(cartId)).toHaveLength(0);

    await sleep(IDLE_MS * 0.6);
    await runDurableObjectAlarm(stub);
    const events = await abandonmentEvents(cartId);
    expect(events.map((event) => event.id)).toEqual([`cart.abandoned:${cartId}:v${latest.body.version}`]);
  });
});
