import { describe, expect, it } from 'vitest';
import { signGuestToken } from '../../src/auth/tokens';
import { api, uniqueId } from '../helpers/api';
import { createProducts, priceSkus, putPromotions } from '../helpers/catalog';
import { openSocket } from '../helpers/sockets';
import { customerToken } from '../helpers/tokens';
import { device, newGuest, quantities } from '../helpers/carts';

interface CartMessage {
  type: 'cart';
  cart: { version: number; channel: string; lines: { sku: string; quantity: number }[] };
}

describe('live cart sync', () => {
  it("pushes device A's change to device B's socket, priced for B, and nothing to another customer", async () => {
    const [sku] = await createProducts(1);
    await priceSkus({ [sku!]: 1000 });
    const token = await customerToken(uniqueId('cus'));
    const strangerToken = await customerToken(uniqueId('other'));
    const laptop = await openSocket(`/v1/cart/live?token=${token}`, { 'x-channel': 'web' });
    const phoneSocket = await openSocket('/v1/cart/live', { authorization: `Bearer ${token}`, 'x-channel': 'app' });
    const stranger = await openSocket(`/v1/cart/live?token=${strangerToken}`);
    try {
      await laptop.waitFor<CartMessage>((m) => m.type === 'cart' && m.cart.version === 0);

      const written = await device(token, 'web').add(sku!, 2);
      const seen = await phoneSocket.waitFor<CartMessage>((m) => m.cart.version === written.body.version);
      expect(seen.cart.channel).toBe('app');
      expect(seen.cart.lines).toEqual([expect.objectContaining({ sku, quantity: 2 })]);
      await laptop.waitFor<CartMessage>((m) => m.cart.version === written.body.version);

      // The stranger changes their own cart only after the customer's push went out: if that push had
      // reached the stranger's socket, it would sit between the stranger's snapshot and this change.
      const own = await device(strangerToken, 'web').add(sku!, 1);
      await stranger.waitFor<CartMessage>((m) => m.cart.version === own.body.version);
      expect(stranger.messages).toEqual([
        { type: 'cart', cart: expect.objectContaining({ version: 0, lines: [] }) },
        {
          type: 'cart',
          cart: expect.objectContaining({
            version: own.body.version,
            lines: [expect.objectContaining({ sku, quantity: 1 })],
          }),
        },
      ]);
    } finally {
      [laptop, phoneSocket, stranger].forEach((socket) => socket.close());
    }
  });

  it('refuses a socket without a valid token', async () => {
    await expect(openSocket('/v1/cart/live?token=not-a-token')).rejects.toThrow(/401/);
    await expect(openSocket('/v1/cart/live')).rejects.toThrow(/401/);
  });

  it('answers a request that is not a WebSocket upgrade with 426, as documented', async () => {
    const res = await api('/v1/cart/live', { token: await customerToken(uniqueId('plain')) });
    expect(res.status).toBe(426);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    expect(res.headers.get('upgrade')).toBe('websocket');
    expect(res.body.code).toBe('upgrade_required');
  });
});

describe('guest carts', () => {
  it('gives each guest a cart of their own that no other token opens', async () => {
    const [sku] = await createProducts(1);
    const guest = await newGuest();
    const other = await newGuest();
    expect((await guest.add(sku!, 2)).status).toBe(200);
    expect((await other.cart()).body.lines).toEqual([]);
    expect((await guest.cart()).body.id).toBe(`guest:${guest.cartId}`);
    const forged = device(await signGuestToken(guest.cartId, 'a-key-that-is-not-ours'));
    expect((await forged.cart()).status).toBe(401);
  });
});

describe('merging a guest cart at login', () => {
  it('sums quantities, keeps valid coupons, empties the guest cart, and a second merge changes nothing', async () => {
    const [shared, guestOnly] = await createProducts(2);
    await priceSkus({ [shared!]: 3000, [guestOnly!]: 1000 });
    const code = `M${Date.now().toString(36)}`;
    const webOnly = `W${Date.now().toString(36)}`;
    await putPromotions([
      { id: uniqueId('p'), name: 'merge coupon', kind: 'amount_off', value: 200, target: { scope: 'order' }, code },
      {
        id: uniqueId('p'),
        name: 'web only',
        kind: 'amount_off',
        value: 100,
        target: { scope: 'order' },
        code: webOnly,
        conditions: { channels: ['web'] },
      },
    ]);
    const guest = await newGuest('web');
    await guest.add(shared!, 2);
    await guest.add(guestOnly!, 1);
    expect((await guest.addCoupon(code)).status).toBe(200);
    expect((await guest.addCoupon(webOnly)).status).toBe(200);
    // The customer logs in on the app, where the web-only coupon does not apply: it is not carried over.
    const customer = device(await customerToken(uniqueId('cus')), 'app');
    await customer.add(shared!, 3);

    const merged = await customer.merge(guest.token);
    expect(merged.status).toBe(200);
    expect(quantities(merged)).toEqual({ [shared!]: 5, [guestOnly!]: 1 });
    expect(merged.body.coupons).toEqual([code]);
    expect((await guest.cart()).body).toMatchObject({ lines: [], coupons: [] });

    const again = await customer.merge(guest.token);
    expect(quantities(again)).toEqual({ [shared!]: 5, [guestOnly!]: 1 });
    expect(again.body.version).toBe(merged.body.version);
  });

  it('folds a guest cart in once when the same merge arrives 50 times at once', async () => {
    const [sku] = await createProducts(1);
    const guest = await newGuest();
    await guest.add(sku!, 2);
    const customer = device(await customerToken(uniqueId('cus')));
    await customer.add(sku!, 1);
    const merges = await Promise.all(Array.from({ length: 50 }, () => customer.merge(guest.token)));
    expect(merges.every((res) => res.status === 200)).toBe(true);
    expect(quantities(await customer.cart())).toEqual({ [sku!]: 3 });
    expect((await guest.cart()).body.lines).toEqual([]);
  });

  it('caps summed quantities at 999', async () => {
    const [sku] = await createProducts(1);
    const guest = await newGuest();
    await guest.add(sku!, 600);
    const customer = device(await customerToken(uniqueId('cus')));
    await customer.add(sku!, 500);
    expect(quantities(await customer.merge(guest.token))).toEqual({ [sku!]: 999 });
  });

  it('needs the guest cart token itself: anything else is refused and merges nothing', async () => {
    const [sku] = await createProducts(1);
    const guest = await newGuest();
    await guest.add(sku!, 1);
    const customer = device(await customerToken(uniqueId('cus')));
    const withCustomerToken = await customer.merge(await customerToken('someone-else'));
    expect(withCustomerToken.status).toBe(422);
    const forged = await customer.merge(await signGuestToken(guest.cartId, 'a-key-that-is-not-ours'));
    expect(forged.status).toBe(422);
    expect((await customer.cart()).body.lines).toEqual([]);
    expect(quantities(await guest.cart())).toEqual({ [sku!]: 1 });
  });

  it('is for customers only', async () => {
    const guest = await newGuest();
    const other = await newGuest();
    expect((await guest.merge(other.token)).status).toBe(403);
  });
});
