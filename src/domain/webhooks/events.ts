import { EVENT_TYPES } from '../events';

/** What a webhook endpoint may subscribe to: any of the events (src/domain/events.ts), or `*` for every one. */
export const ALL_EVENTS = '*';
export const WEBHOOK_EVENT_FILTERS = [ALL_EVENTS, ...EVENT_TYPES] as const;
export type WebhookEventFilter = (typeof WEBHOOK_EVENT_FILTERS)[number];

export const DELIVERY_STATUSES = ['pending', 'delivered', 'dead'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];
