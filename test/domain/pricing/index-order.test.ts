import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { indicesByValue } from '../../../src/domain/pricing/index-order';

// What indicesByValue must equal whatever path it takes: a stable sort of the indices by value.
const stableOrder = (values: readonly number[], direction: 'ascending' | 'descending') =>
  values
    .map((_, index) => index)
    .sort((a, b) => (direction === 'ascending' ? 1 : -1) * ((values[a] ?? 0) - (values[b] ?? 0)));

describe('indices ordered by value', () => {
  it('orders ties by index, in both directions', () => {
    expect(indicesByValue([3, 1, 3, 0, 1], 'ascending')).toEqual([3, 1, 4, 0, 2]);
    expect(indicesByValue([3, 1, 3, 0, 1], 'descending')).toEqual([0, 2, 1, 4, 3]);
    expect(indicesByValue([], 'ascending')).toEqual([]);
  });

  it('property: a stable sort of the indices, for few values (insertion) and many (packed or compared)', () => {
    const values = fc.oneof(
      fc.array(fc.nat(20), { maxLength: 70 }),
      fc.array(fc.nat(), { minLength: 60, maxLength: 300 }),
      fc.array(fc.constantFrom(0, Number.MAX_SAFE_INTEGER, 2 ** 40), { minLength: 60, maxLength: 120 }),
    );
    fc.assert(
      fc.property(values, fc.constantFrom('ascending' as const, 'descending' as const), (list, direction) => {
        expect(indicesByValue(list, direction)).toEqual(stableOrder(list, direction));
      }),
    );
  });
});
