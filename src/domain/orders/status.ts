import { FULFILLMENT_TYPES } from '../cart';

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

/** A cart's fulfilment, or `in_store`: a sale at a till, which leaves with the shopper. */
export const ORDER_FULFILLMENT_TYPES = [...FULFILLMENT_TYPES, 'in_store'] as const;
export type FulfillmentType = (typeof ORDER_FULFILLMENT_TYPES)[number];

/** The event each status change records in the outbox. */
export const ORDER_EVENT_FOR_ACTION: Record<OrderAction, string> = {
  ready: 'order.ready_for_pickup',
  pickup: 'order.picked_up',
  ship: 'order.shipped',
  cancel: 'order.cancelled',
};

/** Which action moves an order from which status, per fulfilment; a fulfilment not listed cannot take the action. */
const TRANSITIONS: Record<
  OrderAction,
  { to: OrderStatus; from: Partial<Record<FulfillmentType, readonly OrderStatus[]>> }
> = {
  ready: { to: 'ready_for_pickup', from: { pickup: ['placed'], curbside: ['placed'] } },
  pickup: { to: 'picked_up', from: { pickup: ['ready_for_pickup'], curbside: ['ready_for_pickup'] } },
  ship: { to: 'shipped', from: { ship: ['placed'] } },
  // A pickup order waiting at the store may still be cancelled; one that left the building may not.
  // A sale at a till is voided (on its day, see mayVoidSale): the goods come back to the shelf.
  cancel: {
    to: 'cancelled',
    from: {
      ship: ['placed'],
      pickup: ['placed', 'ready_for_pickup'],
      curbside: ['placed', 'ready_for_pickup'],
      in_store: ['completed'],
    },
  },
};

export type TransitionResult = { ok: true; status: OrderStatus } | { ok: false; detail: string };

export function nextStatus(
  order: { status: OrderStatus; fulfillmentType: FulfillmentType },
  action: OrderAction,
): TransitionResult {
  const rule = TRANSITIONS[action];
  const from = rule.from[order.fulfillmentType];
  if (!from) {
    return { ok: false, detail: `A ${order.fulfillmentType} order cannot be marked ${action}.` };
  }
  if (!from.includes(order.status)) {
    return { ok: false, detail: `An order that is ${order.status} cannot be marked ${action}.` };
  }
  return { ok: true, status: rule.to };
}

export function isOrderStatus(value: string): value is OrderStatus {
  return (ORDER_STATUSES as readonly string[]).includes(value);
}
