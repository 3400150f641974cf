import { describe, expect, it } from 'vitest';
import { retryDelayBounds, scheduleRetry, WEBHOOK_RETRY } from '../../src/domain/delivery';
import { retryAfterMs, webhookUrlProblem } from '../../src/domain/webhooks';

const SECOND = 1_000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

describe('the webhook retry schedule', () => {
  it('follows Standard Webhooks after each failed attempt, up to a tenth later, and is dead after the 8th', () => {
    const steps = [5 * SECOND, 5 * MINUTE, 30 * MINUTE, 2 * HOUR, 5 * HOUR, 10 * HOUR, 10 * HOUR];
    steps.forEach((delay, index) => {
      expect(retryDelayBounds(index + 1, WEBHOOK_RETRY)).toEqual({ minMs: delay, maxMs: delay * 1.1 });
      expect(scheduleRetry(index + 1, 0, () => 0.999, WEBHOOK_RETRY).dead).toBe(false);
    });
    expect(scheduleRetry(8, 0, () => 0.5, WEBHOOK_RETRY)).toEqual({ nextAttemptAt: null, dead: true });
  });
});

describe('webhook URLs', () => {
  it('takes https anywhere, and plain http to loopback only where allowed', () => {
    expect(webhookUrlProblem('https://hooks.example.com/a', false)).toBeNull();
    expect(webhookUrlProblem('http://localhost:8080/a', true)).toBeNull();
    expect(webhookUrlProblem('http://127.0.0.1/a', true)).toBeNull();
    expect(webhookUrlProblem('http://localhost:8080/a', false)).toBe('must be https');
    expect(webhookUrlProblem('http://hooks.example.com/a', true)).toMatch(/https/);
    expect(webhookUrlProblem('http://127.0.0.2/a', true)).toMatch(/https/);
  });

  it('refuses credentials, fragments, relative and overlong URLs', () => {
    expect(webhookUrlProblem('https://user@hooks.example.com/', false)).toMatch(/credentials/);
    expect(webhookUrlProblem('https://hooks.example.com/#x', false)).toMatch(/fragment/);
    expect(webhookUrlProblem('hooks.example.com', false)).toMatch(/absolute/);
    expect(webhookUrlProblem(`https://h.example.com/${'a'.repeat(2000)}`, false)).toMatch(/2000/);
  });
});

describe('Retry-After', () => {
  it('reads seconds and HTTP dates, bounded to 10 hours; nothing otherwise', () => {
    const now = Date.parse('2026-12-02T00:00:00Z');
    expect(retryAfterMs('120', now)).toBe(120 * SECOND);
    expect(retryAfterMs('Wed, 02 Dec 2026 00:01:00 GMT', now)).toBe(MINUTE);
    expect(retryAfterMs('999999999', now)).toBe(10 * HOUR);
    expect(retryAfterMs('soon', now)).toBeNull();
    expect(retryAfterMs(null, now)).toBeNull();
  });
});
