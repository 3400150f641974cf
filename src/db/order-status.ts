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

/**
 * Moves an order through its status machine in one transaction with the
 * event it causes (and, for a cancel, the task that gives its stock back).
 * The row is locked first, so two tills acting at once cannot both move it.
 */
export async function transitionOrder(db: Database, orderId: string, action: OrderAction): Promise<OrderRecord> {
  return db.transaction(async (tx) => {
    await tx.select({ id: orders.id }).from(orders).where(eq(orders.id, orderId)).for('update');
    const order = await findOrder(tx, orderId);
    if (!order) throw new ApiError('not_found', `No order ${orderId}.`);
    const next = nextStatus(order, action);
    if (!next.ok) throw new ApiError('conflict', next.detail, { extensions: { status: order.status } });
    await tx.update(orders).set({ status: next.status, updatedAt: sql`now()` }).where(eq(orders.id, orderId));
    const rows: OutboxRow[] = [{ id: `${orderId}:${EVENT_FOR[action]}`, topic: EVENT_FOR[action], payload: { orderId, number: order.number, status: next.status } }];
    if (action === 'cancel') {
      const holds = order.lines.map(({ sku, holdId, allocations }) => ({ sku, holdId, allocations }));
      rows.push({ id: `${orderId}:stock.cancel`, topic: 'stock.cancel', payload: { orderId, holds } });
    }
    await tx.insert(outbox).values(rows);
    return { ...order, status: next.status };
  });
}
