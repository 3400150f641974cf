/** The event types a webhook endpoint may subscribe to (API.md "Events and webhooks"); `*` is every one. */
export const WEBHOOK_EVENT_TYPES = [
  'order.placed',
  'order.ready_for_pickup',
  'order.picked_up',
  'order.shipped',
  'order.cancelled',
  'order.returned',
  'order.customer_arrived',
  'cart.abandoned',
  'inventory.low_stock',
  'inventory.back_in_stock',
  'inventory.oversold',
  'customer.back_in_stock',
  'customer.price_drop',
  'loyalty.tier_changed',
  'customer.redacted',
] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

export const ALL_EVENTS = '*';
export const WEBHOOK_EVENT_FILTERS = [ALL_EVENTS, ...WEBHOOK_EVENT_TYPES] as const;
export type WebhookEventFilter = (typeof WEBHOOK_EVENT_FILTERS)[number];

export const DELIVERY_STATUSES = ['pending', 'delivered', 'dead'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];
