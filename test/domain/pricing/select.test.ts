import { describe, expect, it } from 'vitest';
import { buildPriceIndex, selectPrice, selectPrices, type PriceBook, type PriceRow } from '../../../src/domain/pricing';
import { book, context, row } from './fixtures';

const SKU = 'TEE-1';
const vipOnWeb = context({ channel: 'web', customerGroup: 'vip' });

function winner(priceBooks: PriceBook[], prices: PriceRow[], ctx = vipOnWeb, quantity = 1) {
  return selectPrice(buildPriceIndex(priceBooks, prices), SKU, quantity, ctx);
}

describe('price selection: precedence', () => {
  const any = book({ id: 'any' });
  const group = book({ id: 'group', customerGroup: 'vip' });
  const channel = book({ id: 'channel', channel: 'web' });
  const both = book({ id: 'both', channel: 'web', customerGroup: 'vip' });
  const all = [any, group, channel, both];

  it.each([
    { holders: ['any', 'group', 'channel', 'both'], wins: 'both' },
    { holders: ['any', 'group', 'channel'], wins: 'channel' },
    { holders: ['any', 'group'], wins: 'group' },
    { holders: ['any'], wins: 'any' },
    { holders: ['group', 'any', 'both'], wins: 'both' },
    { holders: ['channel', 'group'], wins: 'channel' },
  ])('among books holding the SKU ($holders), the most specific ($wins) wins', ({ holders, wins }) => {
    const prices = holders.map((id, i) => row(id, SKU, 1000 + i));
    expect(winner(all, prices)?.priceBookId).toBe(wins);
  });

  it('never lets a more specific book without the SKU hide a less specific one that has it', () => {
    const prices = [row('both', 'OTHER', 500), row('channel', 'OTHER', 600), row('any', SKU, 1000)];
    expect(winner(all, prices)).toMatchObject({ priceBookId: 'any', unitAmount: 1000 });
  });

  it('ranks specificity above priority', () => {
    const priceBooks = [
      book({ id: 'group', customerGroup: 'vip', priority: 100 }),
      book({ id: 'channel', channel: 'web' }),
    ];
    const prices = [row('group', SKU, 900), row('channel', SKU, 1000)];
    expect(winner(priceBooks, prices)?.priceBookId).toBe('channel');
  });

  it('prefers the higher priority among equally specific books', () => {
    const priceBooks = [
      book({ id: 'a', priority: 1 }),
      book({ id: 'b', priority: 5 }),
      book({ id: 'c', priority: -2 }),
    ];
    const prices = ['a', 'b', 'c'].map((id) => row(id, SKU, 1000));
    expect(winner(priceBooks, prices)?.priceBookId).toBe('b');
  });

  it('breaks a full tie by the smaller id, whatever the input order', () => {
    const priceBooks = [book({ id: 'zeta' }), book({ id: 'alpha' }), book({ id: 'mid' })];
    const prices = [row('zeta', SKU, 1), row('mid', SKU, 2), row('alpha', SKU, 3)];
    expect(winner(priceBooks, prices)?.priceBookId).toBe('alpha');
    expect(winner([...priceBooks].reverse(), [...prices].reverse())?.priceBookId).toBe('alpha');
  });

  it.each([
    { label: 'another channel', other: book({ id: 'other', channel: 'app', priority: 99 }) },
    { label: 'another group', other: book({ id: 'other', customerGroup: 'staff', priority: 99 }) },
  ])('ignores books for $label', ({ other }) => {
    const prices = [row('other', SKU, 1), row('any', SKU, 1000)];
    expect(winner([other, any], prices)?.priceBookId).toBe('any');
  });

  it('gives a caller without a customer group only books open to any group', () => {
    const prices = [row('group', SKU, 900), row('both', SKU, 800), row('channel', SKU, 1000)];
    expect(winner(all, prices, context({ customerGroup: null }))?.priceBookId).toBe('channel');
  });
});

describe('price selection: validity windows', () => {
  const at = (now: string) => context({ now });
  const summer = book({
    id: 'summer',
    priority: 1,
    validFrom: '2025-06-01T00:00:00Z',
    validTo: '2025-09-01T00:00:00Z',
  });
  const base = book({ id: 'base' });
  const prices = [row('summer', SKU, 800), row('base', SKU, 1000)];

  it.each([
    { now: '2025-05-31T23:59:59.999Z', wins: 'base', why: 'before the window opens' },
    { now: '2025-06-01T00:00:00Z', wins: 'summer', why: 'at validFrom (inclusive)' },
    { now: '2025-07-15T10:00:00+02:00', wins: 'summer', why: 'inside the window, any offset' },
    { now: '2025-08-31T23:59:59.999Z', wins: 'summer', why: 'just before validTo' },
    { now: '2025-09-01T00:00:00.000Z', wins: 'base', why: 'at validTo (exclusive)' },
    { now: '2025-09-01 02:00:00+02', wins: 'base', why: 'at validTo written the Postgres way' },
  ])('uses $wins $why', ({ now, wins }) => {
    expect(winner([summer, base], prices, at(now))?.priceBookId).toBe(wins);
  });

  it('treats null bounds as open', () => {
    const open = book({ id: 'open', validFrom: null, validTo: null });
    expect(winner([open], [row('open', SKU, 1)], at('1970-01-01T00:00:00Z'))?.priceBookId).toBe('open');
    expect(winner([open], [row('open', SKU, 1)], at('2999-12-31T23:59:59Z'))?.priceBookId).toBe('open');
  });

  it('prices nothing when the only book has expired', () => {
    const expired = book({ id: 'old', validTo: '2025-01-01T00:00:00Z' });
    expect(winner([expired], [row('old', SKU, 1)])).toBeNull();
  });

  it('rejects a "now" that is not an ISO 8601 instant', () => {
    expect(() => winner([base], prices, at('June 1st'))).toThrow(RangeError);
  });
});

