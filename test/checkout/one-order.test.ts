import { eq } from 'drizzle-orm';
import { describe, expect, inject, it } from 'vitest';
import { orders } from '../../src/db/schema';
import { api, uniqueId } from '../helpers/api';
import { device } from '../helpers/carts';
import { putProducts } from '../helpers/catalog';
import { checkoutWith, openShop, runDispatcher, type Shop } from '../helpers/checkout';
import { withDatabase } from '../helpers/postgres';
import { levelAt } from '../helpers/stock';
import { customerToken } from '../helpers/tokens';

const CARD = { method: 'card' as const, token: 'pm_card_visa' };
// The gateway stub answers this token after 2 s: time for another request to arrive mid-checkout.
const SLOW_CARD = { method: 'card' as const, token: 'pm_card_gateway_slow' };

async function customerCart(shop: Shop, lines: Record<string, number>) {
  const sub = uniqueId('cus');
  const token = await customerToken(sub);
  const shopper = device(token);
  for (const [sku, quantity] of Object.entries(lines)) await shopper.add(sku, quantity);
  await shopper.fulfil('pickup', shop.storeId);
  return { sub, token, shopper, other: device(token, 'app') };
}

async function sha256(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((byte) => byte.toString(16).padStart(2, '0')).join('');
}

/** Authorizations the card gateway created for checkouts of this cart under these keys. */
async function authorizationsFor(cartName: string, keys: readonly string[]): Promise<number> {
  const references = await Promise.all(
    keys.map(async (key) => `chk_${(await sha256(`checkout:${cartName}:${key}`)).slice(0, 24)}:`),
  );
  const response = await fetch(`${inject('cardGatewayUrl')}/__stub/requests`);
  const calls: { method: string; path: string; idempotencyKey: string | null; replayed: boolean }[] =
    await response.json();
  return calls.filter(
    (call) =>
      call.method === 'POST' &&
      call.path === '/v1/payment_intents' &&
      !call.replayed &&
      references.some((reference) => call.idempotencyKey?.startsWith(reference)),
  ).length;
}

const ordersOf = (customerId: string) =>
  withDatabase((db) => db.select({ id: orders.id }).from(orders).where(eq(orders.customerId, customerId)));

/** Waits until the running checkout has placed its holds, i.e. has taken its snapshot of the cart. */
async function untilHeld(sku: string, locationId: string) {
  for (let i = 0; i < 200; i++) {
    if ((await levelAt(sku, locationId)).reserved > 0) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`no hold on ${sku} appeared`);
}

