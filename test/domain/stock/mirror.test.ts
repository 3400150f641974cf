import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { headlineAvailable, viewLevel, type StockLocation } from '../../../src/domain/stock';
import { availableAcross, lagSummary, levelsAtLocations, mirrorRetryDelay } from '../../../src/domain/stock/mirror';

describe('the availability mirror’s arithmetic', () => {
  it('backs off a failing push from 2 s, doubling, to a minute at most', () => {
    expect([0, 1, 2, 3, 5, 6, 20].map(mirrorRetryDelay)).toEqual([2_000, 2_000, 4_000, 8_000, 32_000, 60_000, 60_000]);
  });

  it('summarizes lags whatever their order, and says so when there are none', () => {
    const lags = Array.from({ length: 100 }, (_, i) => 100 - i);
    expect(lagSummary(lags)).toEqual({ samples: 100, p50Ms: 51, p99Ms: 100, maxMs: 100 });
    expect(lagSummary([])).toEqual({ samples: 0, p50Ms: null, p99Ms: null, maxMs: null });
  });

  it('reads a location the StockDO never stocked as zero, in the order asked', () => {
    const stocked = { locationId: 'b', onHand: 4, reserved: 1, safetyStock: 0, lowStockThreshold: 2 };
    expect(levelsAtLocations([stocked], ['a', 'b'])).toEqual([
      { locationId: 'a', onHand: 0, reserved: 0, safetyStock: 0, lowStockThreshold: 5 },
      stocked,
    ]);
  });

  it('sums the one figure a line shows as the full levels would: at a store, or across the ship-from locations', () => {
    const ids = ['a', 'b', 'c', 'd', 'e'];
    const level = fc.record({
      locationId: fc.constantFrom(...ids),
      onHand: fc.nat(50),
      reserved: fc.nat(60),
      safetyStock: fc.nat(5),
      lowStockThreshold: fc.nat(8),
    });
    const reported = fc.uniqueArray(level, { selector: (l) => l.locationId, maxLength: ids.length });
    fc.assert(
      fc.property(reported, fc.subarray(ids), fc.constantFrom(...ids), (levels, shipping, store) => {
        const locations: StockLocation[] = ids.map((id) => ({ id, shipFrom: shipping.includes(id) }));
        const views = (at: string[]) => levelsAtLocations(levels, at).map(viewLevel);
        expect(availableAcross(levels, new Set(shipping))).toBe(headlineAvailable(views(shipping), locations));
        expect(availableAcross(levels, new Set([store]))).toBe(headlineAvailable(views([store]), locations, store));
      }),
    );
  });
});
