import type { RetryPolicy } from './retry';

// Every doubling schedule here is 1 s, 2 s, 4 s, … capped at 5 minutes (jittered): a long outage costs one attempt per
// 5 minutes per item rather than a stampede when the other side comes back. 12 failed attempts take 9 to 19
// minutes.

/**
 * Outbox tasks (stock commits and returns). After 12 failed attempts a task
 * is parked as dead: listed for ops, who revive it once its cause is fixed,
 * never silently dropped.
 */
export const OUTBOX_TASK_RETRY: RetryPolicy = { baseMs: 1_000, capMs: 5 * 60_000, maxAttempts: 12, whenDead: 'park' };

/**
 * A Durable Object's backlog on its way to Postgres: a StockDO's movement log
 * and events, a CartDO's queued events. Never parked: they exist only in the
 * DO until Postgres has them, parking them would leave the inventory ledger
 * and the outbox short of what happened, and no one revives a DO's backlog.
 * After 12 failed attempts the backlog is flagged dead (an error in the log,
 * `dead` in the StockDO's ledger status) and keeps being retried at the cap
 * until Postgres takes it.
 */
export const DO_BACKLOG_RETRY: RetryPolicy = {
  baseMs: 1_000,
  capMs: 5 * 60_000,
  maxAttempts: 12,
  whenDead: 'keep-retrying',
};

const SECOND = 1_000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

/**
 * Webhook deliveries, on the Standard Webhooks schedule: the first attempt at
 * once, then after 5 s, 5 min, 30 min, 2 h, 5 h, 10 h and 10 h (each jittered
 * up to a tenth later). After the 8th failed attempt (about 28 h) the
 * delivery is dead: listed for ops, who retry it by hand.
 */
export const WEBHOOK_RETRY: RetryPolicy = {
  baseMs: 5 * SECOND,
  capMs: 10 * HOUR,
  maxAttempts: 8,
  whenDead: 'park',
  delaysMs: [5 * SECOND, 5 * MINUTE, 30 * MINUTE, 2 * HOUR, 5 * HOUR, 10 * HOUR, 10 * HOUR],
};
