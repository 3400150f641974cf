import { env } from 'cloudflare:workers';
import { runInDurableObject } from 'cloudflare:test';
import { like } from 'drizzle-orm';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { outbox } from '../../src/db/schema';
import { uniqueId } from '../helpers/api';
import { createProducts } from '../helpers/catalog';
import { startPostgres, stopPostgres, withDatabase } from '../helpers/postgres';
import { customerToken } from '../helpers/tokens';
import { device } from '../helpers/shoppers';

const runAlarm = (cartId: string) =>
  runInDurableObject(env.CART.getByName(cartId), (cart: { alarm(): Promise<void> }) => cart.alarm());

describe('cart abandonment while Postgres is down', () => {
  afterAll(async () => {
    vi.useRealTimers();
    await startPostgres();
  });

  it('keeps the event and delivers it once Postgres is back', async () => {
    const sub = uniqueId('idle');
    const cartId = `customer:${sub}`;
    const [sku] = await createProducts(1);
    const written = await device(await customerToken(sub)).add(sku!, 1);

    await stopPostgres();
    // The test shares its isolate with the cart: an hour later on this clock is an hour later there.
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.now() + 3600_000 + 1000);
    await runAlarm(cartId);
    const pending = await runInDurableObject(env.CART.getByName(cartId), async (_, state) =>
      state.storage.sql.exec<{ id: string }>('SELECT id FROM pending_events').toArray(),
    );
    expect(pending).toEqual([{ id: `cart.abandoned:${cartId}:v${written.body.version}` }]);

    await startPostgres();
    await runAlarm(cartId);
    await runAlarm(cartId);
    const events = await withDatabase((db) =>
      db
        .select()
        .from(outbox)
        .where(like(outbox.id, `cart.abandoned:${cartId}:%`)),
    );
    expect(events).toHaveLength(1);
  });
});
