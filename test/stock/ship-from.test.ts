import { describe, expect, it } from 'vitest';
import { levelAt, stockedSku } from '../helpers/stock';

const TTL = 600_000;
const SHIP_FROM = ['WH-EAST', 'WH-WEST', 'STORE-9'];

describe('reserving for shipping', () => {
  it('holds at a single location that covers the quantity, the one with the most available', async () => {
    const { stock } = await stockedSku({ 'WH-EAST': 6, 'WH-WEST': 9, 'STORE-9': 3 });

    const result = await stock.reserve({ holdId: 'ship-1', shipFrom: SHIP_FROM, quantity: 5, ttlMs: TTL });

    expect(result).toMatchObject({
      ok: true,
      hold: { quantity: 5, allocations: [{ locationId: 'WH-WEST', quantity: 5 }] },
    });
    expect(await levelAt(stock, 'WH-WEST')).toMatchObject({ reserved: 5, available: 4 });
    expect(await levelAt(stock, 'WH-EAST')).toMatchObject({ reserved: 0 });
  });

  it('splits across locations only when none covers it alone', async () => {
    const { stock } = await stockedSku({ 'WH-EAST': 4, 'WH-WEST': 5, 'STORE-9': 3 });

    const result = await stock.reserve({ holdId: 'ship-2', shipFrom: SHIP_FROM, quantity: 8, ttlMs: TTL });

    // The fewest parcels: all of the largest (WH-WEST), the rest from the next (WH-EAST), none from the smallest.
    expect(result).toMatchObject({ ok: true, hold: { quantity: 8 } });
    const allocations = result.ok ? result.hold.allocations : [];
    expect(allocations).toHaveLength(2);
    expect(allocations).toEqual(
      expect.arrayContaining([
        { locationId: 'WH-WEST', quantity: 5 },
        { locationId: 'WH-EAST', quantity: 3 },
      ]),
    );
    expect(await levelAt(stock, 'WH-WEST')).toMatchObject({ reserved: 5, available: 0 });
    expect(await levelAt(stock, 'WH-EAST')).toMatchObject({ reserved: 3, available: 1 });
    expect(await levelAt(stock, 'STORE-9')).toMatchObject({ reserved: 0 });
  });

  it('refuses when the whole network is short, holding nothing anywhere', async () => {
    const { stock } = await stockedSku({ 'WH-EAST': 4, 'WH-WEST': 5, 'STORE-9': 3, 'NOT-SHIPPING': 50 });

    const result = await stock.reserve({ holdId: 'ship-3', shipFrom: SHIP_FROM, quantity: 13, ttlMs: TTL });

    expect(result).toEqual({ ok: false, reason: 'insufficient_stock', requested: 13, available: 12 });
    expect(await stock.hold('ship-3')).toBeNull();
    for (const location of SHIP_FROM) expect(await levelAt(stock, location)).toMatchObject({ reserved: 0 });
  });

  it('commits and releases a split hold at every location it took from', async () => {
    const { stock } = await stockedSku({ 'WH-EAST': 4, 'WH-WEST': 5 });
    await stock.reserve({ holdId: 'sold', shipFrom: SHIP_FROM, quantity: 7, ttlMs: TTL });
    await stock.commit('sold');
    expect(await levelAt(stock, 'WH-WEST')).toMatchObject({ onHand: 0, reserved: 0 });
    expect(await levelAt(stock, 'WH-EAST')).toMatchObject({ onHand: 2, reserved: 0 });

    await stock.reserve({ holdId: 'given-back', shipFrom: SHIP_FROM, quantity: 2, ttlMs: TTL });
    await stock.release('given-back');
    expect(await levelAt(stock, 'WH-EAST')).toMatchObject({ onHand: 2, reserved: 0, available: 2 });
  });
});
