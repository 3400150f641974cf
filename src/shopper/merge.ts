import type { CartOutcome, WriteOptions } from '../../durable-objects/cart/cart';
import type { Database } from '../db/client';
import type { Shopper } from '../domain/shopper';
import { indexWish } from './wishlist';

/**
 * Login's merge: the guest's cart into the customer's cart (the CartDO's
 * handover), then the guest's wish list and views into the customer's
 * ShopperDO. A refused cart merge (a stale If-Match) merges nothing else.
 */
export async function mergeGuestShopper(
  deps: { env: Env; db: Database },
  guestName: string,
  cartOptions: WriteOptions,
  customer: Shopper,
): Promise<CartOutcome> {
  const cart = await deps.env.CART.getByName(customer.name).mergeGuestCart(guestName, cartOptions);
  if (cart.ok && customer.customerId !== null) {
    await mergeGuestLists(deps, guestName, { ...customer, customerId: customer.customerId });
  }
  return cart;
}

/**
 * The lists move in the cart's three idempotent steps
 * (durable-objects/shopper/merge.ts): the guest hands them over, the
 * customer applies the handover once, the guest forgets it. The handed-over
 * items are indexed for price drops before the customer's object takes them
 * (see wishSku for why that order), so a repeat after a crash at any step
 * adds nothing twice and loses nothing.
 */
async function mergeGuestLists(
  deps: { env: Env; db: Database },
  guestName: string,
  customer: Shopper & { customerId: string },
): Promise<void> {
  const { env, db } = deps;
  const guest = env.SHOPPER.getByName(guestName);
  const handover = await guest.handOver(customer.name);
  if (!handover) return;
  const wished = handover.wishlist.map((item) => ({ sku: item.sku, channel: item.channel, group: customer.group }));
  await indexWish(env, db, customer.customerId, 'keep', ...wished);
  const { added } = await env.SHOPPER.getByName(customer.name).applyHandover(handover, customer.group);
  // As for one wish: the newly wished restart their rows (items left out of a full list stay unwatched rows).
  await indexWish(env, db, customer.customerId, 'refresh', ...added);
  await guest.forgetHandover(handover.id);
}
