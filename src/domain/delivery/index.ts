export { failedDeliveryMessage, type DeliveryTarget } from './failure-message';
export { DO_BACKLOG_RETRY, OUTBOX_TASK_RETRY, WEBHOOK_RETRY } from './policies';
export {
  afterFailedAttempt,
  INITIAL_DELIVERY_STATE,
  OUTBOX_STATES,
  retryDelayBounds,
  retryExhausted,
  scheduleRetry,
  type DeliveryState,
  type OutboxState,
  type RandomSource,
  type RetryPolicy,
  type RetrySchedule,
} from './retry';
