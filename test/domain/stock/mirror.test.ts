import { describe, expect, it } from 'vitest';
import { lagSummary, levelsAtLocations, mirrorRetryDelay } from '../../../src/domain/stock/mirror';

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
});
