import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildCatalogPack, catalogPackFor, isCurrentAt, type CatalogPack } from '../../../src/domain/pos';
import {
  buildPriceIndex,
  selectPrice,
  type PriceBook,
  type PriceRow,
  type Promotion,
} from '../../../src/domain/pricing';
import { promotion as couponPromotion } from '../pricing/fixtures';

const NOW = Date.parse('2026-12-01T12:00:00Z');
const HOUR = 3600_000;
const iso = (ms: number) => new Date(ms).toISOString();
const sources = { catalogVersion: 'c1', pricingVersion: 'p1', currency: 'USD' };
const products = [
  { sku: 'A', title: 'A' },
  { sku: 'B', title: 'B' },
];

/** The till's side of the contract: the first book in the order sent that admits the sale and prices the SKU. */
function tillPrice(pack: CatalogPack, sku: string, quantity: number, group: string | null, at: number) {
  const book = pack.prices.find(
    (b) =>
      (b.customerGroup === null || b.customerGroup === group) &&
      (b.validFrom === null || Date.parse(b.validFrom) <= at) &&
      (b.validTo === null || at < Date.parse(b.validTo)) &&
      b.tiers[sku] !== undefined,
  );
  if (book === undefined) return null;
  const tiers = book.tiers[sku] ?? [];
  const tier = [...tiers].reverse().find((t) => t.minQuantity <= quantity) ?? tiers[0];
  return { priceBookId: book.priceBookId, unitAmount: tier?.unitAmount };
}

const bookArb = (id: string) =>
  fc
    .record({
      currency: fc.constantFrom('USD', 'EUR'),
      channel: fc.constantFrom(null, 'pos' as const, 'web' as const),
      customerGroup: fc.constantFrom(null, 'staff', 'gold'),
      priority: fc.integer({ min: -2, max: 2 }),
      from: fc.option(fc.integer({ min: -3, max: 3 }), { nil: null }),
      length: fc.option(fc.integer({ min: 1, max: 4 }), { nil: null }),
    })
    .map(({ from, length, ...book }): PriceBook => ({
      id,
      ...book,
      validFrom: from === null ? null : iso(NOW + from * HOUR),
      validTo: length === null ? null : iso(NOW + ((from ?? 0) + length) * HOUR),
    }));

const rowArb = fc.record({
  book: fc.integer({ min: 0, max: 4 }),
  sku: fc.constantFrom('A', 'B', 'RETIRED'),
  unitAmount: fc.integer({ min: 0, max: 5000 }),
  minQuantity: fc.constantFrom(1, 1, 3, 10),
});

/** A coupon promotion (10% off the order), so none of them applies by itself. */
const promotion = (id: string, overrides: Partial<Promotion> = {}) =>
  couponPromotion({ id, kind: 'percent_off', value: 1000, code: `${id}-CODE`, ...overrides });

describe('the till’s offline catalog pack', () => {
  it('prices every SKU, group, quantity and later instant exactly as the engine does on channel pos', () => {
    fc.assert(
      fc.property(
        fc.tuple(...[0, 1, 2, 3, 4].map((i) => bookArb(`book-${i}`))),
        fc.array(rowArb, { maxLength: 20 }),
        (books, rowSpecs) => {
          const rows: PriceRow[] = rowSpecs.map(({ book, ...row }) => ({
            priceBookId: `book-${book}`,
            compareAtAmount: null,
            ...row,
          }));
          const index = buildPriceIndex(books, rows);
          const built = buildCatalogPack({ sources, products, priceIndex: index, promotions: [], now: NOW });
          const pack = catalogPackFor(built, 'store-1');
          for (const at of [NOW, NOW + HOUR + 1, NOW + 5 * HOUR])
            for (const group of [null, 'staff', 'gold'])
              for (const quantity of [1, 2, 3, 10])
                for (const sku of ['A', 'B']) {
                  const context = { currency: 'USD', channel: 'pos' as const, customerGroup: group, now: iso(at) };
                  const engine = selectPrice(index, sku, quantity, context);
                  const till = tillPrice(pack, sku, quantity, group, at);
                  expect(till).toEqual(engine && { priceBookId: engine.priceBookId, unitAmount: engine.unitAmount });
                }
          expect(pack.prices.every((book) => book.tiers['RETIRED'] === undefined)).toBe(true);
        },
      ),
    );
  });

  it('keeps live pos promotions in application order and leaves out the rest', () => {
    const promotions = [
      promotion('low', { priority: 0 }),
      promotion('high', { priority: 5, conditions: { channels: ['pos', 'web'] } }),
      promotion('web', { conditions: { channels: ['web'] } }),
      promotion('any', { conditions: { channels: [] } }),
      promotion('ended', { endsAt: iso(NOW - HOUR) }),
      promotion('later', { startsAt: iso(NOW + HOUR) }),
      promotion('off', { active: false }),
    ];
    const built = buildCatalogPack({ sources, products, priceIndex: buildPriceIndex([], []), promotions, now: NOW });
    expect(built.content.promotions.map((p) => p.id)).toEqual(['high', 'any', 'later', 'low']);
    expect(built.content.promotions.every((p) => !('active' in p))).toBe(true);
  });

  it('keeps its version until something in it ends, then moves it', () => {
    const promotions = [promotion('soon', { endsAt: iso(NOW + HOUR) })];
    const build = (now: number) =>
      buildCatalogPack({ sources, products, priceIndex: buildPriceIndex([], []), promotions, now });
    const first = build(NOW);
    expect(isCurrentAt(first, NOW + HOUR - 1)).toBe(true);
    expect(isCurrentAt(first, NOW + HOUR)).toBe(false);
    expect(catalogPackFor(build(NOW + HOUR - 1), 's').version).toBe(catalogPackFor(first, 's').version);

    const after = build(NOW + HOUR);
    expect(after.content.promotions).toEqual([]);
    expect(catalogPackFor(after, 's').version).not.toBe(catalogPackFor(first, 's').version);
    expect(catalogPackFor(first, 'other').version).not.toBe(catalogPackFor(first, 's').version);
    const repriced = buildCatalogPack({
      sources: { ...sources, pricingVersion: 'p2' },
      products,
      priceIndex: buildPriceIndex([], []),
      promotions,
      now: NOW,
    });
    expect(catalogPackFor(repriced, 's').version).not.toBe(catalogPackFor(first, 's').version);
  });
});
