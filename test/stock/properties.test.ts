import fc from 'fast-check';
import { runInDurableObject } from 'cloudflare:test';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { LevelView } from '../../src/domain/stock';
import { uniqueId } from '../helpers/api';
import { advanceClock } from '../helpers/clock';
import { sqlRows, stockOf, type StockStub } from '../helpers/stock';
import { StockModel, type StockOperation } from '../helpers/stock-model';

const LOCATIONS = ['L1', 'L2'] as const;
const HOLDS = ['h0', 'h1', 'h2', 'h3'] as const;

const location = fc.constantFrom(...LOCATIONS);
const hold = fc.constantFrom(...HOLDS);
const units = fc.integer({ min: 1, max: 8 });

// A TTL of 1 ms makes the hold expire before the next operation, which exercises expiry and late commits.
const ttl = fc.constantFrom(1, 600_000);

const operation: fc.Arbitrary<StockOperation> = fc.oneof(
  fc.record({ op: fc.constant('reserve' as const), hold, locationId: location, quantity: units, ttlMs: ttl }),
  fc.record({ op: fc.constant('reserveShip' as const), hold, quantity: units, ttlMs: ttl }),
  fc.record({ op: fc.constantFrom('commit' as const, 'release' as const), hold }),
  fc.record({ op: fc.constantFrom('sell' as const, 'restock' as const), locationId: location, quantity: units }),
  fc.record({
    op: fc.constant('adjust' as const),
    locationId: location,
    quantity: fc.integer({ min: -6, max: 10 }).filter((n) => n !== 0),
  }),
  fc.record({ op: fc.constant('count' as const), locationId: location, quantity: fc.nat(15) }),
  fc.record({
    op: fc.constant('policy' as const),
    locationId: location,
    safetyStock: fc.nat(3),
    lowStockThreshold: fc.nat(5),
  }),
  fc.constant({ op: 'alarm' as const }),
);

// Runs start with stock on both shelves and units kept back at L1 (L2 keeps the default policy), so holds
// are placed, refused for safety stock, expire, and are committed late or released.
const opening: fc.Arbitrary<StockOperation[]> = fc
  .tuple(fc.nat(15), fc.nat(15), fc.nat(3), fc.nat(5))
  .map(([atL1, atL2, safetyStock, lowStockThreshold]) => [
    { op: 'count', locationId: 'L1', quantity: atL1 },
    { op: 'count', locationId: 'L2', quantity: atL2 },
    { op: 'policy', locationId: 'L1', safetyStock, lowStockThreshold },
  ]);

/** Applies one operation to the StockDO; answers whether it flagged it (took units that were not available). */
async function apply(stock: StockStub, step: StockOperation, run: string, index: number): Promise<boolean> {
  switch (step.op) {
    case 'reserve':
      await stock.reserve({
        holdId: `${run}-${step.hold}`,
        locationId: step.locationId,
        quantity: step.quantity,
        ttlMs: step.ttlMs,
      });
      return false;
    case 'reserveShip':
      await stock.reserve({
        holdId: `${run}-${step.hold}`,
        shipFrom: LOCATIONS,
        quantity: step.quantity,
        ttlMs: step.ttlMs,
      });
      return false;
    case 'commit': {
      const result = await stock.commit(`${run}-${step.hold}`);
      return result.ok && result.flagged;
    }
    case 'release':
      await stock.release(`${run}-${step.hold}`);
      return false;
    case 'sell':
      return (await stock.sell({ saleId: `${run}-${index}`, locationId: step.locationId, quantity: step.quantity }))
        .flagged;
    case 'restock':
      await stock.restock({ id: `${run}-${index}`, locationId: step.locationId, quantity: step.quantity });
      return false;
    case 'adjust':
    case 'count': {
      const type = step.op === 'count' ? 'set' : 'adjust';
      const result = await stock.applyMovements([
        { id: `${run}-${index}`, locationId: step.locationId, type, quantity: step.quantity },
      ]);
      return result.results.some((r) => r.flagged);
    }
    case 'policy':
      await stock.setPolicies([
        { locationId: step.locationId, safetyStock: step.safetyStock, lowStockThreshold: step.lowStockThreshold },
      ]);
      return false;
    case 'alarm':
      await runInDurableObject(stock, (instance) => instance.alarm());
      return false;
  }
}

interface Books {
  levels: Map<string, LevelView>;
  movedOnHand: Map<string, number>;
  movedReserved: Map<string, number>;
  held: Map<string, number>;
}

async function books(stock: StockStub): Promise<Books> {
  const { locations } = await stock.availability(LOCATIONS);
  const moved = await sqlRows<{ location_id: string; on_hand: number; reserved: number }>(
    stock,
    'SELECT location_id, SUM(on_hand_delta) AS on_hand, SUM(reserved_delta) AS reserved FROM movements GROUP BY location_id',
  );
  const held = await sqlRows<{ location_id: string; quantity: number }>(
    stock,
    "SELECT location_id, SUM(quantity) AS quantity FROM holds WHERE state = 'held' GROUP BY location_id",
  );
  return {
    levels: new Map(locations.map((level) => [level.locationId, level])),
    movedOnHand: new Map(moved.map((row) => [row.location_id, row.on_hand])),
    movedReserved: new Map(moved.map((row) => [row.location_id, row.reserved])),
    held: new Map(held.map((row) => [row.location_id, row.quantity])),
  };
}

const rawAvailable = (level: { onHand: number; reserved: number; safetyStock: number } | undefined) =>
  level ? level.onHand - level.reserved - level.safetyStock : 0;

describe('the StockDO, for any sequence of operations', () => {
  // Every step happens 1 ms after the one before, on the clock the DO reads too, so a 1 ms hold has always
  // expired by the next step and the model knows exactly when.
  beforeEach(() => vi.useFakeTimers({ toFake: ['Date'] }));
  afterEach(() => vi.useRealTimers());

  it('matches the rules in every level and flag, never digs below zero unflagged, and logs every unit', async () => {
    await fc.assert(
      fc.asyncProperty(opening, fc.array(operation, { minLength: 1, maxLength: 25 }), async (start, rest) => {
        const steps = [...start, ...rest];
        const run = uniqueId('run');
        const stock = stockOf(uniqueId('PROP'));
        const model = new StockModel(LOCATIONS);
        let before = await books(stock);
        for (const [index, step] of steps.entries()) {
          advanceClock(1);
          const label = `step ${index}, ${JSON.stringify(step)}`;
          const shouldFlag = model.apply(step, Date.now());
          const flagged = await apply(stock, step, run, index);
          expect(flagged, `${label}: flagged`).toBe(shouldFlag);

          const after = await books(stock);
          for (const locationId of LOCATIONS) {
            const level = after.levels.get(locationId);
            expect(level, `${label}: ${locationId}`).toEqual(model.view(locationId));
            // onHand and reserved are exactly what the movement log says, and reserved is exactly what live holds hold.
            expect(level?.onHand).toBe(after.movedOnHand.get(locationId) ?? 0);
            expect(level?.reserved).toBe(after.movedReserved.get(locationId) ?? 0);
            expect(level?.reserved).toBe(after.held.get(locationId) ?? 0);
            if (!flagged && step.op !== 'policy') {
              const was = rawAvailable(before.levels.get(locationId));
              const now = rawAvailable(level);
              expect(now >= 0 || now >= was, `${label}: took ${locationId} from ${was} to ${now} unflagged`).toBe(true);
            }
          }
          before = after;
        }
      }),
      { numRuns: 30 },
    );
  });
});
