import { describe, expect, it } from 'vitest';
import { uniqueId } from '../helpers/api';
import { openShop } from '../helpers/checkout';
import { collectedOrder, priceDrop, streamEvents, writeEvents } from '../helpers/events';

describe('per-stream sequence', () => {
  it('numbers an order’s events in the order they happened: placed, ready, picked up → 1, 2, 3', async () => {
    const shop = await openShop();
    const { id } = await collectedOrder(shop);

    expect(await streamEvents(`order:${id}`)).toEqual([
      { id: `${id}:order.placed`, topic: 'order.placed', sequence: 1 },
      { id: `${id}:order.ready_for_pickup`, topic: 'order.ready_for_pickup', sequence: 2 },
      { id: `${id}:order.picked_up`, topic: 'order.picked_up', sequence: 3 },
    ]);
  });

  it('gives concurrent writers of one stream distinct, gap-free numbers, each writer’s events in its order', async () => {
    const customerId = uniqueId('cus');
    const writers = Array.from({ length: 12 }, (_, writer) => [
      priceDrop(customerId, `${customerId}:w${writer}:first`),
      priceDrop(customerId, `${customerId}:w${writer}:second`),
    ]);

    await Promise.all(writers.map((rows) => writeEvents(rows)));

    const events = await streamEvents(`customer:${customerId}`);
    expect(events.map((event) => event.sequence)).toEqual(Array.from({ length: 24 }, (_, index) => index + 1));
    const sequenceOf = new Map(events.map((event) => [event.id, event.sequence ?? 0]));
    for (const [first, second] of writers) {
      expect(sequenceOf.get(second!.id)).toBe((sequenceOf.get(first!.id) ?? 0) + 1);
    }
  });

  it('gives an event written again (a retried write) no second number', async () => {
    const customerId = uniqueId('cus');
    const first = priceDrop(customerId);
    await writeEvents([first]);
    await writeEvents([first, priceDrop(customerId)]);

    expect((await streamEvents(`customer:${customerId}`)).map((event) => event.sequence)).toEqual([1, 2]);
  });
});
