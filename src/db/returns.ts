import { and, asc, eq, inArray, ne, sql } from 'drizzle-orm';
import type { Disposition, RefundMethod } from '../domain/returns';
import type { Database, Transaction } from './client';
import { enqueueOutboxRows, type OutboxRow } from './outbox';
import { orders, refunds, returnLines, returns } from './schema';
import { applyWalletChange } from './wallet';

export interface NewReturn {
  id: string;
  orderId: string;
  returnId: string;
  locationId: string;
  refundMethod: RefundMethod;
  reason: string | null;
  forced: boolean;
  refundTotal: number;
  takenBy: string;
  lines: { sku: string; quantity: number; disposition: Disposition; refundAmount: number }[];
  refunds: {
    id: string;
    paymentId: string | null;
    method: string;
    amount: number;
    status: 'pending' | 'refunded';
  }[];
  /** Store credit the return puts on the customer's wallet. */
  storeCredit: { customerId: string; amount: number } | null;
}

export interface ReturnRecord extends Omit<NewReturn, 'refunds' | 'storeCredit'> {
  refunds: {
    id: string;
    method: string;
    amount: number;
    status: string;
    providerReference: string | null;
  }[];
  createdAt: Date;
}

/** Units of each SKU of the order that earlier returns took back. */
export async function returnedUnits(tx: Transaction, orderId: string): Promise<Map<string, number>> {
  const rows = await tx
    .select({ sku: returnLines.sku, quantity: sql<number>`sum(${returnLines.quantity})::int` })
    .from(returnLines)
    .where(eq(returnLines.orderId, orderId))
    .groupBy(returnLines.sku);
  return new Map(rows.map((row) => [row.sku, row.quantity]));
}

/** What the order's returns have refunded in all so far. */
export async function refundedTotal(tx: Transaction, orderId: string): Promise<number> {
  const [row] = await tx
    .select({ total: sql<string>`coalesce(sum(${returns.refundTotal}), 0)` })
    .from(returns)
    .where(eq(returns.orderId, orderId));
  return Number(row?.total ?? 0);
}

/** What earlier refunds gave back to each of the order's payments (failed ones gave nothing). */
export async function refundedByPayment(tx: Transaction, orderId: string): Promise<Map<string, number>> {
  const rows = await tx
    .select({ paymentId: refunds.paymentId, amount: sql<number>`sum(${refunds.amount})::bigint` })
    .from(refunds)
    .where(and(eq(refunds.orderId, orderId), ne(refunds.status, 'failed')))
    .groupBy(refunds.paymentId);
  return new Map(rows.flatMap((row) => (row.paymentId ? [[row.paymentId, Number(row.amount)] as const] : [])));
}

/**
 * Writes a return in the caller's transaction: the return, its lines, its
 * refunds, the store credit it grants, the order's new status and the outbox
 * rows that finish it (restock, refunds, the event).
 */
export async function insertReturn(
  tx: Transaction,
  record: NewReturn,
  orderStatus: 'returned' | 'partially_returned',
  followUps: readonly OutboxRow[],
): Promise<ReturnRecord> {
  const { lines, refunds: owed, storeCredit, ...header } = record;
  const [created] = await tx.insert(returns).values(header).returning({ createdAt: returns.createdAt });
  if (!created) throw new Error(`return ${record.id} was not written`);
  await tx
    .insert(returnLines)
    .values(lines.map((line, index) => ({ ...line, returnId: record.id, orderId: record.orderId, lineNo: index + 1 })));
  if (owed.length > 0) {
    await tx
      .insert(refunds)
      .values(owed.map((refund) => ({ ...refund, returnId: record.id, orderId: record.orderId })));
  }
  if (storeCredit) {
    await applyWalletChange(tx, {
      entryId: `${record.id}:credit`,
      customerId: storeCredit.customerId,
      kind: 'credit',
      amount: storeCredit.amount,
      returnId: record.id,
      orderId: record.orderId,
    });
  }
  await tx
    .update(orders)
    .set({ status: orderStatus, updatedAt: sql`now()` })
    .where(eq(orders.id, record.orderId));
  await enqueueOutboxRows(tx, followUps);
  return {
    ...header,
    lines,
    refunds: owed.map(({ id, method, amount, status }) => ({ id, method, amount, status, providerReference: null })),
    createdAt: created.createdAt,
  };
}

/** The order's returns, oldest first, with their lines and refunds. */
export async function listReturns(db: Database | Transaction, orderId: string): Promise<ReturnRecord[]> {
  const rows = await db.select().from(returns).where(eq(returns.orderId, orderId)).orderBy(asc(returns.createdAt));
  return withLines(db, rows);
}

/** One return by the caller's id for it. */
export async function findReturn(db: Database, orderId: string, returnId: string): Promise<ReturnRecord | null> {
  const rows = await db
    .select()
    .from(returns)
    .where(and(eq(returns.orderId, orderId), eq(returns.returnId, returnId)));
  return (await withLines(db, rows))[0] ?? null;
}

/** The stores at which the order has been returned (their tills may see it). */
export async function returnLocations(db: Database, orderId: string): Promise<string[]> {
  const rows = await db
    .selectDistinct({ locationId: returns.locationId })
    .from(returns)
    .where(eq(returns.orderId, orderId));
  return rows.map((row) => row.locationId);
}

async function withLines(db: Database | Transaction, rows: (typeof returns.$inferSelect)[]): Promise<ReturnRecord[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((row) => row.id);
  const [lines, paid] = await Promise.all([
    db.select().from(returnLines).where(inArray(returnLines.returnId, ids)).orderBy(asc(returnLines.lineNo)),
    db.select().from(refunds).where(inArray(refunds.returnId, ids)).orderBy(asc(refunds.id)),
  ]);
  return rows.map((row) => ({
    ...row,
    lines: lines
      .filter((line) => line.returnId === row.id)
      .map(({ sku, quantity, disposition, refundAmount }) => ({ sku, quantity, disposition, refundAmount })),
    refunds: paid
      .filter((refund) => refund.returnId === row.id)
      .map(({ id, method, amount, status, providerReference }) => ({ id, method, amount, status, providerReference })),
  }));
}

/** Records what the provider said about a refund; a refund already settled is left as it is. */
export async function settleRefund(
  db: Database,
  refundId: string,
  outcome: { status: 'refunded'; providerReference: string } | { status: 'failed'; error: string },
): Promise<void> {
  await db
    .update(refunds)
    .set(
      outcome.status === 'refunded'
        ? { status: 'refunded', providerReference: outcome.providerReference, lastError: null, updatedAt: sql`now()` }
        : { status: 'failed', lastError: outcome.error, updatedAt: sql`now()` },
    )
    .where(and(eq(refunds.id, refundId), eq(refunds.status, 'pending')));
}
