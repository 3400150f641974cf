import { createAisleClient, type AisleClient } from '../../../src/client';
import { signDevToken } from '../dev-token';
import { inParallel } from './load-dataset';
import { preparing } from './retry';

/** A customer of the bench: its own token, so its own CartDO, and a client that sends it. */
export interface Shopper {
  sub: string;
  token: string;
  aisle: AisleClient;
}

/** Signs `count` customer tokens, unique to this run, so every run starts from empty carts. */
export async function signShoppers(baseUrl: string, prefix: string, count: number, secret: string): Promise<Shopper[]> {
  return Promise.all(
    Array.from({ length: count }, async (_, i) => {
      const sub = `${prefix}-${i}`;
      const token = await signDevToken({ role: 'customer', sub }, secret);
      return { sub, token, aisle: createAisleClient({ baseUrl, token }) };
    }),
  );
}

/** Fills each shopper's cart with `skus(shopper index)`, then sets its fulfilment, several carts at a time. */
export async function fillCarts(
  shoppers: readonly Shopper[],
  skusFor: (index: number) => string[],
  fulfillmentFor: (index: number) => { type: 'ship' } | { type: 'pickup'; locationId: string },
): Promise<void> {
  await inParallel([...shoppers.keys()], 8, async (index) => {
    const { aisle } = shoppers[index] as Shopper;
    for (const sku of skusFor(index)) {
      await preparing(() => aisle.POST('/v1/cart/items', { body: { sku, quantity: 1 } }));
    }
    const fulfillment = fulfillmentFor(index);
    if (fulfillment.type !== 'ship') await preparing(() => aisle.PUT('/v1/cart/fulfillment', { body: fulfillment }));
  });
}
