import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { priceBasket } from '../../../src/domain/pricing';
import {
  planReturn,
  refundForUnits,
  splitRefund,
  statusAfterReturn,
  withinReturnWindow,
  type PurchasedLine,
} from '../../../src/domain/returns';
import { catalog, context, promotion } from '../pricing/fixtures';

/** Splits `total` units into returns of random sizes, in order: [2, 1, 3] for 6. */
const returnSizes = (total: number) =>
  fc.array(fc.integer({ min: 1, max: Math.max(1, total) }), { maxLength: 12 }).map((sizes) => {
    const out: number[] = [];
    let left = total;
    for (const size of sizes) {
      if (left === 0) break;
      const take = Math.min(size, left);
      out.push(take);
      left -= take;
    }
    if (left > 0) out.push(left);
    return out;
  });

describe('a line’s refund, by largest remainder over its units', () => {
  it('returns exactly the line total over every unit, in any number of returns, never more on the way', () => {
    const lineAndReturns = fc
      .record({ quantity: fc.integer({ min: 1, max: 999 }), lineTotal: fc.integer({ min: 0, max: 1_000_000_000 }) })
      .chain((line) => fc.tuple(fc.constant(line), returnSizes(line.quantity)));
    fc.assert(
      fc.property(lineAndReturns, ([{ quantity, lineTotal }, sizes]) => {
        const line = { sku: 'A', quantity, lineTotal };
        const floor = Math.floor(lineTotal / quantity);
        let back = 0;
        let refunded = 0;
        for (const size of sizes) {
          const refund = refundForUnits(line, back, size);
          expect(refund).toBeGreaterThanOrEqual(floor * size);
          expect(refund).toBeLessThanOrEqual((floor + 1) * size);
          back += size;
          refunded += refund;
          expect(refunded).toBeLessThanOrEqual(lineTotal);
        }
        expect(refunded).toBe(lineTotal);
      }),
      { numRuns: 1000 },
    );
  });

  it('splits 1000 over 3 units as 333, 333, 334', () => {
    const line = { sku: 'A', quantity: 3, lineTotal: 1000 };
    expect([0, 1, 2].map((before) => refundForUnits(line, before, 1))).toEqual([333, 333, 334]);
    expect(refundForUnits(line, 0, 3)).toBe(1000);
    expect(() => refundForUnits(line, 2, 2)).toThrow(RangeError);
  });
});

const sku = (i: number) => `SKU-${i}`;

/** A random basket priced by the engine with random percent and amount promotions, as an order would be. */
const pricedOrder = fc
  .record({
    lines: fc.uniqueArray(
      fc.record({ index: fc.integer({ min: 0, max: 9 }), quantity: fc.integer({ min: 1, max: 12 }) }),
      { minLength: 1, maxLength: 6, selector: (line) => line.index },
    ),
    prices: fc.array(fc.integer({ min: 1, max: 50_000 }), { minLength: 10, maxLength: 10 }),
    percent: fc.option(fc.integer({ min: 1, max: 9_999 })),
    amount: fc.option(fc.integer({ min: 1, max: 200_000 })),
    skuPercent: fc.option(fc.integer({ min: 1, max: 9_999 })),
  })
  .map(({ lines, prices, percent, amount, skuPercent }) => {
    const promotions = [
      ...(percent === null ? [] : [promotion({ id: 'pct', kind: 'percent_off', value: percent })]),
      ...(amount === null ? [] : [promotion({ id: 'amt', kind: 'amount_off', value: amount })]),
      ...(skuPercent === null
        ? []
        : [
            promotion({
              id: 'sku-pct',
              kind: 'percent_off',
              value: skuPercent,
              target: { scope: 'skus', skus: [sku(0), sku(1), sku(2)] },
            }),
          ]),
    ];
    const basket = priceBasket({
      lines: lines.map((line) => ({ sku: sku(line.index), quantity: line.quantity })),
      coupons: [],
      context: context(),
      ...catalog(Object.fromEntries(prices.map((price, i) => [sku(i), price]))),
      promotions,
    });
    return { lines: basket.lines.map(({ sku, quantity, lineTotal }) => ({ sku, quantity, lineTotal })), basket };
  });

