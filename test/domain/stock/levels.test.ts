import { describe, expect, it } from 'vitest';
import {
  applyDelta,
  availableAt,
  countDelta,
  detectTransitions,
  emptyLevel,
  StockInvariantError,
  stockStatus,
  type StockLevel,
} from '../../../src/domain/stock';

const level = (figures: Partial<StockLevel>): StockLevel => ({ ...emptyLevel('L1'), ...figures });

describe('available', () => {
  it('is onHand minus reserved minus safety stock', () => {
    expect(availableAt(level({ onHand: 10, reserved: 3, safetyStock: 2 }))).toBe(5);
  });

  it('never reads below zero, even when more is reserved or sold than is on hand', () => {
    expect(availableAt(level({ onHand: 2, reserved: 0, safetyStock: 5 }))).toBe(0);
    expect(availableAt(level({ onHand: -3, reserved: 1 }))).toBe(0);
  });

  it('reads as zero for a location never stocked', () => {
    expect(availableAt(emptyLevel('nowhere'))).toBe(0);
  });
});

describe('stock status', () => {
  it('is out of stock at zero, low at or below the threshold, in stock above it', () => {
    const policy = { safetyStock: 1, lowStockThreshold: 3 };
    expect(stockStatus(level({ ...policy, onHand: 1 }))).toBe('out_of_stock');
    expect(stockStatus(level({ ...policy, onHand: 2 }))).toBe('low_stock');
    expect(stockStatus(level({ ...policy, onHand: 4 }))).toBe('low_stock');
    expect(stockStatus(level({ ...policy, onHand: 5 }))).toBe('in_stock');
  });

  it('has no low band when the threshold is 0', () => {
    expect(stockStatus(level({ onHand: 1, lowStockThreshold: 0 }))).toBe('in_stock');
  });
});

describe('applying a delta', () => {
  it('moves onHand and reserved and keeps the policy', () => {
    const { level: after } = applyDelta(level({ onHand: 10, safetyStock: 2 }), { onHand: -1, reserved: 3 });
    expect(after).toMatchObject({ onHand: 9, reserved: 3, safetyStock: 2 });
  });

  it('flags a change that takes units that were not available', () => {
    expect(applyDelta(level({ onHand: 2 }), { onHand: -3, reserved: 0 }).flagged).toBe(true);
    expect(applyDelta(level({ onHand: 5, safetyStock: 2 }), { onHand: -4, reserved: 0 }).flagged).toBe(true);
  });

  it('does not flag selling exactly what is available, nor a change that improves a deficit', () => {
    expect(applyDelta(level({ onHand: 3 }), { onHand: -3, reserved: 0 }).flagged).toBe(false);
    expect(applyDelta(level({ onHand: -4 }), { onHand: 1, reserved: 0 }).flagged).toBe(false);
  });

  it('never flags committing a live hold: onHand and reserved drop together', () => {
    expect(applyDelta(level({ onHand: 2, reserved: 2, safetyStock: 1 }), { onHand: -2, reserved: -2 }).flagged).toBe(
      false,
    );
  });

  it('refuses to take reserved below zero, which would mean a hold was given back twice', () => {
    expect(() => applyDelta(level({ reserved: 1 }), { onHand: 0, reserved: -2 })).toThrow(StockInvariantError);
  });

  it('turns a count into the delta from the current figure', () => {
    expect(countDelta(level({ onHand: 7, reserved: 2 }), 4)).toEqual({ onHand: -3, reserved: 0 });
  });
});

describe('transitions', () => {
  const policy = { lowStockThreshold: 5, safetyStock: 0 };

  it('reports dropping to the low-stock threshold from above it', () => {
    expect(detectTransitions(level({ ...policy, onHand: 6 }), level({ ...policy, onHand: 5 }))).toEqual(['low_stock']);
  });

  it('reports nothing while staying below the threshold, or when rising through it', () => {
    expect(detectTransitions(level({ ...policy, onHand: 5 }), level({ ...policy, onHand: 2 }))).toEqual([]);
    expect(detectTransitions(level({ ...policy, onHand: 4 }), level({ ...policy, onHand: 9 }))).toEqual([]);
  });

  it('reports coming back from nothing', () => {
    expect(detectTransitions(level({ ...policy, onHand: 0 }), level({ ...policy, onHand: 1 }))).toEqual([
      'back_in_stock',
    ]);
    expect(detectTransitions(level({ ...policy, onHand: -2 }), level({ ...policy, onHand: 20 }))).toEqual([
      'back_in_stock',
    ]);
  });

  it('reports a fall straight to zero as crossing the threshold', () => {
    expect(detectTransitions(level({ ...policy, onHand: 20 }), level({ ...policy, onHand: 0 }))).toEqual(['low_stock']);
  });

  it('sends no low-stock alerts with a threshold of 0', () => {
    const off = { lowStockThreshold: 0, safetyStock: 0 };
    expect(detectTransitions(level({ ...off, onHand: 3 }), level({ ...off, onHand: 0 }))).toEqual([]);
  });

  it('counts reservations and safety stock, not just the shelf', () => {
    expect(detectTransitions(level({ ...policy, onHand: 10 }), level({ ...policy, onHand: 10, reserved: 6 }))).toEqual([
      'low_stock',
    ]);
    expect(
      detectTransitions(
        level({ ...policy, onHand: 2, safetyStock: 2 }),
        level({ ...policy, onHand: 3, safetyStock: 2 }),
      ),
    ).toEqual(['back_in_stock']);
  });
});
