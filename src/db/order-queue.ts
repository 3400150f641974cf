import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { Arrival, FulfillmentType, OrderStatus } from '../domain/orders';
import type { Database, Transaction } from './client';
import { enqueueOutboxRows, type OutboxRow } from './outbox';
import { withDetails, type OrderRecord } from './orders';
import { orders } from './schema';

/**
 * Records a locked order's curbside check-in: the first arrival time is kept
 * (it is the shopper's place in the store's queue), the spot and note are
 * the latest ones sent. Returns when they first arrived.
 */
export async function recordArrival(tx: Transaction, orderId: string, arrival: Arrival): Promise<Date> {
  const [row] = await tx
    .update(orders)
    .set({ arrivedAt: sql`coalesce(${orders.arrivedAt}, now())`, arrival, updatedAt: sql`now()` })
    .where(eq(orders.id, orderId))
    .returning({ arrivedAt: orders.arrivedAt });
  if (!row?.arrivedAt) throw new Error(`order ${orderId} was not checked in`);
  return row.arrivedAt;
}

/** Adds an event once: a row with its id already there (a repeat of what caused it) is left as it is. */
export async function recordEventOnce(tx: Transaction, event: OutboxRow): Promise<void> {
  await enqueueOutboxRows(tx, [event]);
}

/**
 * A store's orders of `status` among `fulfillments` (every store's when
 * `locationId` is null), only `customerId`'s if given: the shoppers already
 * outside first, in the order they arrived, then the others oldest first.
 */
export async function listLocationOrders(
  db: Database,
  query: {
    locationId: string | null;
    customerId?: string;
    status: OrderStatus;
    fulfillments: readonly FulfillmentType[];
    limit: number;
  },
): Promise<OrderRecord[]> {
  const rows = await db
    .select()
    .from(orders)
    .where(
      and(
        query.locationId === null ? undefined : eq(orders.locationId, query.locationId),
        query.customerId === undefined ? undefined : eq(orders.customerId, query.customerId),
        eq(orders.status, query.status),
        inArray(orders.fulfillmentType, [...query.fulfillments]),
      ),
    )
    .orderBy(sql`${orders.arrivedAt} asc nulls last`, asc(orders.createdAt), asc(orders.id))
    .limit(query.limit);
  return withDetails(db, rows);
}
