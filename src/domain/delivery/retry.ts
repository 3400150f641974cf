/**
 * Delivering something (an outbox task, a DO's movement log, a DO's queued
 * events, later a webhook) that can fail and is retried with back-off.
 *
 * The back-off is capped exponential with "equal jitter": after the n-th
 * failed attempt the delay is drawn uniformly from [e/2, e], where
 * e = min(cap, base · 2^(n-1)). The jitter is there because failures come
 * in herds: a Postgres outage fails every StockDO and CartDO with a backlog
 * at once, and without it they would all come back in lockstep. Equal rather
 * than "full" jitter (uniform over [0, e]) because the lower half keeps the
 * schedule a back-off: full jitter can retry a failed attempt at once,
 * spending one of the item's attempts on an outage that is still going on,
 * so the time an item survives before it is dead would be random down to a
 * few seconds. With equal jitter it is at least half the nominal schedule.
 */

export interface RetryPolicy {
  /** The delay after the first failed attempt, before jitter. */
  baseMs: number;
  /** The longest delay, before jitter. */
  capMs: number;
  /** After this many failed attempts the item is dead. */
  maxAttempts: number;
  /**
   * What dead means for the sender: `park` stops retrying (the item waits for
   * someone to revive it); `keep-retrying` goes on at the same schedule,
   * flagged dead so someone looks, for senders that must never drop anything.
   */
  whenDead: 'park' | 'keep-retrying';
  /**
   * A fixed schedule instead of doubling: the delay after the n-th failed
   * attempt is `delaysMs[n-1]` (the last one repeats), jittered later by up
   * to a tenth, never earlier: a published schedule (Standard Webhooks') is
   * a promise of "not before", and receivers plan around it.
   */
  delaysMs?: readonly number[];
}

/** The delivery state every sender stores beside what it delivers. */
export interface DeliveryState {
  /** Failed attempts so far (the outbox counts attempts started, so one that crashed counts too). */
  attempts: number;
  /** When to try again (epoch ms); null when nothing failed yet, or when the item is parked dead. */
  nextAttemptAt: number | null;
  /** Why the last attempt failed, for ops. */
  lastError: string | null;
  /** The policy's attempts are spent. */
  dead: boolean;
}

/** The state before any attempt failed, and the one a sender returns to once it delivered. */
export const INITIAL_DELIVERY_STATE: DeliveryState = { attempts: 0, nextAttemptAt: null, lastError: null, dead: false };

/** A source of uniform numbers in [0, 1), injected so schedules are reproducible in tests. */
export type RandomSource = () => number;

const SCHEDULE_JITTER = 1.1;

/** The range the delay after the `attempts`-th failed attempt is drawn from. */
export function retryDelayBounds(attempts: number, policy: RetryPolicy): { minMs: number; maxMs: number } {
  requireValid(attempts, policy);
  if (policy.delaysMs) {
    const delay = policy.delaysMs[Math.min(attempts, policy.delaysMs.length) - 1] ?? policy.capMs;
    return { minMs: delay, maxMs: delay * SCHEDULE_JITTER };
  }
  // 2 ** n overflows to Infinity for large n, which the cap absorbs.
  const maxMs = Math.min(policy.capMs, policy.baseMs * 2 ** (attempts - 1));
  return { minMs: maxMs / 2, maxMs };
}

/** True once the policy's attempts are spent: the item is dead. */
export function retryExhausted(attempts: number, policy: RetryPolicy): boolean {
  return attempts >= policy.maxAttempts;
}

export interface RetrySchedule {
  /** Epoch ms of the next attempt; null when the item is dead and the policy parks it. */
  nextAttemptAt: number | null;
  dead: boolean;
}

/** When to try again after `attempts` failed attempts (counting the one that just failed), and whether the item is now dead. */
export function scheduleRetry(attempts: number, now: number, random: RandomSource, policy: RetryPolicy): RetrySchedule {
  const { minMs, maxMs } = retryDelayBounds(attempts, policy);
  const dead = retryExhausted(attempts, policy);
  if (dead && policy.whenDead === 'park') return { nextAttemptAt: null, dead };
  return { nextAttemptAt: now + Math.round(minMs + random() * (maxMs - minMs)), dead };
}

/** The state after the `attempts`-th failed attempt, which failed for `error`. */
export function afterFailedAttempt(
  attempts: number,
  error: string,
  now: number,
  random: RandomSource,
  policy: RetryPolicy,
): DeliveryState {
  return { attempts, lastError: error, ...scheduleRetry(attempts, now, random, policy) };
}

function requireValid(attempts: number, policy: RetryPolicy): void {
  if (!Number.isInteger(attempts) || attempts < 1)
    throw new RangeError(`a retry follows a failed attempt: attempts must be a positive integer, not ${attempts}`);
  const { baseMs, capMs, maxAttempts } = policy;
  if (!(baseMs > 0) || !(capMs >= baseMs) || !Number.isInteger(maxAttempts) || maxAttempts < 1)
    throw new RangeError(`invalid retry policy ${JSON.stringify(policy)}`);
}

/** What ops look at in a backlog: items that exhausted their retries, or ones still waiting to go. */
export const OUTBOX_STATES = ['dead', 'pending'] as const;
export type OutboxState = (typeof OUTBOX_STATES)[number];