describe('returns of a whole order', () => {
  it('never refund more than the order’s total, and exactly it once every unit is back', () => {
    fc.assert(
      fc.property(pricedOrder, fc.infiniteStream(fc.nat()), ({ lines, basket }, picks) => {
        const returned = new Map<string, number>();
        const left = () => lines.filter((line) => (returned.get(line.sku) ?? 0) < line.quantity);
        const draws = picks[Symbol.iterator]();
        let refunded = 0;
        while (left().length > 0) {
          // A return of a random part of what is left, one or two lines, as a shopper brings it back.
          const open = left();
          const take = open.slice(0, 1 + ((draws.next().value as number) % Math.min(2, open.length)));
          const request = take.map((line: PurchasedLine) => {
            const remaining = line.quantity - (returned.get(line.sku) ?? 0);
            return {
              sku: line.sku,
              quantity: 1 + ((draws.next().value as number) % remaining),
              disposition: 'restock' as const,
            };
          });
          const plan = planReturn(lines, returned, request);
          if (!plan.ok) throw new Error(`refused: ${plan.reason}`);
          refunded += plan.refundTotal;
          for (const line of plan.lines) returned.set(line.sku, (returned.get(line.sku) ?? 0) + line.quantity);
          expect(refunded).toBeLessThanOrEqual(basket.totals.total);
          expect(statusAfterReturn(lines, returned)).toBe(left().length === 0 ? 'returned' : 'partially_returned');
        }
        expect(refunded).toBe(basket.totals.total);
      }),
      { numRuns: 300 },
    );
  });

  it('refuses more units than are left, and SKUs the order does not have, naming each', () => {
    const lines = [
      { sku: 'A', quantity: 2, lineTotal: 1000 },
      { sku: 'B', quantity: 1, lineTotal: 500 },
    ];
    const returned = new Map([['A', 1]]);
    expect(planReturn(lines, returned, [{ sku: 'A', quantity: 2, disposition: 'restock' }])).toEqual({
      ok: false,
      reason: 'exceeds_purchase',
      lines: [{ sku: 'A', requested: 2, returnable: 1 }],
    });
    // Two lines of one SKU (one restocked, one damaged) count together.
    expect(
      planReturn(lines, new Map(), [
        { sku: 'A', quantity: 1, disposition: 'restock' },
        { sku: 'A', quantity: 2, disposition: 'damaged' },
      ]),
    ).toMatchObject({ ok: false, reason: 'exceeds_purchase' });
    expect(planReturn(lines, returned, [{ sku: 'Z', quantity: 1, disposition: 'damaged' }])).toEqual({
      ok: false,
      reason: 'not_on_order',
      skus: ['Z'],
    });
  });
});

describe('a refund over split tenders', () => {
  it('goes back to the newest tender first, each up to what it has left', () => {
    const payments = [
      { id: 'card', amount: 3000, refunded: 0 },
      { id: 'cash', amount: 1000, refunded: 400 },
    ];
    expect(splitRefund(2000, payments)).toEqual({
      parts: [
        { paymentId: 'cash', amount: 600 },
        { paymentId: 'card', amount: 1400 },
      ],
      unallocated: 0,
    });
    expect(splitRefund(5000, payments).unallocated).toBe(1400);
  });
});

describe('the return window', () => {
  it('is open for the configured days after fulfilment, and closed after', () => {
    const sold = new Date('2026-11-01T10:00:00Z');
    expect(withinReturnWindow(sold, new Date('2026-12-01T10:00:00Z'), 30)).toBe(true);
    expect(withinReturnWindow(sold, new Date('2026-12-01T10:00:01Z'), 30)).toBe(false);
  });
});
