import { describe, expect, it } from 'vitest';
import {
  buildPriceIndex,
  priceBasket,
  type PriceBook,
  type PriceRow,
  type Promotion,
} from '../../../src/domain/pricing';
import { book, catalog, context, promotion, row } from './fixtures';

describe('the worked example of docs/pricing.md', () => {
  const priceBooks: PriceBook[] = [
    book({ id: 'base' }),
    book({ id: 'web', channel: 'web' }),
    book({ id: 'vip-web', channel: 'web', customerGroup: 'vip' }),
    book({ id: 'eu', currency: 'EUR' }),
  ];
  const prices: PriceRow[] = [
    row('base', 'TEE', 2500),
    row('base', 'MUG', 1200),
    row('base', 'MUG', 950, 4),
    row('base', 'CAP', 1800),
    row('web', 'CAP', 1600),
    row('vip-web', 'TEE', 2200),
    row('eu', 'POSTER', 900),
  ];
  const promotions: Promotion[] = [
    promotion({
      id: 'summer',
      name: 'Summer 10%',
      kind: 'percent_off',
      value: 1000,
      priority: 10,
      conditions: { minSubtotal: 5000 },
    }),
    promotion({
      id: 'mugs',
      name: 'Mugs: buy 3, get 1 free',
      kind: 'buy_x_get_y',
      value: 10000,
      buyQuantity: 3,
      getQuantity: 1,
      target: { scope: 'skus', skus: ['MUG'] },
      priority: 5,
    }),
    promotion({ id: 'welcome', name: 'Welcome 5.00', kind: 'amount_off', value: 500, code: 'WELCOME5' }),
    promotion({
      id: 'vip',
      name: 'VIP 20%',
      kind: 'percent_off',
      value: 2000,
      exclusive: true,
      conditions: { customerGroups: ['vip'] },
    }),
  ];
  const basket = priceBasket({
    priceBooks,
    prices,
    promotions,
    lines: [
      { sku: 'TEE', quantity: 2 },
      { sku: 'MUG', quantity: 4 },
      { sku: 'CAP', quantity: 1 },
      { sku: 'POSTER', quantity: 1 },
    ],
    coupons: ['welcome5', 'FREESHIP'],
    context: context({ channel: 'web', customerGroup: 'vip', now: '2025-06-01T12:00:00Z' }),
  });

  it('prices each line from its most specific book and tier', () => {
    expect(
      basket.lines.map(({ sku, unitAmount, priceBookId, lineSubtotal }) => ({
        sku,
        unitAmount,
        priceBookId,
        lineSubtotal,
      })),
    ).toEqual([
      { sku: 'TEE', unitAmount: 2200, priceBookId: 'vip-web', lineSubtotal: 4400 },
      { sku: 'MUG', unitAmount: 950, priceBookId: 'base', lineSubtotal: 3800 },
      { sku: 'CAP', unitAmount: 1600, priceBookId: 'web', lineSubtotal: 1600 },
    ]);
    expect(basket.unpriced).toEqual(['POSTER']);
  });

  it('stacks the non-exclusive promotions because they beat the exclusive one (2335 > 1960)', () => {
    expect(basket.appliedPromotions).toEqual([
      { id: 'summer', name: 'Summer 10%', amount: 980 },
      { id: 'mugs', name: 'Mugs: buy 3, get 1 free', amount: 855 },
      { id: 'welcome', name: 'Welcome 5.00', amount: 500 },
    ]);
  });

  it('allocates the discounts to lines and totals them', () => {
    expect(basket.lines.map(({ sku, discount, lineTotal }) => ({ sku, discount, lineTotal }))).toEqual([
      { sku: 'TEE', discount: 689, lineTotal: 3711 },
      { sku: 'MUG', discount: 1396, lineTotal: 2404 },
      { sku: 'CAP', discount: 250, lineTotal: 1350 },
    ]);
    expect(basket.totals).toEqual({ subtotal: 9800, discount: 2335, total: 7465 });
  });

  it('reports the unknown coupon', () => {
    expect(basket.couponIssues).toEqual([{ code: 'FREESHIP', reason: 'unknown' }]);
  });
});

describe('priceBasket', () => {
  const prices = catalog({ A: 1000, B: 250 });

  it('reports unpriced SKUs instead of failing, and leaves them out of totals and minimum subtotals', () => {
    const basket = priceBasket({
      ...prices,
      lines: [
        { sku: 'A', quantity: 1 },
        { sku: 'GHOST', quantity: 5 },
      ],
      coupons: [],
      context: context(),
      promotions: [promotion({ id: 'p', kind: 'amount_off', value: 100, conditions: { minSubtotal: 1001 } })],
    });
    expect(basket.unpriced).toEqual(['GHOST']);
    expect(basket.lines.map((line) => line.sku)).toEqual(['A']);
    expect(basket.totals).toEqual({ subtotal: 1000, discount: 0, total: 1000 });
  });

  it('merges lines of the same SKU so quantity tiers see the whole quantity', () => {
    const tiered = { priceBooks: [book({ id: 'base' })], prices: [row('base', 'A', 1000), row('base', 'A', 800, 5)] };
    const basket = priceBasket({
      ...tiered,
      lines: [
        { sku: 'A', quantity: 3 },
        { sku: 'A', quantity: 2 },
      ],
      coupons: [],
      context: context(),
      promotions: [],
    });
    expect(basket.lines).toEqual([
      {
        sku: 'A',
        quantity: 5,
        unitAmount: 800,
        compareAtAmount: null,
        priceBookId: 'base',
        lineSubtotal: 4000,
        discount: 0,
        lineTotal: 4000,
      },
    ]);
  });

  it('prices an empty basket at zero', () => {
    const basket = priceBasket({ ...prices, lines: [], coupons: [], context: context(), promotions: [] });
    expect(basket).toEqual({
      currency: 'USD',
      channel: 'web',
      lines: [],
      unpriced: [],
      totals: { subtotal: 0, discount: 0, total: 0 },
      appliedPromotions: [],
      couponIssues: [],
    });
  });

  it('gives the same result from a prebuilt index as from raw rows', () => {
    const request = {
      lines: [
        { sku: 'B', quantity: 3 },
        { sku: 'A', quantity: 1 },
      ],
      coupons: [],
      context: context(),
      promotions: [promotion({ id: 'p', kind: 'percent_off', value: 1250 })],
    };
    const fromIndex = priceBasket({ ...request, priceIndex: buildPriceIndex(prices.priceBooks, prices.prices) });
    expect(fromIndex).toEqual(priceBasket({ ...request, ...prices }));
  });

  it('refuses quantities that are not positive integers', () => {
    const request = { ...prices, coupons: [], context: context(), promotions: [] };
    expect(() => priceBasket({ ...request, lines: [{ sku: 'A', quantity: 0 }] })).toThrow(RangeError);
    expect(() => priceBasket({ ...request, lines: [{ sku: 'A', quantity: 1.5 }] })).toThrow(RangeError);
  });
});
