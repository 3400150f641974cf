import type { FulfillmentType } from '../cart';

export const ORDER_STATUSES = [
  'placed',
  'ready_for_pickup',
  'picked_up',
  'shipped',
  'completed',
  'cancelled',
  'partially_returned',
  'returned',
] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

export type OrderAction = 'ready' | 'pickup' | 'ship' | 'cancel';

export type { FulfillmentType };

/** The event each status change records in the outbox. */
export const ORDER_EVENT_FOR_ACTION: Record<OrderAction, string> = {
  ready: 'order.ready_for_pickup',
  pickup: 'order.picked_up',
  ship: 'order.shipped',
  cancel: 'order.cancelled',
};

/** Which action moves an order from which status, and for which fulfilment. */
const TRANSITIONS: Record<
  OrderAction,
  { from: readonly OrderStatus[]; to: OrderStatus; fulfilment: readonly FulfillmentType[] }
> = {
  ready: { from: ['placed'], to: 'ready_for_pickup', fulfilment: ['pickup', 'curbside'] },
  pickup: { from: ['ready_for_pickup'], to: 'picked_up', fulfilment: ['pickup', 'curbside'] },
  ship: { from: ['placed'], to: 'shipped', fulfilment: ['ship'] },
  // A pickup order waiting at the store may still be cancelled; one that left the building may not.
  cancel: { from: ['placed', 'ready_for_pickup'], to: 'cancelled', fulfilment: ['ship', 'pickup', 'curbside'] },
};

export type TransitionResult = { ok: true; status: OrderStatus } | { ok: false; detail: string };

export function nextStatus(
  order: { status: OrderStatus; fulfillmentType: FulfillmentType },
  action: OrderAction,
): TransitionResult {
  const rule = TRANSITIONS[action];
  if (!rule.fulfilment.includes(order.fulfillmentType)) {
    return { ok: false, detail: `A ${order.fulfillmentType} order cannot be marked ${action}.` };
  }
  if (!rule.from.includes(order.status)) {
    return { ok: false, detail: `An order that is ${order.status} cannot be marked ${action}.` };
  }
  return { ok: true, status: rule.to };
}

export function isOrderStatus(value: string): value is OrderStatus {
  return (ORDER_STATUSES as readonly string[]).includes(value);
}
