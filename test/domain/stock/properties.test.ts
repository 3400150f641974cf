import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  allocateAt,
  applyDelta,
  availableAt,
  countDelta,
  emptyLevel,
  rawAvailable,
  stockStatus,
  type LevelDelta,
  type StockLevel,
} from '../../../src/domain/stock';

const policy = fc.record({ safetyStock: fc.nat(5), lowStockThreshold: fc.nat(8) });
const units = fc.integer({ min: 1, max: 12 });

// What each kind of operation asks of a level, decided the way the StockDO decides it.
type Operation =
  | { kind: 'reserve' | 'release' | 'commit' | 'sell' | 'receive'; quantity: number }
  | { kind: 'count'; quantity: number };

const operation: fc.Arbitrary<Operation> = fc.oneof(
  fc.record({ kind: fc.constantFrom('reserve', 'release', 'commit', 'sell', 'receive'), quantity: units }),
  fc.record({ kind: fc.constant('count'), quantity: fc.nat(30) }),
);

/** The delta an operation applies, or null when the StockDO would not apply it (no stock to hold, nothing held). */
function deltaFor(level: StockLevel, op: Operation): LevelDelta | null {
  switch (op.kind) {
    case 'reserve':
      return allocateAt({ locationId: level.locationId, available: availableAt(level) }, op.quantity).ok
        ? { onHand: 0, reserved: op.quantity }
        : null;
    case 'release':
      return op.quantity <= level.reserved ? { onHand: 0, reserved: -op.quantity } : null;
    case 'commit':
      return op.quantity <= level.reserved ? { onHand: -op.quantity, reserved: -op.quantity } : null;
    case 'sell':
      return { onHand: -op.quantity, reserved: 0 };
    case 'receive':
      return { onHand: op.quantity, reserved: 0 };
    case 'count':
      return countDelta(level, op.quantity);
  }
}

describe('stock arithmetic, for any sequence of operations', () => {
  it('never makes reserved or available negative, loses no unit, and only flagged operations dig below zero', () => {
    fc.assert(
      fc.property(policy, fc.array(operation, { maxLength: 60 }), (levelPolicy, operations) => {
        let level: StockLevel = { ...emptyLevel('L1'), ...levelPolicy };
        let onHandFromDeltas = 0;
        for (const op of operations) {
          const delta = deltaFor(level, op);
          if (!delta) continue;
          const before = level;
          const applied = applyDelta(before, delta);
          level = applied.level;
          onHandFromDeltas += delta.onHand;

          expect(level.reserved).toBeGreaterThanOrEqual(0);
          expect(availableAt(level)).toBeGreaterThanOrEqual(0);
          expect(level.onHand).toBe(onHandFromDeltas);
          if (!applied.flagged)
            expect(rawAvailable(level) >= 0 || rawAvailable(level) >= rawAvailable(before)).toBe(true);
          if (op.kind === 'reserve' || op.kind === 'release' || op.kind === 'commit' || op.kind === 'receive')
            expect(applied.flagged).toBe(false);
        }
      }),
    );
  });

  it('reports a transition exactly when the availability crosses its boundary', () => {
    const level = fc
      .record({ onHand: fc.integer({ min: -5, max: 30 }), reserved: fc.nat(10) })
      .chain((figures) => policy.map((p): StockLevel => ({ ...emptyLevel('L1'), ...p, ...figures })));
    const delta = fc.record({ onHand: fc.integer({ min: -15, max: 15 }), reserved: fc.integer({ min: -10, max: 10 }) });
    fc.assert(
      fc.property(level, delta, (before, change) => {
        fc.pre(before.reserved + change.reserved >= 0);
        const { level: after, transitions } = applyDelta(before, change);
        const threshold = after.lowStockThreshold;
        expect(transitions.includes('back_in_stock')).toBe(availableAt(before) === 0 && availableAt(after) > 0);
        expect(transitions.includes('low_stock')).toBe(
          threshold > 0 && availableAt(before) > threshold && availableAt(after) <= threshold,
        );
        if (transitions.includes('low_stock')) expect(stockStatus(after)).not.toBe('in_stock');
      }),
    );
  });
});
