import { eq, inArray, sql } from 'drizzle-orm';
import { promotionUsageKeys } from '../domain/orders';
import type { Transaction } from './client';
import { lockCustomer } from './customers';
import { enqueueOutboxRows, type OutboxRow } from './outbox';
import { eventsNaming } from './privacy-reads';
import {
  backInStockSubscriptions,
  customers,
  orders,
  outbox,
  promotionCustomerUsage,
  wallets,
  wishlistIndex,
} from './schema';
import { applyWalletChange, findWallet } from './wallet';

// The Postgres half of a customer's erasure, in the caller's transaction. Each step is a no-op the
// second time, and the profile row's lock (taken first) makes two concurrent erasures take turns.

/** Keys of an event payload that carry personal data (contact details, a curbside note); the rest stays. */
export const PERSONAL_PAYLOAD_KEYS = ['email', 'phone', 'name', 'contact', 'shippingAddress', 'note'] as const;

/** Takes the profile row's lock (creating an empty row if Aisle never saw them) and clears its personal fields. */
export async function eraseProfile(tx: Transaction, customerId: string): Promise<void> {
  await lockCustomer(tx, customerId);
  await tx
    .update(customers)
    .set({ name: null, email: null, phone: null, marketingConsent: {}, updatedAt: sql`now()` })
    .where(eq(customers.id, customerId));
}

/**
 * Drops contact, address (all but the country, which tax needs) and the
 * curbside note from their orders. First the coupon-use counts kept under the
 * orders' email and phone: they are keyed by the contact itself.
 */
export async function eraseOrderContacts(tx: Transaction, customerId: string): Promise<void> {
  const rows = await tx.select({ contact: orders.contact }).from(orders).where(eq(orders.customerId, customerId));
  const keys = new Set(rows.flatMap(({ contact }) => promotionUsageKeys(null, contact)));
  if (keys.size > 0) {
    await tx.delete(promotionCustomerUsage).where(inArray(promotionCustomerUsage.customerId, [...keys]));
  }
  await tx
    .update(orders)
    .set({
      contact: {},
      shippingAddress: sql`case when ${orders.shippingAddress} is null then null
        else jsonb_strip_nulls(jsonb_build_object('country', ${orders.shippingAddress}->'country')) end`,
      arrival: sql`case when ${orders.arrival} is null then null else '{}'::jsonb end`,
    })
    .where(eq(orders.customerId, customerId));
}

export async function eraseWishesAndSubscriptions(tx: Transaction, customerId: string): Promise<void> {
  await tx.delete(backInStockSubscriptions).where(eq(backInStockSubscriptions.customerId, customerId));
  await tx.delete(wishlistIndex).where(eq(wishlistIndex.customerId, customerId));
}

/** Strips the personal keys from every stored event naming them; the events themselves stay, for replay. */
export async function scrubEvents(tx: Transaction, customerId: string): Promise<void> {
  const keys = sql`array[${sql.join(
    PERSONAL_PAYLOAD_KEYS.map((key) => sql`${key}`),
    sql`, `,
  )}]::text[]`;
  await tx
    .update(outbox)
    .set({ payload: sql`${outbox.payload} - ${keys}` })
    .where(sql`(${eventsNaming(customerId)}) and ${outbox.payload} ?| ${keys}`);
}

/**
 * Zeroes points, lifetime points and store credit with one closing entry (so
 * the balances stay the sums of their entries), drops the tier, and marks
 * the wallet closed; a customer with no wallet gets a closed, empty one, so
 * a later order earns nothing either.
 */
export async function closeWallet(tx: Transaction, customerId: string, entryId: string): Promise<void> {
  await tx.select({ id: wallets.customerId }).from(wallets).where(eq(wallets.customerId, customerId)).for('update');
  const wallet = await findWallet(tx, customerId);
  if (wallet.points !== 0 || wallet.storeCredit !== 0 || wallet.lifetimePoints !== 0) {
    await applyWalletChange(tx, {
      entryId,
      customerId,
      kind: 'adjust',
      points: -wallet.points,
      amount: -wallet.storeCredit,
      lifetimePoints: -wallet.lifetimePoints,
      reason: 'wallet closed: the customer’s personal data was erased',
    });
  }
  await tx
    .insert(wallets)
    .values({ customerId, closedAt: sql`now()` })
    .onConflictDoUpdate({
      target: wallets.customerId,
      set: { tierId: null, closedAt: sql`coalesce(${wallets.closedAt}, now())`, updatedAt: sql`now()` },
    });
}

/** The erasure's own event, written once whatever the number of erasures (its id is the customer's). */
export async function recordRedaction(tx: Transaction, event: OutboxRow): Promise<void> {
  await enqueueOutboxRows(tx, [event]);
}
