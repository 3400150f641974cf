import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  allocateAt,
  applyDelta,
  availableAt,
  countDelta,
  emptyLevel,
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

/** A shelf as plain numbers, for working out what an operation should leave without the code under test. */
interface Shelf {
  onHand: number;
  reserved: number;
}

/** What the rules say an operation leaves on the shelf, or null when it is refused. */
function expectedShelf(shelf: Shelf, safetyStock: number, op: Operation): Shelf | null {
  const free = shelf.onHand - shelf.reserved - safetyStock;
  switch (op.kind) {
    case 'reserve':
      return op.quantity <= free ? { ...shelf, reserved: shelf.reserved + op.quantity } : null;
    case 'release':
      return op.quantity <= shelf.reserved ? { ...shelf, reserved: shelf.reserved - op.quantity } : null;
    case 'commit':
      return op.quantity <= shelf.reserved
        ? { onHand: shelf.onHand - op.quantity, reserved: shelf.reserved - op.quantity }
        : null;
    case 'sell':
      return { ...shelf, onHand: shelf.onHand - op.quantity };
    case 'receive':
      return { ...shelf, onHand: shelf.onHand + op.quantity };
    case 'count':
      return { ...shelf, onHand: op.quantity };
  }
}

/**
 * Whether the rules say the operation must be flagged: a sale that sells more
 * than was available, or a count that finds fewer units than before and fewer
 * than are reserved and kept back. Nothing else takes units that are not there.
 */
function expectedFlag(shelf: Shelf, safetyStock: number, op: Operation): boolean {
  if (op.kind === 'sell') return op.quantity > shelf.onHand - shelf.reserved - safetyStock;
  if (op.kind === 'count') return op.quantity < shelf.onHand && op.quantity < shelf.reserved + safetyStock;
  return false;
}

describe('stock arithmetic, for any sequence of operations', () => {
  it('leaves exactly the units the operations account for and flags exactly what takes units not there', () => {
    fc.assert(
      fc.property(policy, fc.array(operation, { maxLength: 60 }), (levelPolicy, operations) => {
        let level: StockLevel = { ...emptyLevel('L1'), ...levelPolicy };
        let shelf: Shelf = { onHand: 0, reserved: 0 };
        for (const op of operations) {
          const expected = expectedShelf(shelf, levelPolicy.safetyStock, op);
          const delta = deltaFor(level, op);
          expect(delta === null, `${op.kind} ${op.quantity} refused`).toBe(expected === null);
          if (!delta || !expected) continue;

          const applied = applyDelta(level, delta);
          expect(applied.level).toEqual({ ...level, onHand: expected.onHand, reserved: expected.reserved });
          expect(availableAt(applied.level)).toBe(
            Math.max(0, expected.onHand - expected.reserved - levelPolicy.safetyStock),
          );
          expect(applied.flagged, `${op.kind} ${op.quantity} flagged`).toBe(
            expectedFlag(shelf, levelPolicy.safetyStock, op),
          );
          level = applied.level;
          shelf = expected;
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
