import { beforeAll, describe, expect, it } from 'vitest';
import { uniqueId } from '../helpers/api';
import { seedCatalog } from '../helpers/catalog';
import { openSocket } from '../helpers/sockets';

describe('the availability feed, throttled per socket', () => {
  const sku = uniqueId('THROTTLE');
  beforeAll(() => seedCatalog([sku], [{ id: uniqueId('store') }]));

  it('answers at most one snapshot per client message per second', async () => {
    const socket = await openSocket(`/v1/availability/${sku}/live`);
    try {
      await socket.waitFor(() => socket.messages.length >= 1);
      for (let i = 0; i < 20; i++) socket.send('snapshot please');
      await new Promise((resolve) => setTimeout(resolve, 1_100));
      socket.send('snapshot please');
      // Messages on one socket are answered in order: when the last ask's answer is in,
      // every earlier ask has been answered or dropped.
      await socket.waitFor(() => socket.messages.length >= 3);
      expect(socket.messages).toHaveLength(3);
    } finally {
      socket.close();
    }
  });
});

// The documented cap (durable-objects/stock/stock.ts MAX_SOCKETS_PER_SKU).
const MAX_SOCKETS_PER_SKU = 1_000;

describe('the availability feed, capped per SKU', () => {
  const sku = uniqueId('CAPPED');
  beforeAll(() => seedCatalog([sku], [{ id: uniqueId('store') }]));

  it('refuses a subscriber over MAX_SOCKETS_PER_SKU with 429 rate_limited, and not on another SKU', async () => {
    const other = uniqueId('UNCAPPED');
    await seedCatalog([other], [{ id: uniqueId('store') }]);
    const sockets = [];
    for (let batch = 0; batch < MAX_SOCKETS_PER_SKU / 100; batch++) {
      sockets.push(
        ...(await Promise.all(Array.from({ length: 100 }, () => openSocket(`/v1/availability/${sku}/live`)))),
      );
    }
    try {
      await expect(openSocket(`/v1/availability/${sku}/live`)).rejects.toThrow(/429.*rate_limited/);
      (await openSocket(`/v1/availability/${other}/live`)).close();
    } finally {
      for (const socket of sockets) socket.close();
    }
  }, 60_000);
});
