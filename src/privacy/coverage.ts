/**
 * What the export and the erasure do with every Postgres table that names a
 * customer, and every object that holds one's data. The schema coverage test
 * (test/privacy/coverage.test.ts) finds each table with a customer-bearing
 * column in the drizzle schema and fails when one is missing here, so a new
 * table with personal data cannot ship before someone decides about it.
 */
export interface Coverage {
  /** Where the export shows it (a field of PrivacyExport), or why it does not. */
  exported: string;
  erasure: 'erased' | 'scrubbed' | 'kept';
  why: string;
}

export const TABLE_COVERAGE: Record<string, Coverage> = {
  customers: {
    exported: 'profile',
    erasure: 'scrubbed',
    why: 'name, email, phone and consents are cleared; the row stays as the empty profile of a pseudonymous id',
  },
  customer_lookups: {
    exported: 'lookups',
    erasure: 'kept',
    why: 'the privacy audit of who looked them up; it holds ids only, never the searched email or phone',
  },
  orders: {
    exported: 'orders',
    erasure: 'scrubbed',
    why: 'contact, curbside note and address go (the shipping country stays for tax); amounts, SKUs, dates and store are legal retention',
  },
  promotion_redemptions: {
    exported: 'no: the coupons an order used are the orders’ own history',
    erasure: 'kept',
    why: 'a promotion’s use by an order: no personal data, only the pseudonymous id',
  },
  promotion_customer_usage: {
    exported: 'no: counts per promotion, derived from the orders exported',
    erasure: 'scrubbed',
    why: 'counts kept under an order’s email or phone (the key is the contact) are deleted; those under the id stay',
  },
  store_reservations: {
    exported: 'storeReservations',
    erasure: 'kept',
    why: 'SKUs held at a store for a day: no personal data beyond the pseudonymous id',
  },
  wallets: {
    exported: 'wallet',
    erasure: 'scrubbed',
    why: 'closed: balances zeroed by a closing entry, tier dropped; a closed wallet earns nothing',
  },
  wallet_entries: {
    exported: 'wallet.entries',
    erasure: 'kept',
    why: 'money movements (legal retention); no personal data beyond the pseudonymous id',
  },
  back_in_stock_subscriptions: { exported: 'backInStock', erasure: 'erased', why: 'a wish, not a record' },
  wishlist_index: {
    exported: 'wishlist (the ShopperDO holds the list)',
    erasure: 'erased',
    why: 'a wish, not a record',
  },
  outbox: {
    exported: 'events',
    erasure: 'scrubbed',
    why: 'events naming them lose their personal keys (PERSONAL_PAYLOAD_KEYS) and stay for replay',
  },
};

/** The Durable Objects holding a customer's data, under `customer:<id>`. */
export const OBJECT_COVERAGE: Record<string, Coverage> = {
  ShopperDO: { exported: 'wishlist, recentlyViewed', erasure: 'erased', why: 'wish list, views and handovers go' },
  CartDO: { exported: 'cart', erasure: 'erased', why: 'emptied by the cart’s own clear change' },
};
