import { env } from 'cloudflare:workers';
import { runInDurableObject } from 'cloudflare:test';
import { like } from 'drizzle-orm';
import { outbox } from '../../src/db/schema';
import { api, type ApiResponse } from './api';
import { withDatabase } from './postgres';

/** One device of a shopper: the same token on a given channel. */
export function device(token: string, channel = 'web') {
  const call = (path: string, init: { method?: string; body?: unknown; headers?: Record<string, string> } = {}) =>
    api(path, { ...init, token, headers: { 'x-channel': channel, ...init.headers } });
  return {
    token,
    cart: () => call('/v1/cart'),
    add: (sku: string, quantity = 1, headers?: Record<string, string>): Promise<ApiResponse> =>
      call('/v1/cart/items', { method: 'POST', body: { sku, quantity }, headers }),
    setQuantity: (sku: string, quantity: number, headers?: Record<string, string>) =>
      call(`/v1/cart/items/${sku}`, { method: 'PUT', body: { quantity }, headers }),
    remove: (sku: string) => call(`/v1/cart/items/${sku}`, { method: 'DELETE' }),
    addCoupon: (code: string) => call('/v1/cart/coupons', { method: 'POST', body: { code } }),
    removeCoupon: (code: string) => call(`/v1/cart/coupons/${code}`, { method: 'DELETE' }),
    fulfil: (type: string, locationId?: string) =>
      call('/v1/cart/fulfillment', { method: 'PUT', body: { type, locationId } }),
    merge: (guestToken: string) => call('/v1/cart/merge', { method: 'POST', body: { guestToken } }),
  };
}

export async function newGuest(channel = 'web') {
  const created = await api('/v1/carts', { method: 'POST' });
  return { cartId: created.body.cartId as string, ...device(created.body.token as string, channel) };
}

export const quantities = (res: ApiResponse) =>
  Object.fromEntries((res.body.lines as { sku: string; quantity: number }[]).map((line) => [line.sku, line.quantity]));

export const cartOf = (cartId: string) => env.CART.getByName(cartId);
export type CartStub = ReturnType<typeof cartOf>;

/** Runs the cart's alarm handler directly, as a repeated (at-least-once) delivery would. */
export const redeliverAlarm = (cart: CartStub) =>
  runInDurableObject(cart, (instance: { alarm(): Promise<void> }) => instance.alarm());

/** The cart.abandoned events the cart has delivered to the Postgres outbox. */
export const abandonmentEvents = (cartId: string) =>
  withDatabase((db) =>
    db
      .select()
      .from(outbox)
      .where(like(outbox.id, `cart.abandoned:${cartId}:%`)),
  );