describe('price selection: quantity tiers', () => {
  const tiered = [row('base', SKU, 800, 50), row('base', SKU, 1000, 1), row('base', SKU, 900, 10)];

  it.each([
    { quantity: 1, unitAmount: 1000 },
    { quantity: 9, unitAmount: 1000 },
    { quantity: 10, unitAmount: 900 },
    { quantity: 49, unitAmount: 900 },
    { quantity: 50, unitAmount: 800 },
    { quantity: 999, unitAmount: 800 },
  ])('charges $unitAmount a unit for $quantity units (largest minQuantity ≤ quantity)', ({ quantity, unitAmount }) => {
    expect(winner([book({ id: 'base' })], tiered, vipOnWeb, quantity)?.unitAmount).toBe(unitAmount);
  });

  it('lists every tier of the chosen book in ascending order', () => {
    expect(winner([book({ id: 'base' })], tiered)?.tiers).toEqual([
      { minQuantity: 1, unitAmount: 1000 },
      { minQuantity: 10, unitAmount: 900 },
      { minQuantity: 50, unitAmount: 800 },
    ]);
  });

  it('uses the lowest tier when the quantity is below every minQuantity', () => {
    const caseOnly = [row('base', SKU, 700, 6), row('base', SKU, 650, 12)];
    expect(winner([book({ id: 'base' })], caseOnly, vipOnWeb, 2)?.unitAmount).toBe(700);
  });

  it("returns the chosen tier's compare-at amount", () => {
    const rows: PriceRow[] = [
      { priceBookId: 'base', sku: SKU, unitAmount: 1000, minQuantity: 1, compareAtAmount: 1200 },
      { priceBookId: 'base', sku: SKU, unitAmount: 900, minQuantity: 10, compareAtAmount: null },
    ];
    expect(winner([book({ id: 'base' })], rows, vipOnWeb, 1)?.compareAtAmount).toBe(1200);
    expect(winner([book({ id: 'base' })], rows, vipOnWeb, 10)?.compareAtAmount).toBeNull();
  });
});

describe('price selection: currency', () => {
  it('ignores books in another currency, however specific or urgent', () => {
    const priceBooks = [book({ id: 'eur', currency: 'EUR', channel: 'web', priority: 9 }), book({ id: 'usd' })];
    expect(winner(priceBooks, [row('eur', SKU, 900), row('usd', SKU, 1000)])?.priceBookId).toBe('usd');
  });

  it('leaves a SKU unpriced when only another currency prices it', () => {
    expect(winner([book({ id: 'eur', currency: 'EUR' })], [row('eur', SKU, 900)])).toBeNull();
  });
});

describe('price list for many SKUs', () => {
  const index = buildPriceIndex([book({ id: 'base' })], [row('base', 'A', 100), row('base', 'B', 200)]);

  it('returns the priced SKUs and lists the rest as unpriced, each once, in request order', () => {
    const list = selectPrices(index, ['B', 'X', 'A', 'B', 'Y'], context());
    expect(list.prices.map((p) => [p.sku, p.unitAmount])).toEqual([
      ['B', 200],
      ['A', 100],
    ]);
    expect(list.unpriced).toEqual(['X', 'Y']);
  });
});

describe('price index', () => {
  it('ignores rows of unknown books and lets a repeated row key replace the earlier row', () => {
    const index = buildPriceIndex(
      [book({ id: 'base' })],
      [row('ghost', SKU, 1), row('base', SKU, 1000), row('base', SKU, 950)],
    );
    expect(selectPrice(index, SKU, 1, context())).toMatchObject({ priceBookId: 'base', unitAmount: 950 });
  });

  it.each([
    { label: 'a negative amount', bad: row('base', SKU, -1) },
    { label: 'a fractional amount', bad: row('base', SKU, 9.99) },
    { label: 'a zero minimum quantity', bad: row('base', SKU, 100, 0) },
  ])('refuses $label', ({ bad }) => {
    expect(() => buildPriceIndex([book({ id: 'base' })], [bad])).toThrow(RangeError);
  });
});
