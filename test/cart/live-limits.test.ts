import { describe, expect, it } from 'vitest';
import { uniqueId } from '../helpers/api';
import { createProducts, priceSkus } from '../helpers/catalog';
import { device } from '../helpers/carts';
import { openSocket } from '../helpers/sockets';
import { customerToken, tokenFor } from '../helpers/tokens';

interface CartMessage {
  type: 'cart';
  cart: { version: number };
}

describe('the live cart and token expiry', () => {
  it('closes an idle socket with 1008 once its token expires, while a socket with a live token keeps streaming', async () => {
    const sub = uniqueId('cus');
    const [sku] = await createProducts(1);
    await priceSkus({ [sku!]: 1000 });
    const shortLived = await tokenFor({ role: 'customer', sub, expiresIn: 3 });
    const longLived = await customerToken(sub);
    const expiring = await openSocket(`/v1/cart/live?token=${shortLived}`);
    const staying = await openSocket(`/v1/cart/live?token=${longLived}`);
    try {
      await expiring.waitFor<CartMessage>((m) => m.type === 'cart');
      await staying.waitFor<CartMessage>((m) => m.type === 'cart');

      // Nothing is pushed meanwhile: the close must come from the expiry alone (the DO alarm).
      const close = await expiring.closed(10_000);
      expect(close).toEqual({ code: 1008, reason: 'token expired' });

      const written = await device(longLived, 'web').add(sku!, 1);
      expect(written.status).toBe(200);
      await staying.waitFor<CartMessage>((m) => m.type === 'cart' && m.cart.version === written.body.version);
      expect(
        expiring.messages.some((m) => (m as CartMessage).type === 'cart' && (m as CartMessage).cart.version > 0),
      ).toBe(false);
    } finally {
      expiring.close();
      staying.close();
    }
  });
});

describe('the live cart socket cap', () => {
  it('refuses the 11th socket of one cart owner with 429 rate_limited, and not another owner', async () => {
    const token = await customerToken(uniqueId('cus'));
    const sockets = await Promise.all(Array.from({ length: 10 }, () => openSocket(`/v1/cart/live?token=${token}`)));
    try {
      await expect(openSocket(`/v1/cart/live?token=${token}`)).rejects.toThrow(/429.*rate_limited/);
      const other = await openSocket(`/v1/cart/live?token=${await customerToken(uniqueId('other'))}`);
      other.close();
    } finally {
      for (const socket of sockets) socket.close();
    }
  });
});
