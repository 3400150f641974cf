import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, uniqueId } from '../helpers/api';
import { hangPostgres, startPostgres } from '../helpers/postgres';
import { opsToken } from '../helpers/tokens';

// A request that needs Postgres while it is down answers 503 quickly (the request
// connect timeout, ~2 s), not after the 10 s a background delivery waits for a cold start.
describe('Postgres routes during an outage', () => {
  // Hung, not stopped: a refused connection fails at once anyway; a stuck one waits for the timeout.
  beforeAll(async () => {
    // The Worker is warm before the clock starts: its first start is not what is measured.
    await api('/healthz');
    await hangPostgres();
  });
  afterAll(() => startPostgres());

  it('answer 503 unavailable with Retry-After within ~3 s', async () => {
    const token = await opsToken();
    const started = Date.now();
    const write = await api('/v1/admin/products', {
      method: 'PUT',
      token,
      body: { products: [{ sku: uniqueId('FAST'), title: 'Never stored' }] },
    });
    const elapsed = Date.now() - started;
    expect(write.status).toBe(503);
    expect(write.body.code).toBe('unavailable');
    expect(Number(write.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(elapsed).toBeLessThan(3_000);
  });

  it('answer every concurrent request fast, not one after another', async () => {
    const token = await opsToken();
    const started = Date.now();
    const answers = await Promise.all(
      Array.from({ length: 4 }, () => api('/v1/admin/outbox?state=pending&limit=1', { token })),
    );
    expect(answers.map((answer) => answer.status)).toEqual([503, 503, 503, 503]);
    expect(Date.now() - started).toBeLessThan(3_000);
  });
});
