import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allocateProRata } from '../../../src/domain/pricing';

describe('pro-rata allocation (largest remainder)', () => {
  it('splits exactly when the proportions are whole', () => {
    expect(allocateProRata(980, [4400, 3800, 1600])).toEqual([440, 380, 160]);
  });

  it('gives the leftover units to the largest remainders', () => {
    // 100 over three equal weights: 33.33 each: one unit left, first index wins the tie.
    expect(allocateProRata(100, [300, 300, 300])).toEqual([34, 33, 33]);
    // 10 × (0.35, 0.45, 0.2) = 3.5 / 4.5 / 2: the halves tie, the earlier index wins.
    expect(allocateProRata(10, [35, 45, 20])).toEqual([4, 4, 2]);
  });

  it('gives nothing to zero weights', () => {
    expect(allocateProRata(7, [0, 5, 0, 2])).toEqual([0, 5, 0, 2]);
  });

  it('refuses to allocate more than the weights can carry', () => {
    expect(() => allocateProRata(11, [5, 5])).toThrow(RangeError);
  });

  it('stays exact beyond 2^53 intermediate products', () => {
    const weights = [3_000_000_000_001, 2_999_999_999_999, 1];
    const shares = allocateProRata(2_999_999_999_999, weights);
    expect(shares.reduce((a, b) => a + b, 0)).toBe(2_999_999_999_999);
    expect(shares).toEqual([1_500_000_000_000, 1_499_999_999_999, 0]);
  });

  const weightsAndTotal = fc
    .array(fc.oneof(fc.integer({ min: 0, max: 10_000 }), fc.integer({ min: 0, max: 2 ** 40 })), {
      minLength: 1,
      maxLength: 40,
    })
    .chain((weights) => {
      const sum = weights.reduce((a, b) => a + b, 0);
      return fc.tuple(fc.constant(weights), fc.integer({ min: 0, max: sum }));
    });

  it('property: shares sum exactly to the total, each between 0 and its weight, within one unit of its exact share', () => {
    fc.assert(
      fc.property(weightsAndTotal, ([weights, total]) => {
        const shares = allocateProRata(total, weights);
        const weightSum = BigInt(weights.reduce((a, b) => a + b, 0));
        expect(shares.reduce((a, b) => a + b, 0)).toBe(total);
        shares.forEach((share, i) => {
          const weight = weights[i] ?? 0;
          expect(share).toBeGreaterThanOrEqual(0);
          expect(share).toBeLessThanOrEqual(weight);
          // |share − total × w / W| < 1, i.e. |share × W − total × w| < W (all weights zero: nothing to share)
          const error = BigInt(share) * weightSum - BigInt(total) * BigInt(weight);
          expect(weightSum === 0n || (error < weightSum && -error < weightSum)).toBe(true);
        });
      }),
    );
  });

  it('property: the same input always allocates the same way', () => {
    fc.assert(
      fc.property(weightsAndTotal, ([weights, total]) => {
        expect(allocateProRata(total, weights)).toEqual(allocateProRata(total, [...weights]));
      }),
    );
  });
});
