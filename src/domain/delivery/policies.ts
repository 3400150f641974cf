import type { RetryPolicy } from './retry';

// Every schedule here is 1 s, 2 s, 4 s, … capped at 5 minutes (jittered): a long outage costs one attempt per
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
