import { runInDurableObject } from 'cloudflare:test';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { uniqueId } from '../helpers/api';
import { abandonmentEvents, cartOf, device, redeliverAlarm } from '../helpers/carts';
import { createProducts } from '../helpers/catalog';
import { advanceClock } from '../helpers/clock';
import { startPostgres, stopPostgres } from '../helpers/postgres';
import { customerToken } from '../helpers/tokens';

describe('cart abandonment while Postgres is down', () => {
  afterAll(async () => {
    vi.useRealTimers();
    await startPostgres();
  });

  it('keeps the event and delivers it once Postgres is back', async () => {
    const sub = uniqueId('idle');
    const cartId = `customer:${sub}`;
    const cart = cartOf(cartId);
    const [sku] = await createProducts(1);
    const written = await device(await customerToken(sub)).add(sku!, 1);

    await stopPostgres();
    // The test shares its isolate with the cart: an hour later on this clock is an hour later there.
    vi.useFakeTimers({ toFake: ['Date'] });
    advanceClock(3600_000 + 1000);
    await redeliverAlarm(cart);
    const pending = await runInDurableObject(cart, async (_, state) =>
      state.storage.sql.exec<{ id: string }>('SELECT id FROM pending_events').toArray(),
    );
    expect(pending).toEqual([{ id: `cart.abandoned:${cartId}:v${written.body.version}` }]);
    const delivery = await runInDurableObject(cart, async (_, state) =>
      state.storage.sql
        .exec<{ delivery_failures: number; next_delivery_at: number; last_error: string }>(
          'SELECT delivery_failures, next_delivery_at, last_error FROM abandonment',
        )
        .one(),
    );
    expect(delivery.delivery_failures).toBe(1);
    expect(delivery.next_delivery_at).toBeGreaterThan(Date.now());
    expect(delivery.last_error).toMatch(/connect|terminat|refused|timeout|closed/i);

    await startPostgres();
    await redeliverAlarm(cart);
    await redeliverAlarm(cart);
    expect(await abandonmentEvents(cartId)).toHaveLength(1);
    const delivered = await runInDurableObject(cart, async (_, state) =>
      state.storage.sql.exec('SELECT delivery_failures, next_delivery_at, last_error FROM abandonment').one(),
    );
    expect(delivered).toEqual({ delivery_failures: 0, next_delivery_at: null, last_error: null });
  });
});
