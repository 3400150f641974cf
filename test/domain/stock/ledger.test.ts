import { describe, expect, it } from 'vitest';
import { movementId, nextWakeUp, transitionEventId } from '../../../src/domain/stock';

describe('the StockDO alarm', () => {
  it('wakes at the earlier of the next hold expiry and the next ledger attempt', () => {
    expect(nextWakeUp(500, 200)).toBe(200);
    expect(nextWakeUp(500, null)).toBe(500);
    expect(nextWakeUp(null, 200)).toBe(200);
    expect(nextWakeUp(null, null)).toBeNull();
  });
});

describe('ledger ids', () => {
  it('are scoped by SKU, so one checkout id used in two StockDOs gives two movements', () => {
    expect(movementId('TEE', 'hold', 'chk_1', 'L1', 'reserve')).not.toBe(
      movementId('MUG', 'hold', 'chk_1', 'L1', 'reserve'),
    );
    expect(transitionEventId('TEE/sale/s1', 'low_stock')).toBe('TEE/sale/s1:low_stock');
  });
});
