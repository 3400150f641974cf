import { signDevToken } from '../dev-token';
import { inParallel } from './load-dataset';
import { retryOnConnectionLoss } from './retry';

/** A customer of the bench: its own token, so its own CartDO. */
export interface Shopper {
  sub: string;
  token: string;
}

/** Signs `count` customer tokens, unique to this run, so every run starts from empty carts. */
export async function signShoppers(prefix: string, count: number, secret: string): Promise<Shopper[]> {
  return Promise.all(
    Array.from({ length: count }, async (_, i) => {
      const sub = `${prefix}-${i}`;
      return { sub, token: await signDevToken({ role: 'customer', sub }, secret) };
    }),
  );
}

/**
 * A call made while preparing or checking a scenario (never timed): any answer
 * but `expected` stops the bench. Only used for calls that are harmless to
 * repeat (a repeated add only raises a quantity), so a lost connection is retried.
 */
export async function callApi(
  baseUrl: string,
  method: 'GET' | 'POST' | 'PUT' | 'DELETE',
  path: string,
  token: string | null,
  body?: unknown,
  expected = 200,
): Promise<unknown> {
  const response = await retryOnConnectionLoss(() =>
    fetch(`${baseUrl}${path}`, {
      method,
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    }),
  );
  const text = await response.text();
  if (response.status !== expected)
    throw new Error(`preparing: ${method} ${path} answered ${response.status}: ${text.slice(0, 300)}`);
  return JSON.parse(text) as unknown;
}

/** Fills each shopper's cart with `skus(shopper index)`, then sets its fulfilment, several carts at a time. */
export async function fillCarts(
  baseUrl: string,
  shoppers: readonly Shopper[],
  skusFor: (index: number) => string[],
  fulfillmentFor: (index: number) => { type: 'ship' } | { type: 'pickup'; locationId: string },
): Promise<void> {
  await inParallel([...shoppers.keys()], 8, async (index) => {
    const shopper = shoppers[index] as Shopper;
    for (const sku of skusFor(index))
      await callApi(baseUrl, 'POST', '/v1/cart/items', shopper.token, { sku, quantity: 1 });
    const fulfillment = fulfillmentFor(index);
    if (fulfillment.type !== 'ship') await callApi(baseUrl, 'PUT', '/v1/cart/fulfillment', shopper.token, fulfillment);
  });
}
