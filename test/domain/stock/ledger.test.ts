import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { movementId, nextWakeUp, requireCallerId, transitionEventId } from '../../../src/domain/stock';

describe('the StockDO alarm', () => {
  it('wakes at the earlier of the next hold expiry and the next ledger attempt', () => {
    expect(nextWakeUp(500, 200)).toBe(200);
    expect(nextWakeUp(500, null)).toBe(500);
    expect(nextWakeUp(null, 200)).toBe(200);
    expect(nextWakeUp(null, null)).toBeNull();
    expect(nextWakeUp(500, null, 300)).toBe(300);
  });
});

describe('ledger ids', () => {
  it('are scoped by SKU, so one checkout id used in two StockDOs gives two movements', () => {
    expect(movementId('TEE', 'hold', 'chk_1', 'L1', 'reserve')).toBe('TEE/hold/chk_1/L1/reserve');
    expect(transitionEventId('TEE/sale/s1', 'low_stock')).toBe('TEE/sale/s1:low_stock');
  });

  it('never give two different movements the same id', () => {
    const part = fc.string({ maxLength: 6 }).filter((text) => !text.includes('/'));
    const parts = fc.array(part, { minLength: 1, maxLength: 5 });
    fc.assert(
      fc.property(part, parts, part, parts, (skuA, restA, skuB, restB) => {
        fc.pre(JSON.stringify([skuA, ...restA]) !== JSON.stringify([skuB, ...restB]));
        expect(movementId(skuA, ...restA)).not.toBe(movementId(skuB, ...restB));
      }),
    );
  });

  it('stay unique because a caller id may not contain their separator', () => {
    // 'chk_1/L1' as a hold id would make its movements' ids collide with another hold's.
    expect(() => requireCallerId('chk_1/L1', 'holdId')).toThrow(RangeError);
    expect(() => requireCallerId('chk_1', 'holdId')).not.toThrow();
  });
});
