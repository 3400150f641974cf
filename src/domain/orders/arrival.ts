import type { FulfillmentType, OrderStatus } from './status';

/** What a shopper tells the store as they check in outside. */
export interface Arrival {
  spot?: string;
  note?: string;
}

export type ArrivalCheck = { ok: true } | { ok: false; detail: string };

/**
 * Only a curbside order can be brought out to the car, and only once it is
 * ready: a shopper who checks in earlier would wait outside for an order the
 * store has not prepared yet.
 */
export function mayCheckIn(order: { status: OrderStatus; fulfillmentType: FulfillmentType }): ArrivalCheck {
  if (order.fulfillmentType !== 'curbside') {
    return { ok: false, detail: `A ${order.fulfillmentType} order is not brought to the curb.` };
  }
  if (order.status !== 'ready_for_pickup') {
    return { ok: false, detail: `An order that is ${order.status} cannot be checked in for; wait until it is ready.` };
  }
  return { ok: true };
}

/** The statuses a store's queue lists: orders still to prepare, and orders waiting to be collected. */
export const STORE_QUEUE_STATUSES = ['ready_for_pickup', 'placed'] as const;
export type StoreQueueStatus = (typeof STORE_QUEUE_STATUSES)[number];

/** The orders a store hands over itself; shipped orders and sales at a till never wait in its queue. */
export const STORE_QUEUE_FULFILLMENTS = ['pickup', 'curbside'] as const satisfies readonly FulfillmentType[];
