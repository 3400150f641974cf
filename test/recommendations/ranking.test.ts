import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  boughtTogetherWith,
  pairedSkus,
  PAIRED_SKUS_PER_ORDER,
  recommendForShopper,
  type BoughtTogether,
} from '../../src/domain/recommendations';

// A small alphabet, so viewed, bought and partner SKUs overlap often.
const sku = fc.constantFrom<string>('A', 'B', 'C', 'D', 'E', 'F', 'G', 'H');
const partners = fc.array(fc.record({ sku, score: fc.integer({ min: 1, max: 20 }) }), { maxLength: 8 });
const signals = fc.record({
  viewed: fc.array(sku, { maxLength: 10 }),
  bought: fc.array(sku, { maxLength: 5 }),
  lists: fc.dictionary(sku, partners),
  available: fc.subarray<string>(['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H']),
  limit: fc.integer({ min: 0, max: 12 }),
});

type Signals = typeof signals extends fc.Arbitrary<infer T> ? T : never;

function recommendFrom(input: Signals) {
  const available = new Set(input.available);
  return recommendForShopper({
    viewed: input.viewed,
    bought: input.bought,
    boughtTogether: new Map(Object.entries(input.lists)),
    isAvailable: (candidate) => available.has(candidate),
    limit: input.limit,
  });
}

describe('recommendForShopper', () => {
  it('never offers a bought SKU, offers each SKU once, only available ones, at most `limit`', () => {
    fc.assert(
      fc.property(signals, (input) => {
        const items = recommendFrom(input);
        const skus = items.map((item) => item.sku);
        expect(skus.filter((item) => input.bought.includes(item))).toEqual([]);
        expect(new Set(skus).size).toBe(skus.length);
        expect(skus.every((item) => input.available.includes(item))).toBe(true);
        expect(items.length).toBeLessThanOrEqual(input.limit);
      }),
    );
  });

  it('puts what was viewed and not bought first, newest view first, then bought-together by summed score', () => {
    fc.assert(
      fc.property(signals, (input) => {
        const items = recommendFrom({ ...input, limit: 100 });
        const offered = (item: string) => !input.bought.includes(item) && input.available.includes(item);
        const viewed = [...new Set(input.viewed)].filter(offered);
        expect(items.filter((item) => item.reason === 'viewed').map((item) => item.sku)).toEqual(viewed);
        expect(items.slice(0, viewed.length).every((item) => item.reason === 'viewed')).toBe(true);
        const score = (item: string) =>
          [...new Set(input.bought)].reduce(
            (sum, bought) =>
              sum + (input.lists[bought] ?? []).filter((p) => p.sku === item).reduce((s, p) => s + p.score, 0),
            0,
          );
        const together = items.filter((item) => item.reason === 'bought_together').map((item) => item.sku);
        for (const [i, item] of together.entries()) {
          expect(score(item)).toBeGreaterThan(0);
          const next = together[i + 1];
          if (next !== undefined)
            expect(score(item) > score(next) || (score(item) === score(next) && item < next)).toBe(true);
        }
      }),
    );
  });
});

describe('boughtTogetherWith', () => {
  it('lists only listed partners, never the SKU itself, best first then SKU, at most `limit`', () => {
    const list: BoughtTogether[] = [
      { sku: 'C', score: 1 },
      { sku: 'A', score: 5 },
      { sku: 'B', score: 1 },
      { sku: 'X', score: 9 },
      { sku: 'D', score: 3 },
    ];
    const listed = (candidate: string) => candidate !== 'D';
    expect(boughtTogetherWith('X', list, listed, 10)).toEqual([
      { sku: 'A', score: 5 },
      { sku: 'B', score: 1 },
      { sku: 'C', score: 1 },
    ]);
    expect(boughtTogetherWith('X', list, listed, 1)).toEqual([{ sku: 'A', score: 5 }]);
  });
});

describe('pairedSkus', () => {
  it('pairs the distinct SKUs of an order in line order, the first 50 of them', () => {
    const lines = Array.from({ length: 120 }, (_, i) => ({ sku: `S${i % 60}` }));
    const paired = pairedSkus(lines);
    expect(paired).toHaveLength(PAIRED_SKUS_PER_ORDER);
    expect(paired).toEqual(Array.from({ length: 50 }, (_, i) => `S${i}`));
    expect(pairedSkus([{ sku: 'B' }, { sku: 'A' }, { sku: 'B' }])).toEqual(['B', 'A']);
  });
});
