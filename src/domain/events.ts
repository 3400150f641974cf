import { BACK_IN_STOCK_NOTIFY_TOPIC } from './back-in-stock';
import { PRICE_CHECK_TOPIC } from './shopper';

/**
 * The events Aisle publishes (docs/events.md). Every other outbox topic is a
 * task for Aisle itself (TASK_HANDLERS) and never leaves.
 */
export const EVENT_TYPES = [
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

export type EventType = (typeof EVENT_TYPES)[number];

/**
 * The tasks that fan out personal notifications (customer.back_in_stock,
 * customer.price_drop): their writers put them on the EVENTS queue after
 * commit, like events, so they run within seconds; the cron's dispatcher runs
 * one whose message was lost. Every other task is the dispatcher's or its
 * writer's own (runTaskNow).
 */
export const QUEUED_TASK_TOPICS: readonly string[] = [BACK_IN_STOCK_NOTIFY_TOPIC, PRICE_CHECK_TOPIC];

export const isEventType = (topic: string): topic is EventType => (EVENT_TYPES as readonly string[]).includes(topic);

// What names an event's stream, by the first part of its type: a consumer
// orders one order's (cart's, SKU's, customer's) events by their sequence.
const STREAM_KEYS: Record<string, { stream: string; key: string }> = {
  order: { stream: 'order', key: 'orderId' },
  cart: { stream: 'cart', key: 'cartId' },
  inventory: { stream: 'sku', key: 'sku' },
  customer: { stream: 'customer', key: 'customerId' },
  loyalty: { stream: 'customer', key: 'customerId' },
};

/** The stream an event is numbered in (`order:<id>`, `cart:<id>`, `sku:<sku>`, `customer:<id>`); null for a task. */
export function eventStream(topic: string, payload: Record<string, unknown>): string | null {
  if (!isEventType(topic)) return null;
  const rule = STREAM_KEYS[topic.split('.')[0] ?? ''];
  const key = rule ? payload[rule.key] : undefined;
  if (!rule || typeof key !== 'string') throw new Error(`${topic} event without its stream's ${rule?.key ?? 'key'}`);
  return `${rule.stream}:${key}`;
}
