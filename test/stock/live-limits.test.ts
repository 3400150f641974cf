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
