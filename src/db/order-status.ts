import { eq, sql } from 'drizzle-orm';
import { nextStatus, type OrderAction } from '../domain/orders';
import { ApiError } from '../lib/errors';
import type { Database } from './client';
import { findOrder, type OrderRecord } from './orders';
import type { OutboxRow } from './outbox';
import { orders, outbox } from './schema';

const EVENT_FOR: Record<OrderAction, string> = {
  ready: 'order.ready_for_pickup',
  pickup: 'order.picked_up',
  ship: 'order.shipped',
  cancel: 'order.cancelled',
};

/** The outbox task that gives a cancelled order's stock back (see outbox/tasks.ts). */
export function stockCancelTask(order: OrderRecord) {
  const holds = order.lines.map(({ sku, holdId, allocations }) => ({ sku, holdId, allocations }));
  return { id: `${order.id}:stock.cancel`, topic: 'stock.cancel', payload: { orderId: order.id, holds } };
}

/**
 * Moves an order through its status machine in one transaction with the
 * event it causes (and, for a cancel, the task that gives its stock back).
 * The row is locked first, so two tills acting at once cannot both move it.
 */
export async function transitionOrder(db: Database, orderId: string, action: OrderAction): Promise<OrderRecord> {
  return db.transaction(async (tx) => {
    const order = await findOrder(tx, orderId, { lock: true });
    if (!order) throw new ApiError('not_found', `No order ${orderId}.`);
    const next = nextStatus(order, action);
    if (!next.ok) throw new ApiError('conflict', next.detail, { extensions: { status: order.status } });
    await tx
      .update(orders)
      .set({ status: next.status, updatedAt: sql`now()` })
      .where(eq(orders.id, orderId));
    const rows: OutboxRow[] = [
      {
        id: `${orderId}:${EVENT_FOR[action]}`,
        topic: EVENT_FOR[action],
        payload: { orderId, number: order.number, status: next.status },
      },
    ];
    if (action === 'cancel') rows.push(stockCancelTask(order));
    await tx.insert(outbox).values(rows);
    return { ...order, status: next.status };
  });
}
