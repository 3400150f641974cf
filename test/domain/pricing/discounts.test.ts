import { describe, expect, it } from 'vitest';
import { priceBasket, type BasketLineInput, type Promotion } from '../../../src/domain/pricing';
import { catalog, context, promotion } from './fixtures';

function price(unitAmounts: Record<string, number>, lines: BasketLineInput[], promotions: Promotion[]) {
  return priceBasket({ ...catalog(unitAmounts), lines, coupons: [], context: context(), promotions });
}

function discountsBySku(basket: ReturnType<typeof price>): Record<string, number> {
  return Object.fromEntries(basket.lines.map((line) => [line.sku, line.discount]));
}

describe('percent_off', () => {
  it('takes basis points of the target subtotal, rounded half up, spread over the lines', () => {
    // 20% of 2333 = 466.6 → 467; split 2000:333 → 400.34 / 66.65 → 400 / 67.
    const basket = price(
      { A: 1000, B: 333 },
      [
        { sku: 'A', quantity: 2 },
        { sku: 'B', quantity: 1 },
      ],
      [promotion({ id: 'p', kind: 'percent_off', value: 2000 })],
    );
    expect(basket.totals).toEqual({ subtotal: 2333, discount: 467, total: 1866 });
    expect(discountsBySku(basket)).toEqual({ A: 400, B: 67 });
  });

  it.each([
    { subtotal: 1010, discount: 152 },
    { subtotal: 1030, discount: 155 },
    { subtotal: 1003, discount: 150 },
  ])('rounds 15% of $subtotal half up to $discount', ({ subtotal, discount }) => {
    const basket = price(
      { A: subtotal },
      [{ sku: 'A', quantity: 1 }],
      [promotion({ id: 'p', kind: 'percent_off', value: 1500 })],
    );
    expect(basket.totals.discount).toBe(discount);
  });

  it('discounts only the listed SKUs when the target is "skus"', () => {
    const basket = price(
      { A: 1000, B: 2000 },
      [
        { sku: 'A', quantity: 1 },
        { sku: 'B', quantity: 1 },
      ],
      [promotion({ id: 'p', kind: 'percent_off', value: 5000, target: { scope: 'skus', skus: ['B'] } })],
    );
    expect(discountsBySku(basket)).toEqual({ A: 0, B: 1000 });
  });

  it('never discounts more than 100%', () => {
    const basket = price(
      { A: 1000 },
      [{ sku: 'A', quantity: 1 }],
      [promotion({ id: 'p', kind: 'percent_off', value: 15000 })],
    );
    expect(basket.totals.total).toBe(0);
  });
});

describe('amount_off', () => {
  it('takes a fixed amount off the target subtotal, split pro rata by largest remainder', () => {
    // 500 over 2000:1000 → 333.33 / 166.67 → 333 / 167.
    const basket = price(
      { A: 2000, B: 1000 },
      [
        { sku: 'A', quantity: 1 },
        { sku: 'B', quantity: 1 },
      ],
      [promotion({ id: 'p', kind: 'amount_off', value: 500 })],
    );
    expect(discountsBySku(basket)).toEqual({ A: 333, B: 167 });
  });

  it('never takes more than the target subtotal', () => {
    const basket = price(
      { A: 2000, B: 1000 },
      [
        { sku: 'A', quantity: 1 },
        { sku: 'B', quantity: 1 },
      ],
      [promotion({ id: 'p', kind: 'amount_off', value: 5000, target: { scope: 'skus', skus: ['B'] } })],
    );
    expect(discountsBySku(basket)).toEqual({ A: 0, B: 1000 });
    expect(basket.appliedPromotions).toEqual([{ id: 'p', name: 'p', amount: 1000 }]);
  });

  it('leaves out a promotion whose target SKUs are not in the basket', () => {
    const basket = price(
      { A: 2000 },
      [{ sku: 'A', quantity: 1 }],
      [promotion({ id: 'p', kind: 'amount_off', value: 500, target: { scope: 'skus', skus: ['Z'] } })],
    );
    expect(basket.appliedPromotions).toEqual([]);
    expect(basket.totals.discount).toBe(0);
  });
});

describe('buy_x_get_y', () => {
  const shirts = { SHIRT_A: 2000, SHIRT_B: 1500, SHIRT_C: 1000, SOCKS: 300 };
  const buy2get1 = (value = 10000, overrides: Partial<Promotion> = {}) =>
    promotion({
      id: 'b2g1',
      kind: 'buy_x_get_y',
      value,
      buyQuantity: 2,
      getQuantity: 1,
      target: { scope: 'skus', skus: ['SHIRT_A', 'SHIRT_B', 'SHIRT_C'] },
      ...overrides,
    });

  it('gives the cheapest eligible unit free for every three', () => {
    const basket = price(
      shirts,
      [
        { sku: 'SHIRT_A', quantity: 1 },
        { sku: 'SHIRT_B', quantity: 1 },
        { sku: 'SHIRT_C', quantity: 1 },
      ],
      [buy2get1()],
    );
    expect(discountsBySku(basket)).toEqual({ SHIRT_A: 0, SHIRT_B: 0, SHIRT_C: 1000 });
  });

  it('counts units across lines and discounts the cheapest ones first', () => {
    // 6 eligible units → 2 free: the 1000 unit, then one 1500 unit.
    const basket = price(
      shirts,
      [
        { sku: 'SHIRT_A', quantity: 3 },
        { sku: 'SHIRT_B', quantity: 2 },
        { sku: 'SHIRT_C', quantity: 1 },
      ],
      [buy2get1()],
    );
    expect(discountsBySku(basket)).toEqual({ SHIRT_A: 0, SHIRT_B: 1500, SHIRT_C: 1000 });
  });

  it('ignores units outside the target, even cheaper ones', () => {
    const basket = price(
      shirts,
      [
        { sku: 'SHIRT_A', quantity: 3 },
        { sku: 'SOCKS', quantity: 5 },
      ],
      [buy2get1()],
    );
    expect(discountsBySku(basket)).toEqual({ SHIRT_A: 2000, SOCKS: 0 });
  });

  it('counts every unit of the basket when the target is "order"', () => {
    const basket = price(
      shirts,
      [
        { sku: 'SHIRT_A', quantity: 2 },
        { sku: 'SOCKS', quantity: 1 },
      ],
      [buy2get1(10000, { target: { scope: 'order' } })],
    );
    expect(discountsBySku(basket)).toEqual({ SHIRT_A: 0, SOCKS: 300 });
  });

  it('takes value basis points off the "get" units: buy 2, get 1 half price', () => {
    const basket = price(shirts, [{ sku: 'SHIRT_A', quantity: 6 }], [buy2get1(5000)]);
    expect(basket.totals.discount).toBe(2000);
  });

  it('gives nothing below a full group of buy + get units', () => {
    const basket = price(shirts, [{ sku: 'SHIRT_A', quantity: 2 }], [buy2get1()]);
    expect(basket.totals.discount).toBe(0);
  });

  it('gives nothing when buyQuantity or getQuantity is missing', () => {
    const basket = price(shirts, [{ sku: 'SHIRT_A', quantity: 9 }], [buy2get1(10000, { getQuantity: null })]);
    expect(basket.totals.discount).toBe(0);
  });
});
