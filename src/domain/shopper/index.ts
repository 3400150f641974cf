import type { Channel } from '../channels';

/** A wish list holds at most this many SKUs (API.md); one more is refused. */
export const MAX_WISHLIST_ITEMS = 200;
/** Views kept per shopper, newest first; older ones fall off. */
export const MAX_VIEWS_KEPT = 50;
/** Views `GET /v1/me/recently-viewed` shows. */
export const MAX_VIEWS_SHOWN = 20;

/** A wished SKU as the ShopperDO keeps it: the channel and group it was added under price it for alerts. */
export interface WishedItem {
  sku: string;
  channel: Channel;
  group: string | null;
  addedAt: string;
}

export interface ViewedItem {
  sku: string;
  viewedAt: string;
}

/** A guest's lists on their way into a customer's ShopperDO. */
export interface ShopperHandover {
  id: string;
  wishlist: WishedItem[];
  views: ViewedItem[];
}

/** The outbox task that re-prices wished SKUs after an admin price write (src/shopper/price-drop.ts). */
export const PRICE_CHECK_TOPIC = 'wishlist.price_check';

/** The name a shopper's CartDO and ShopperDO are addressed by. */
export const customerOwnerName = (customerId: string) => `customer:${customerId}`;
export const guestOwnerName = (cartId: string) => `guest:${cartId}`;

/** Whose object a name addresses: a customer (with their id) or a guest. */
export function ownerOf(name: string): { ownerKind: 'customer' | 'guest'; customerId: string | null } {
  const prefix = customerOwnerName('');
  return name.startsWith(prefix)
    ? { ownerKind: 'customer', customerId: name.slice(prefix.length) }
    : { ownerKind: 'guest', customerId: null };
}

/** Whose price a wished SKU is shown and watched at: a channel and a customer group. */
export interface PriceViewer {
  channel: Channel;
  group: string | null;
}

/** The shopper a request acts for: their ShopperDO's name and, for a customer, the id the index knows. */
export interface Shopper extends PriceViewer {
  name: string;
  /** Null for a guest: guests are not indexed for price drops until they merge. */
  customerId: string | null;
}
