// Runs in the `limits` project (vitest.config.ts): every budget there is 5 requests a minute.
import { describe, expect, it } from 'vitest';
import { api, uniqueId, type ApiRequest, type ApiResponse } from '../helpers/api';
import { customerToken, posAt, tokenFor } from '../helpers/tokens';

const BUDGET = 5;
const PERIOD_MS = 60_000;

/**
 * Runs `scenario` inside one rate-limit window: the local limiter forgets every
 * count when a minute turns, so a run that failed across one is run once more (with fresh keys).
 */
async function inOneWindow(scenario: () => Promise<void>): Promise<void> {
  const window = Math.floor(Date.now() / PERIOD_MS);
  try {
    await scenario();
  } catch (error) {
    if (Math.floor(Date.now() / PERIOD_MS) === window) throw error;
    await scenario();
  }
}

/** `count` copies of one request, all at once. */
const burst = (count: number, path: string, request: ApiRequest) =>
  Promise.all(Array.from({ length: count }, () => api(path, request)));

const limited = (responses: ApiResponse[]) => responses.filter((response) => response.status === 429);

function expectRateLimited(response: ApiResponse | undefined) {
  expect(response?.status).toBe(429);
  expect(response?.headers.get('content-type')).toMatch(/application\/problem\+json/);
  expect(response?.body.code).toBe('rate_limited');
  expect(response?.headers.get('retry-after')).toBe('60');
}

describe('rate limits', () => {
  it('cuts a concurrent burst of reads off at the budget, keyed by the token’s subject', async () => {
    await inOneWindow(async () => {
      const token = await customerToken(uniqueId('cus'));
      const responses = await burst(BUDGET + 3, '/v1/locations', { token });
      const over = limited(responses);
      expect(over).toHaveLength(3);
      expectRateLimited(over[0]);
      expect(responses.filter((response) => response.status === 200)).toHaveLength(BUDGET);

      // Another subject is unaffected…
      const other = await api('/v1/locations', { token: await customerToken(uniqueId('cus')) });
      expect(other.status).toBe(200);
      // …and the first one is still cut off.
      expectRateLimited(await api('/v1/locations', { token }));
    });
  });

  it('keys anonymous callers by client IP, with a budget of their own for guest-cart creation', async () => {
    await inOneWindow(async () => {
      const ip = `198.51.100.${Math.floor(Math.random() * 250) + 1}-${uniqueId('ip')}`;
      const responses = await burst(BUDGET + 2, '/v1/carts', { method: 'POST', headers: { 'cf-connecting-ip': ip } });
      expect(responses.filter((response) => response.status === 201)).toHaveLength(BUDGET);
      expect(limited(responses)).toHaveLength(2);
      expectRateLimited(limited(responses)[0]);

      // The same IP may still read: guest-cart creation is a budget of its own.
      expect((await api('/v1/locations', { headers: { 'cf-connecting-ip': ip } })).status).toBe(200);
      // Another IP may still create a cart.
      const elsewhere = await api('/v1/carts', { method: 'POST', headers: { 'cf-connecting-ip': `${ip}-other` } });
      expect(elsewhere.status).toBe(201);
    });
  });

  it('gives ops tokens a budget of their own, apart from the same subject’s reads as a customer', async () => {
    await inOneWindow(async () => {
      const sub = uniqueId('person');
      const asCustomer = await customerToken(sub);
      expect(limited(await burst(BUDGET + 1, '/v1/locations', { token: asCustomer }))).toHaveLength(1);

      const asOps = await tokenFor({ role: 'ops', sub });
      const opsResponses = await burst(BUDGET + 1, '/v1/locations', { token: asOps });
      expect(opsResponses.filter((response) => response.status === 200)).toHaveLength(BUDGET);
      expect(limited(opsResponses)).toHaveLength(1);
    });
  });

  it('counts requests with a token that fails against the client IP, so tokens cannot be guessed without limit', async () => {
    await inOneWindow(async () => {
      const ip = `203.0.113.1-${uniqueId('ip')}`;
      const attempts = await burst(BUDGET + 2, '/v1/cart', {
        token: 'not-a-token',
        headers: { 'cf-connecting-ip': ip },
      });
      expect(attempts.filter((response) => response.status === 401)).toHaveLength(BUDGET);
      expect(limited(attempts)).toHaveLength(2);
      expectRateLimited(limited(attempts)[0]);
      // A caller with a valid token from the same IP has a budget of its own.
      const valid = await api('/v1/cart', {
        token: await customerToken(uniqueId('cus')),
        headers: { 'cf-connecting-ip': ip },
      });
      expect(valid.status).toBe(200);
    });
  });

  it('limits pickup-code attempts per order, whichever till makes them', async () => {
    await inOneWindow(async () => {
      const orderId = uniqueId('ord');
      const attempt = async (id: string) =>
        api(`/v1/orders/${id}/pickup`, {
          method: 'POST',
          token: await posAt(uniqueId('loc')),
          body: { pickupCode: 'WRONG1' },
        });
      // Each attempt from a till of its own, so no till's own budget is what runs out.
      const attempts = await Promise.all(Array.from({ length: BUDGET + 2 }, () => attempt(orderId)));
      expect(attempts.filter((response) => response.status === 404)).toHaveLength(BUDGET);
      expect(limited(attempts)).toHaveLength(2);
      expectRateLimited(limited(attempts)[0]);

      // Another order's code can still be tried.
      expect((await attempt(uniqueId('ord'))).status).toBe(404);
    });
  });
});
