import { customerOwnerName } from '../domain/shopper';
import type { z } from '@hono/zod-openapi';
import type { Database } from '../db/client';
import { ensureCustomer } from '../db/customers';
import {
  eventsOf,
  lookupsOf,
  ordersOf,
  returnsOf,
  storeReservationsOf,
  subscriptionsOf,
  walletEntriesOf,
} from '../db/privacy-reads';
import { findWallet } from '../db/wallet';
import { profileView } from '../customers/profile';
import { PrivacyExportSchema } from '../schemas/privacy';

const iso = (timestamp: string) => new Date(timestamp).toISOString();

export type PrivacyExport = z.infer<typeof PrivacyExportSchema>;

/**
 * Everything Aisle holds about the customer, from every table and object
 * that names them (src/privacy/coverage.ts lists each and why). Read in
 * parallel; not a snapshot across stores, which an export does not need.
 */
export async function exportCustomer(deps: { env: Env; db: Database }, customerId: string): Promise<PrivacyExport> {
  const { env, db } = deps;
  const owner = customerOwnerName(customerId);
  const shopper = env.SHOPPER.getByName(owner);
  const [profile, orders, wallet, entries, wishlist, recentlyViewed, backInStock, reservations, cart, events, lookups] =
    await Promise.all([
      ensureCustomer(db, customerId),
      ordersOf(db, customerId),
      findWallet(db, customerId),
      walletEntriesOf(db, customerId),
      shopper.wishlist(),
      shopper.recentlyViewed(),
      subscriptionsOf(db, customerId),
      storeReservationsOf(db, customerId),
      env.CART.getByName(owner).snapshot(),
      eventsOf(db, customerId),
      lookupsOf(db, customerId),
    ]);
  const returns = await returnsOf(
    db,
    orders.map((order) => order.id),
  );
  const document = {
    customerId,
    exportedAt: new Date().toISOString(),
    profile: profileView(profile),
    orders,
    returns,
    wallet: { ...wallet, entries },
    wishlist,
    recentlyViewed,
    backInStock,
    storeReservations: reservations,
    cart: { lines: cart.lines, coupons: cart.coupons, fulfillment: cart.fulfillment },
    // Columns kept as Postgres's text (outbox, look-ups) are written as ISO 8601 like every other time.
    events: events.map((event) => ({ ...event, createdAt: iso(event.createdAt) })),
    lookups: lookups.map((lookup) => ({ ...lookup, occurredAt: iso(lookup.occurredAt) })),
  };
  // Through JSON, as it will be sent (dates become ISO strings), then checked against the published shape.
  return PrivacyExportSchema.parse(JSON.parse(JSON.stringify(document)));
}
