export {
  ALL_EVENTS,
  DELIVERY_STATUSES,
  WEBHOOK_EVENT_FILTERS,
  type DeliveryStatus,
  type WebhookEventFilter,
} from './events';
export { MAX_RETRY_AFTER_MS, retryAfterMs } from './retry-after';
export { MAX_WEBHOOK_URL_LENGTH, webhookUrlProblem } from './url';
