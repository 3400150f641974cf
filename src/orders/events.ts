import type { OutboxRow } from '../db/outbox';
import { ORDER_EVENT_FOR_ACTION, type Arrival, type OrderAction, type OrderStatus } from '../domain/orders';

// An order's events, as outbox rows written in the transaction of the change.
// Ids are derived from the order and the event, so writing one twice is a conflict, not a duplicate.

/** `order.placed`; its payload gains the order's `number` as the order is written (insertOrder). */
export function orderPlaced(order: {
  id: string;
  customerId: string | null;
  channel: string;
  total: number;
  currency: string;
}): OutboxRow {
  const { id: orderId, customerId, channel, total, currency } = order;
  return {
    id: `${orderId}:order.placed`,
    topic: 'order.placed',
    payload: { orderId, customerId, channel, total, currency },
  };
}

export function orderStatusChanged(
  order: { id: string; number: string },
  action: OrderAction,
  status: OrderStatus,
): OutboxRow {
  const topic = ORDER_EVENT_FOR_ACTION[action];
  return { id: `${order.id}:${topic}`, topic, payload: { orderId: order.id, number: order.number, status } };
}

/** `order.customer_arrived`: a curbside shopper is outside; one per order, however often they check in. */
export function customerArrived(
  order: { id: string; number: string; locationId: string | null },
  arrival: Arrival,
  arrivedAt: Date,
): OutboxRow {
  const topic = 'order.customer_arrived';
  return {
    id: `${order.id}:${topic}`,
    topic,
    payload: {
      orderId: order.id,
      number: order.number,
      locationId: order.locationId,
      spot: arrival.spot ?? null,
      note: arrival.note ?? null,
      arrivedAt: arrivedAt.toISOString(),
    },
  };
}