describe('one cart, one order', () => {
  it('makes exactly 1 order, 1 authorization and 1 stock move of 50 concurrent checkouts with distinct keys', async () => {
    const shop = await openShop({ units: 200 });
    const sku = shop.skus[0]!;
    const { sub, token } = await customerCart(shop, { [sku]: 2 });
    const keys = Array.from({ length: 50 }, () => uniqueId('key'));

    const responses = await Promise.all(keys.map((key) => checkoutWith(token, { payment: CARD }, { key })));

    const placed = responses.filter((res) => res.status === 201);
    expect(placed).toHaveLength(1);
    const orderId = placed[0]!.body.id as string;
    for (const res of responses.filter((candidate) => candidate.status !== 201)) {
      expect(res.status).toBe(409);
      expect(['checkout_in_progress', 'cart_already_ordered']).toContain(res.body.code);
      if (res.body.code === 'cart_already_ordered') expect(res.body.orderId).toBe(orderId);
      else expect(res.headers.get('retry-after')).toMatch(/^\d+$/);
    }
    expect(await ordersOf(sub)).toEqual([{ id: orderId }]);
    expect(await authorizationsFor(`customer:${sub}`, keys)).toBe(1);
    expect(await levelAt(sku, shop.storeId)).toMatchObject({ onHand: 198, reserved: 0, available: 198 });
  });

  it('answers checkout_in_progress while one runs and cart_already_ordered after; the first key still replays', async () => {
    const shop = await openShop({ units: 10 });
    const sku = shop.skus[0]!;
    const { sub, token, shopper } = await customerCart(shop, { [sku]: 1 });
    const firstKey = uniqueId('key');
    const secondKey = uniqueId('key');

    const first = checkoutWith(token, { payment: SLOW_CARD }, { key: firstKey });
    await untilHeld(sku, shop.storeId);
    const meanwhile = await checkoutWith(token, { payment: CARD }, { key: secondKey });
    expect(meanwhile).toMatchObject({ status: 409, body: { code: 'checkout_in_progress', status: 409 } });
    expect(meanwhile.headers.get('retry-after')).toMatch(/^\d+$/);

    const placed = await first;
    expect(placed.status).toBe(201);
    const after = await checkoutWith(token, { payment: CARD });
    expect(after).toMatchObject({
      status: 409,
      body: { code: 'cart_already_ordered', title: 'Cart already ordered', orderId: placed.body.id },
    });
    // "In progress" was not the second key's final answer: retried now, it learns of the order.
    const retried = await checkoutWith(token, { payment: CARD }, { key: secondKey });
    expect(retried).toMatchObject({ status: 409, body: { code: 'cart_already_ordered', orderId: placed.body.id } });
    const replay = await checkoutWith(token, { payment: SLOW_CARD }, { key: firstKey });
    expect(replay.status).toBe(201);
    expect(replay.body).toEqual(placed.body);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');

    expect(await ordersOf(sub)).toHaveLength(1);
    expect(await levelAt(sku, shop.storeId)).toMatchObject({ onHand: 9, reserved: 0 });
    expect((await shopper.cart()).body.lines).toEqual([]);
  });

  it('keeps the cart claimed by a checkout that crashed after placing its order, until its retry finishes it', async () => {
    const shop = await openShop({ units: 10 });
    const sku = shop.skus[0]!;
    const { sub, token, shopper } = await customerCart(shop, { [sku]: 2 });
    const key = uniqueId('key');
    const crashed = await checkoutWith(token, { payment: CARD }, { key, fault: 'after-order-commit' });
    expect(crashed.status).toBe(500);

    const other = await checkoutWith(token, { payment: CARD });
    expect(other).toMatchObject({ status: 409, body: { code: 'checkout_in_progress' } });
    const retried = await checkoutWith(token, { payment: CARD }, { key });
    expect(retried.status).toBe(201);
    expect((await shopper.cart()).body.lines).toEqual([]);
    expect(await checkoutWith(token, { payment: CARD })).toMatchObject({
      status: 409,
      body: { code: 'cart_already_ordered', orderId: retried.body.id },
    });
    expect(await ordersOf(sub)).toHaveLength(1);
  });

  it('finishes the cart of a checkout that crashed after placing its order from the outbox, with no retry', async () => {
    const shop = await openShop({ units: 10 });
    const sku = shop.skus[0]!;
    const { sub, token, shopper } = await customerCart(shop, { [sku]: 2 });
    const crashed = await checkoutWith(token, { payment: CARD }, { fault: 'after-order-commit' });
    expect(crashed.status).toBe(500);
    expect((await shopper.cart()).body.lines).toHaveLength(1);

    await runDispatcher();
    expect((await shopper.cart()).body.lines).toEqual([]);
    const [order] = await ordersOf(sub);
    expect(await checkoutWith(token, { payment: CARD })).toMatchObject({
      status: 409,
      body: { code: 'cart_already_ordered', orderId: order?.id },
    });
    expect(await ordersOf(sub)).toHaveLength(1);
  });
});

describe('the cart after checkout', () => {
  it('takes out only what was ordered and keeps what another device added during checkout', async () => {
    const shop = await openShop({ skus: 3, units: 10 });
    const [bought, alsoBought, addedLater] = shop.skus as [string, string, string];
    const { shopper, token, other } = await customerCart(shop, { [bought]: 2, [alsoBought]: 1 });

    const checkout = checkoutWith(token, { payment: SLOW_CARD });
    await untilHeld(bought, shop.storeId);
    expect((await other.add(bought, 1)).status).toBe(200);
    expect((await other.add(addedLater, 3)).status).toBe(200);
    const placed = await checkout;

    expect(placed.status).toBe(201);
    expect(placed.body.lines).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ sku: bought, quantity: 2 }),
        expect.objectContaining({ sku: alsoBought, quantity: 1 }),
      ]),
    );
    expect(placed.body.lines).toHaveLength(2);
    const cart = (await shopper.cart()).body;
    expect(cart.lines.map(({ sku, quantity }: { sku: string; quantity: number }) => ({ sku, quantity }))).toEqual([
      { sku: bought, quantity: 1 },
      { sku: addedLater, quantity: 3 },
    ]);
    // What is left is a new cart, free to be ordered.
    const next = await checkoutWith(token, { payment: CARD });
    expect(next.status).toBe(201);
    expect((await api('/v1/orders', { token })).body.orders).toHaveLength(2);
  });
});

describe('retired SKUs', () => {
  it('refuses a cart holding a SKU deactivated after it was added (422 naming it), holding nothing', async () => {
    const shop = await openShop({ skus: 2, units: 5 });
    const [kept, retired] = shop.skus as [string, string];
    const { token, shopper } = await customerCart(shop, { [kept]: 1, [retired]: 2 });
    await putProducts([{ sku: retired, title: 'Retired', active: false }]);

    const res = await checkoutWith(token, { payment: CARD });

    expect(res).toMatchObject({ status: 422, body: { code: 'unprocessable', inactive: [retired] } });
    expect(res.body.detail).toContain(retired);
    for (const sku of shop.skus) expect(await levelAt(sku, shop.storeId)).toMatchObject({ onHand: 5, reserved: 0 });
    expect((await shopper.cart()).body.lines).toHaveLength(2);
  });
});
