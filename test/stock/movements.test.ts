import { describe, expect, it } from 'vitest';
import { levelAt, sqlRows, stockedSku } from '../helpers/stock';

describe('stock movements', () => {
  it('applies counts and adjustments in order, each once by its id', async () => {
    const { stock } = await stockedSku({});
    const batch = [
      { id: 'count-1', locationId: 'L1', type: 'set' as const, quantity: 20, reason: 'cycle count' },
      { id: 'receipt-1', locationId: 'L1', type: 'adjust' as const, quantity: 5, reason: 'PO 7' },
      { id: 'damage-1', locationId: 'L1', type: 'adjust' as const, quantity: -2, reason: 'damaged' },
    ];

    const first = await stock.applyMovements(batch);
    const replay = await stock.applyMovements(batch);

    expect(first.results.map((result) => result.replayed)).toEqual([false, false, false]);
    expect(replay.results.map((result) => result.replayed)).toEqual([true, true, true]);
    expect(replay.levels).toEqual(first.levels);
    expect(await levelAt(stock, 'L1')).toMatchObject({ onHand: 23, reserved: 0 });
  });

  it('sets an absolute count whatever is reserved', async () => {
    const { stock } = await stockedSku({ L1: 10 });
    await stock.reserve({ holdId: 'h', locationId: 'L1', quantity: 4, ttlMs: 600_000 });
    await stock.applyMovements([{ id: 'recount', locationId: 'L1', type: 'set', quantity: 7 }]);
    expect(await levelAt(stock, 'L1')).toMatchObject({ onHand: 7, reserved: 4, available: 3 });
  });

  it('accepts a POS sale beyond the stock, flagged, because the goods already left', async () => {
    const { stock } = await stockedSku({ L1: 2 });

    const sale = await stock.sell({ saleId: 'pos-1', locationId: 'L1', quantity: 3 });
    const again = await stock.sell({ saleId: 'pos-1', locationId: 'L1', quantity: 3 });

    expect(sale).toMatchObject({
      replayed: false,
      flagged: true,
      level: { onHand: -1, available: 0, status: 'out_of_stock' },
    });
    expect(again).toMatchObject({ replayed: true, flagged: true, level: { onHand: -1 } });
  });

  it('does not flag a sale the shelf covers', async () => {
    const { stock } = await stockedSku({ L1: 5 });
    expect(await stock.sell({ saleId: 'pos-2', locationId: 'L1', quantity: 5 })).toMatchObject({
      flagged: false,
      level: { onHand: 0 },
    });
  });

  it('puts returns back on the shelf once', async () => {
    const { stock } = await stockedSku({ L1: 1 });
    await stock.restock({ id: 'return-1', locationId: 'L1', quantity: 2 });
    await stock.restock({ id: 'return-1', locationId: 'L1', quantity: 2 });
    expect(await levelAt(stock, 'L1')).toMatchObject({ onHand: 3 });
  });

  it('reads a never-stocked location as zero, out of stock', async () => {
    const { stock } = await stockedSku({});
    expect(await levelAt(stock, 'NOWHERE')).toMatchObject({
      onHand: 0,
      reserved: 0,
      available: 0,
      status: 'out_of_stock',
    });
    expect((await stock.availability()).locations).toEqual([]);
  });

  it('lists every stocked location in location order, also those stocked after the levels were read', async () => {
    const { stock } = await stockedSku({ L2: 2 });
    expect((await stock.availability()).locations.map((level) => level.locationId)).toEqual(['L2']);
    await stock.applyMovements([
      { id: 'c', locationId: 'L3', type: 'set', quantity: 3 },
      { id: 'a', locationId: 'L1', type: 'set', quantity: 1 },
    ]);
    const { locations } = await stock.availability();
    expect(locations.map((level) => [level.locationId, level.onHand])).toEqual([
      ['L1', 1],
      ['L2', 2],
      ['L3', 3],
    ]);
  });

  it('rolls back a whole batch when one movement is invalid', async () => {
    const { stock } = await stockedSku({ L1: 1 });
    const failure = await stock
      .applyMovements([
        { id: 'ok', locationId: 'L1', type: 'adjust', quantity: 5 },
        { id: 'bad', locationId: 'L1', type: 'set', quantity: -1 },
      ])
      .then(
        () => null,
        (error: unknown) => error,
      );
    expect(String(failure)).toMatch(/quantity must be a whole number/);
    expect(await levelAt(stock, 'L1')).toMatchObject({ onHand: 1 });
  });
});

describe('stock transitions', () => {
  it('records dropping to the low-stock threshold and coming back from zero, once each', async () => {
    const { sku, stock } = await stockedSku({});
    await stock.setPolicies([{ locationId: 'L1', safetyStock: 1, lowStockThreshold: 3 }]);

    await stock.applyMovements([{ id: 'in', locationId: 'L1', type: 'set', quantity: 10 }]); // 0 → 9: back in stock
    await stock.sell({ saleId: 's1', locationId: 'L1', quantity: 5 }); // 9 → 4
    await stock.sell({ saleId: 's2', locationId: 'L1', quantity: 1 }); // 4 → 3: low stock
    await stock.sell({ saleId: 's3', locationId: 'L1', quantity: 1 }); // 3 → 2: still low, nothing new

    const events = await sqlRows<{ id: string; topic: string; payload: string }>(
      stock,
      'SELECT id, topic, payload FROM events ORDER BY seq',
    );
    // Coming back brings the fan-out to its subscribers only when shipped (docs/back-in-stock.md).
    expect(events.map((event) => [event.id, event.topic])).toEqual([
      [`${sku}/movement/in:back_in_stock`, 'inventory.back_in_stock'],
      [`${sku}/sale/s2:low_stock`, 'inventory.low_stock'],
    ]);
    expect(JSON.parse(events[1]?.payload ?? '{}')).toMatchObject({
      sku,
      locationId: 'L1',
      available: 3,
      status: 'low_stock',
      lowStockThreshold: 3,
    });
  });
});
