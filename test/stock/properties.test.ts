import fc from 'fast-check';
import { runInDurableObject } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { uniqueId } from '../helpers/api';
import { sqlRows, stockOf, type StockStub } from '../helpers/stock';

const LOCATIONS = ['L1', 'L2'] as const;
const HOLDS = ['h0', 'h1', 'h2', 'h3'] as const;

const location = fc.constantFrom(...LOCATIONS);
const hold = fc.constantFrom(...HOLDS);
const units = fc.integer({ min: 1, max: 8 });

type Operation =
  | { op: 'reserve'; hold: string; locationId: string; quantity: number; ttlMs: number }
  | { op: 'reserveShip'; hold: string; quantity: number; ttlMs: number }
  | { op: 'commit' | 'release'; hold: string }
  | { op: 'sell' | 'restock' | 'adjust'; locationId: string; quantity: number }
  | { op: 'count'; locationId: string; quantity: number }
  | { op: 'policy'; locationId: string; safetyStock: number; lowStockThreshold: number }
  | { op: 'alarm' };

// A TTL of 1 ms makes the hold expire before the next operation, which exercises expiry and late commits.
const ttl = fc.constantFrom(1, 600_000);

const operation: fc.Arbitrary<Operation> = fc.oneof(
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

/** Applies one operation; answers whether the StockDO flagged it (took units that were not available). */
async function apply(
  stock: StockStub,
  step: Operation,
  run: string,
  index: number,
): Promise<{ flagged: boolean; movesPolicy: boolean }> {
  const none = { flagged: false, movesPolicy: false };
  switch (step.op) {
    case 'reserve':
      await stock.reserve({
        holdId: `${run}-${step.hold}`,
        locationId: step.locationId,
        quantity: step.quantity,
        ttlMs: step.ttlMs,
      });
      return none;
    case 'reserveShip':
      await stock.reserve({
        holdId: `${run}-${step.hold}`,
        shipFrom: LOCATIONS,
        quantity: step.quantity,
        ttlMs: step.ttlMs,
      });
      return none;
    case 'commit': {
      const result = await stock.commit(`${run}-${step.hold}`);
      return { flagged: result.ok && result.flagged, movesPolicy: false };
    }
    case 'release':
      await stock.release(`${run}-${step.hold}`);
      return none;
    case 'sell':
      return {
        flagged: (await stock.sell({ saleId: `${run}-${index}`, locationId: step.locationId, quantity: step.quantity }))
          .flagged,
        movesPolicy: false,
      };
    case 'restock':
      await stock.restock({ id: `${run}-${index}`, locationId: step.locationId, quantity: step.quantity });
      return none;
    case 'adjust':
    case 'count': {
      const type = step.op === 'count' ? 'set' : 'adjust';
      const result = await stock.applyMovements([
        { id: `${run}-${index}`, locationId: step.locationId, type, quantity: step.quantity },
      ]);
      return { flagged: result.results.some((r) => r.flagged), movesPolicy: false };
    }
    case 'policy':
      await stock.setPolicies([
        { locationId: step.locationId, safetyStock: step.safetyStock, lowStockThreshold: step.lowStockThreshold },
      ]);
      return { flagged: false, movesPolicy: true };
    case 'alarm':
      await runInDurableObject(stock, (instance) => instance.alarm());
      return none;
  }
}

interface Books {
  levels: Map<string, { onHand: number; reserved: number; safetyStock: number; available: number }>;
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
  it('never makes reserved negative, never digs available below zero unflagged, and never loses a unit', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(operation, { minLength: 1, maxLength: 25 }), async (steps) => {
        const run = uniqueId('run');
        const stock = stockOf(uniqueId('PROP'));
        let before = await books(stock);
        for (const [index, step] of steps.entries()) {
          const { flagged, movesPolicy } = await apply(stock, step, run, index);
          const after = await books(stock);
          for (const locationId of LOCATIONS) {
            const level = after.levels.get(locationId);
            expect(level?.reserved).toBeGreaterThanOrEqual(0);
            expect(level?.available).toBeGreaterThanOrEqual(0);
            // onHand and reserved are exactly what the movement log says, and reserved is exactly what live holds hold.
            expect(level?.onHand).toBe(after.movedOnHand.get(locationId) ?? 0);
            expect(level?.reserved).toBe(after.movedReserved.get(locationId) ?? 0);
            expect(level?.reserved).toBe(after.held.get(locationId) ?? 0);
            if (!flagged && !movesPolicy) {
              const was = rawAvailable(before.levels.get(locationId));
              const now = rawAvailable(level);
              expect(now >= 0 || now >= was, `${step.op} took ${locationId} from ${was} to ${now} unflagged`).toBe(
                true,
              );
            }
          }
          before = after;
        }
      }),
      { numRuns: 30 },
    );
  });
});
