/** A subscription waits for its SKU to come back, is then notified once, and is never reused. */
export const BACK_IN_STOCK_STATUSES = ['waiting', 'notified'] as const;
export type BackInStockStatus = (typeof BACK_IN_STOCK_STATUSES)[number];

/** At most this many waiting subscriptions per customer: each is a personal message Aisle promises to send. */
export const MAX_WAITING_SUBSCRIPTIONS = 50;

/** The task a back-in-stock transition queues (shipped with the transition's event): notify that SKU's waiters. */
export const BACK_IN_STOCK_NOTIFY_TOPIC = 'back_in_stock.notify';

/** The personal event each notified subscription gets, for the webhook senders (#17). */
export const CUSTOMER_BACK_IN_STOCK_TOPIC = 'customer.back_in_stock';

/** One task per transition event, so a re-shipped batch queues it once. */
export const notifyTaskId = (transitionEventId: string): string => `${transitionEventId}:notify`;

/**
 * A subscription is notified once ever (it then stays `notified`; a new wish
 * is a new subscription), so its id alone keeps its event unique under
 * concurrent or repeated notify tasks.
 */
export const customerBackInStockEventId = (subscriptionId: string): string =>
  `${subscriptionId}:${CUSTOMER_BACK_IN_STOCK_TOPIC}`;

/**
 * What a notify task carries: the SKU, where it came back (null: the
 * ship-from network) and when. Only subscriptions made by then are notified:
 * one made later, even before the task ran or when it is run again, waits for
 * the next transition.
 */
export interface BackInStockNotice {
  sku: string;
  locationId: string | null;
  eventId: string;
  occurredAt: string;
}
