import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  afterFailedAttempt,
  DO_BACKLOG_RETRY,
  failedDeliveryMessage,
  OUTBOX_TASK_RETRY,
  retryDelayBounds,
  scheduleRetry,
  type RetryPolicy,
} from '../../../src/domain/delivery';

const NOW = Date.parse('2026-03-01T12:00:00Z');

const policy: fc.Arbitrary<RetryPolicy> = fc
  .record({
    baseMs: fc.integer({ min: 1, max: 60_000 }),
    capFactor: fc.integer({ min: 1, max: 4_096 }),
    maxAttempts: fc.integer({ min: 1, max: 50 }),
    whenDead: fc.constantFrom('park' as const, 'keep-retrying' as const),
  })
  .map(({ capFactor, ...rest }) => ({ ...rest, capMs: rest.baseMs * capFactor }));
const attempts = fc.integer({ min: 1, max: 2_000 });
const randomSource = fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }).map((value) => () => value);

describe('retrying a failed delivery', () => {
  it('waits within [half the back-off, the back-off], never less than half the base nor more than the cap', () => {
    fc.assert(
      fc.property(policy, attempts, randomSource, (policy, attempts, random) => {
        const { minMs, maxMs } = retryDelayBounds(attempts, policy);
        expect(minMs).toBe(maxMs / 2);
        expect(minMs).toBeGreaterThanOrEqual(policy.baseMs / 2);
        expect(maxMs).toBeLessThanOrEqual(policy.capMs);
        const { nextAttemptAt } = scheduleRetry(attempts, NOW, random, { ...policy, whenDead: 'keep-retrying' });
        expect(nextAttemptAt).toBeTypeOf('number');
        const waitMs = Number(nextAttemptAt) - NOW;
        // Delays are whole milliseconds; an odd base makes the lower bound a half.
        expect(waitMs).toBeGreaterThanOrEqual(Math.floor(minMs));
        expect(waitMs).toBeLessThanOrEqual(maxMs);
      }),
    );
  });

  it('never waits less after more failures: both bounds are nondecreasing in the attempts', () => {
    fc.assert(
      fc.property(policy, attempts, (policy, attempts) => {
        const before = retryDelayBounds(attempts, policy);
        const after = retryDelayBounds(attempts + 1, policy);
        expect(after.maxMs).toBeGreaterThanOrEqual(before.maxMs);
        expect(after.minMs).toBeGreaterThanOrEqual(before.minMs);
      }),
    );
  });

  it('is dead exactly from the policy’s last attempt on, and only a parking policy stops scheduling', () => {
    fc.assert(
      fc.property(policy, attempts, randomSource, (policy, attempts, random) => {
        const schedule = scheduleRetry(attempts, NOW, random, policy);
        expect(schedule.dead).toBe(attempts >= policy.maxAttempts);
        const parked = schedule.dead && policy.whenDead === 'park';
        expect(schedule.nextAttemptAt === null).toBe(parked);
        if (!parked) expect(schedule.nextAttemptAt).toBeGreaterThan(NOW);
      }),
    );
  });

  it('doubles from one second to the five-minute cap, jittered over the upper half', () => {
    const nominal = [1, 2, 3, 4, 9, 10, 1_000].map((n) => retryDelayBounds(n, DO_BACKLOG_RETRY).maxMs);
    expect(nominal).toEqual([1_000, 2_000, 4_000, 8_000, 256_000, 300_000, 300_000]);
    expect(scheduleRetry(3, NOW, () => 0, DO_BACKLOG_RETRY).nextAttemptAt).toBe(NOW + 2_000);
    expect(scheduleRetry(3, NOW, () => 0.5, DO_BACKLOG_RETRY).nextAttemptAt).toBe(NOW + 3_000);
  });

  it('parks an outbox task after its twelfth failed attempt, and keeps retrying a DO backlog', () => {
    expect(scheduleRetry(11, NOW, () => 0, OUTBOX_TASK_RETRY)).toEqual({ nextAttemptAt: NOW + 150_000, dead: false });
    expect(scheduleRetry(12, NOW, () => 0, OUTBOX_TASK_RETRY)).toEqual({ nextAttemptAt: null, dead: true });
    expect(scheduleRetry(12, NOW, () => 0, DO_BACKLOG_RETRY)).toEqual({ nextAttemptAt: NOW + 150_000, dead: true });
  });

  it('records the attempt and its error in the state every sender stores', () => {
    expect(afterFailedAttempt(2, 'connection refused', NOW, () => 1, DO_BACKLOG_RETRY)).toEqual({
      attempts: 2,
      nextAttemptAt: NOW + 2_000,
      lastError: 'connection refused',
      dead: false,
    });
  });

  it('refuses to schedule without a failed attempt or with a policy that cannot back off', () => {
    expect(() => scheduleRetry(0, NOW, () => 0, DO_BACKLOG_RETRY)).toThrow(RangeError);
    expect(() => scheduleRetry(1, NOW, () => 0, { ...DO_BACKLOG_RETRY, capMs: 10 })).toThrow(RangeError);
  });
});

describe('the failed-delivery log line', () => {
  const target = { item: 'outbox task t1', destination: 'stock.commit' };
  const failed = { attempts: 3, nextAttemptAt: NOW, lastError: 'timeout', dead: false };

  it('says what failed where, which attempt, what happens next and why', () => {
    expect(failedDeliveryMessage(target, failed)).toBe(
      'delivery of outbox task t1 to stock.commit failed (attempt 3), next at 2026-03-01T12:00:00.000Z: timeout',
    );
    expect(failedDeliveryMessage(target, { ...failed, attempts: 12, dead: true, nextAttemptAt: null })).toBe(
      'delivery of outbox task t1 to stock.commit failed (attempt 12), dead, parked until revived: timeout',
    );
    expect(failedDeliveryMessage(target, { ...failed, attempts: 13, dead: true })).toBe(
      'delivery of outbox task t1 to stock.commit failed (attempt 13), dead, still retrying, next at 2026-03-01T12:00:00.000Z: timeout',
    );
  });
});
