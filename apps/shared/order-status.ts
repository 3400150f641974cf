import type { Schemas } from './api';

export type OrderStatus = Schemas['OrderStatus'];

/** Every order status as a person reads it, in every app. */
export const ORDER_STATUS_LABELS: Record<OrderStatus, string> = {
  placed: 'Placed',
  ready_for_pickup: 'Ready for pickup',
  picked_up: 'Picked up',
  shipped: 'Shipped',
  completed: 'Completed',
  cancelled: 'Cancelled',
  partially_returned: 'Partly returned',
  returned: 'Returned',
};
