import { customerOwnerName } from '../domain/shopper';
import { and, asc, eq, inArray, or, sql } from 'drizzle-orm';
import type { Database } from './client';
import {
  backInStockSubscriptions,
  customerLookups,
  customers,
  orderLines,
  orders,
  outbox,
  payments,
  refunds,
  returnLines,
  returns,
  storeReservations,
  walletEntries,
  wallets,
  wishlistIndex,
} from './schema';

// What Postgres holds about one customer, as stored: the export (src/privacy/export.ts) shapes it.

/** Where an outbox payload names the customer: their id, their cart, or one of their orders. */
export const eventsNaming = (customerId: string) =>
  or(
    sql`${outbox.payload}->>'customerId' = ${customerId}`,
    sql`${outbox.payload}->>'cartId' = ${customerOwnerName(customerId)}`,
    sql`${outbox.payload}->>'orderId' in (select ${orders.id} from ${orders} where ${orders.customerId} = ${customerId})`,
  );

/** Their orders, every column (contact and address included), with lines and payments; oldest first. */
export async function ordersOf(db: Database, customerId: string) {
  const rows = await db
    .select()
    .from(orders)
    .where(eq(orders.customerId, customerId))
    .orderBy(asc(orders.createdAt), asc(orders.id));
  const ids = rows.map((row) => row.id);
  if (ids.length === 0) return [];
  const [lines, paid] = await Promise.all([
    db.select().from(orderLines).where(inArray(orderLines.orderId, ids)).orderBy(orderLines.lineNo),
    db.select().from(payments).where(inArray(payments.orderId, ids)).orderBy(payments.createdAt, payments.id),
  ]);
  return rows.map((row) => ({
    ...row,
    lines: lines.filter((line) => line.orderId === row.id),
    payments: paid.filter((payment) => payment.orderId === row.id),
  }));
}

/** The returns of their orders, with lines and refunds; oldest first. */
export async function returnsOf(db: Database, orderIds: readonly string[]) {
  if (orderIds.length === 0) return [];
  const rows = await db
    .select()
    .from(returns)
    .where(inArray(returns.orderId, [...orderIds]))
    .orderBy(asc(returns.createdAt), asc(returns.id));
  const ids = rows.map((row) => row.id);
  if (ids.length === 0) return [];
  const [lines, given] = await Promise.all([
    db.select().from(returnLines).where(inArray(returnLines.returnId, ids)).orderBy(returnLines.lineNo),
    db.select().from(refunds).where(inArray(refunds.returnId, ids)).orderBy(refunds.createdAt, refunds.id),
  ]);
  return rows.map((row) => ({
    ...row,
    lines: lines.filter((line) => line.returnId === row.id),
    refunds: given.filter((refund) => refund.returnId === row.id),
  }));
}

/** Every wallet entry, oldest first (the balance is their sum). */
export const walletEntriesOf = (db: Database, customerId: string) =>
  db
    .select()
    .from(walletEntries)
    .where(eq(walletEntries.customerId, customerId))
    .orderBy(asc(walletEntries.createdAt), asc(walletEntries.id));

export const subscriptionsOf = (db: Database, customerId: string) =>
  db
    .select()
    .from(backInStockSubscriptions)
    .where(eq(backInStockSubscriptions.customerId, customerId))
    .orderBy(asc(backInStockSubscriptions.createdAt), asc(backInStockSubscriptions.id));

export const storeReservationsOf = (db: Database, customerId: string) =>
  db
    .select()
    .from(storeReservations)
    .where(eq(storeReservations.customerId, customerId))
    .orderBy(asc(storeReservations.createdAt), asc(storeReservations.id));

export const eventsOf = (db: Database, customerId: string) =>
  db
    .select({ id: outbox.id, topic: outbox.topic, payload: outbox.payload, createdAt: outbox.createdAt })
    .from(outbox)
    .where(and(eventsNaming(customerId)))
    .orderBy(asc(outbox.createdAt), asc(outbox.id));

/** Who looked them up at a till or as ops (the audit keeps no searched email or phone). */
export const lookupsOf = (db: Database, customerId: string) =>
  db
    .select({
      actorRole: customerLookups.actorRole,
      locationId: customerLookups.locationId,
      method: customerLookups.method,
      occurredAt: customerLookups.occurredAt,
    })
    .from(customerLookups)
    .where(sql`${customerLookups.customerIds} @> array[${customerId}]::text[]`)
    .orderBy(asc(customerLookups.occurredAt), asc(customerLookups.id));

/** Whether Postgres holds anything under the id: a profile, an order, a wallet, a subscription, a wish. */
export async function namesCustomer(db: Database, customerId: string): Promise<boolean> {
  const { rows } = await db.execute<{ known: boolean }>(sql`select
      exists (select 1 from ${customers} where ${customers.id} = ${customerId})
      or exists (select 1 from ${orders} where ${orders.customerId} = ${customerId})
      or exists (select 1 from ${wallets} where ${wallets.customerId} = ${customerId})
      or exists (select 1 from ${backInStockSubscriptions} where ${backInStockSubscriptions.customerId} = ${customerId})
      or exists (select 1 from ${wishlistIndex} where ${wishlistIndex.customerId} = ${customerId}) as known`);
  return rows[0]?.known === true;
}
