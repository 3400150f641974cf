import { describe, expect, it } from 'vitest';
import { priceBasket, type Promotion } from '../../../src/domain/pricing';
import { catalog, context, promotion } from './fixtures';

// One line worth 10000, so every figure below is easy to check by hand.
function applied(promotions: Promotion[]) {
  const basket = priceBasket({
    ...catalog({ A: 10000 }),
    lines: [{ sku: 'A', quantity: 1 }],
    coupons: [],
    context: context(),
    promotions,
  });
  return { promotions: basket.appliedPromotions.map((p) => [p.id, p.amount]), total: basket.totals.total };
}

const percent = (id: string, value: number, extra: Partial<Promotion> = {}) =>
  promotion({ id, kind: 'percent_off', value, ...extra });
const amount = (id: string, value: number, extra: Partial<Promotion> = {}) =>
  promotion({ id, kind: 'amount_off', value, ...extra });

describe('stacking', () => {
  it('applies non-exclusive promotions in priority order, each on what the earlier ones left', () => {
    expect(applied([amount('fixed', 500, { priority: 1 }), percent('tenth', 1000, { priority: 2 })])).toEqual({
      promotions: [
        ['tenth', 1000],
        ['fixed', 500],
      ],
      total: 8500,
    });
    expect(applied([amount('fixed', 500, { priority: 2 }), percent('tenth', 1000, { priority: 1 })])).toEqual({
      promotions: [
        ['fixed', 500],
        ['tenth', 950],
      ],
      total: 8550,
    });
  });

  it('breaks equal priorities by id', () => {
    expect(applied([percent('b', 1000), amount('a', 500)]).promotions).toEqual([
      ['a', 500],
      ['b', 950],
    ]);
  });

  it('compounds percentages: 10% then 10% is 19%, not 20%', () => {
    expect(applied([percent('x', 1000), percent('y', 1000)]).total).toBe(8100);
  });

  it('never takes the total below zero, however much the stack offers', () => {
    expect(applied([amount('x', 8000, { priority: 1 }), amount('y', 8000)])).toEqual({
      promotions: [
        ['x', 8000],
        ['y', 2000],
      ],
      total: 0,
    });
  });
});

describe('exclusive promotions', () => {
  it('apply alone when they beat the whole stack', () => {
    const stack = [percent('ten', 1000), percent('five', 500)]; // 1000 + 450 = 1450
    expect(applied([...stack, percent('vip20', 2000, { exclusive: true })])).toEqual({
      promotions: [['vip20', 2000]],
      total: 8000,
    });
  });

  it('give way to the stack when the stack discounts more', () => {
    const stack = [percent('ten', 1000), percent('also-ten', 1000)]; // 1900
    expect(applied([...stack, percent('fifteen', 1500, { exclusive: true })]).promotions).toEqual([
      ['also-ten', 1000],
      ['ten', 900],
    ]);
  });

  it('give way to the stack on a tie', () => {
    expect(applied([amount('stacked', 1000), amount('solo', 1000, { exclusive: true })]).promotions).toEqual([
      ['stacked', 1000],
    ]);
  });

  it('compete with each other: the largest wins, a tie goes to the higher priority', () => {
    const small = percent('small', 1000, { exclusive: true });
    const large = percent('large', 3000, { exclusive: true });
    expect(applied([small, large]).promotions).toEqual([['large', 3000]]);
    const early = amount('early', 1000, { exclusive: true, priority: 5 });
    const late = amount('late', 1000, { exclusive: true, priority: 1 });
    expect(applied([late, early]).promotions).toEqual([['early', 1000]]);
  });

  it('apply when they are the only eligible promotion', () => {
    expect(applied([amount('only', 700, { exclusive: true })]).total).toBe(9300);
  });
});
