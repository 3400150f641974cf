import { customerOwnerName } from '../domain/shopper';
import { walletChanged } from '../loyalty/wallet-view';
import type { Database } from '../db/client';
import { namesCustomer } from '../db/privacy-reads';
import { ApiError } from '../lib/errors';
import {
  closeWallet,
  eraseOrderContacts,
  eraseProfile,
  eraseWishesAndSubscriptions,
  recordRedaction,
  scrubEvents,
} from '../db/privacy-erase';

export const REDACTED_TOPIC = 'customer.redacted';

/**
 * Erases the customer's personal data everywhere (src/privacy/coverage.ts
 * says what happens to each table and object, docs/privacy.md why), keeping
 * orders and money movements without it. Safe to repeat and to run twice at
 * once: every step is a no-op the second time, the Postgres steps take turns
 * on the profile row's lock, and `customer.redacted` has the customer's id as
 * its id. The objects go first, so a failure after them leaves a retry (the
 * same call) to finish the Postgres part, never a half-erased profile that
 * looks done.
 */
export async function eraseCustomer(deps: { env: Env; db: Database }, customerId: string): Promise<{ erased: true }> {
  const owner = customerOwnerName(customerId);
  await deps.env.SHOPPER.getByName(owner).erase();
  // The cart's own "clear" change: lines and coupons go; the object stays the shopper's cart.
  await deps.env.CART.getByName(owner).change({ kind: 'clear' }, { viewer: { channel: 'web', group: null } });
  await deps.db.transaction(async (tx) => {
    await eraseProfile(tx, customerId);
    await eraseOrderContacts(tx, customerId);
    await eraseWishesAndSubscriptions(tx, customerId);
    await scrubEvents(tx, customerId);
    await closeWallet(tx, customerId, `${customerId}:wallet.closed`);
    await recordRedaction(tx, {
      id: `${REDACTED_TOPIC}:${customerId}`,
      topic: REDACTED_TOPIC,
      payload: { customerId, redactedAt: new Date().toISOString() },
    });
  });
  // The wallet was closed: the ShopperDO's copy of it must not outlive that.
  await walletChanged(deps.env, customerId);
  return { erased: true };
}

/**
 * Ops' erasure of someone else: an id Postgres holds nothing under is 404
 * (a mistyped id must not pass for done). An erased customer keeps their
 * empty profile row, so repeating an erasure still answers 200.
 */
export async function eraseNamedCustomer(deps: { env: Env; db: Database }, customerId: string) {
  if (!(await namesCustomer(deps.db, customerId))) {
    throw new ApiError('not_found', `Aisle holds nothing about customer ${customerId}.`);
  }
  return eraseCustomer(deps, customerId);
}
