import { bench, describe } from 'vitest';
import { buildPriceIndex, priceBasket, type PriceBook, type PriceRow, type Promotion } from '../../src/domain/pricing';
import { promotion as promotionFixture } from '../domain/pricing/fixtures';

// A 10,000-SKU catalog in four books (any, web, vip, web+vip) with quantity
// tiers, indexed once as the Worker would hold it.
const SKU_COUNT = 10_000;
const skuAt = (i: number) => `SKU-${String(i).padStart(5, '0')}`;

const priceBooks: PriceBook[] = [
  { id: 'base', currency: 'USD', channel: null, customerGroup: null, priority: 0, validFrom: null, validTo: null },
  { id: 'web', currency: 'USD', channel: 'web', customerGroup: null, priority: 0, validFrom: null, validTo: null },
  { id: 'vip', currency: 'USD', channel: null, customerGroup: 'vip', priority: 0, validFrom: null, validTo: null },
  {
    id: 'vip-web',
    currency: 'USD',
    channel: 'web',
    customerGroup: 'vip',
    priority: 0,
    validFrom: '2025-01-01T00:00:00Z',
    validTo: '2026-01-01T00:00:00Z',
  },
  { id: 'eur', currency: 'EUR', channel: null, customerGroup: null, priority: 0, validFrom: null, validTo: null },
];

const prices: PriceRow[] = [];
for (let i = 0; i < SKU_COUNT; i += 1) {
  const sku = skuAt(i);
  const unitAmount = 500 + ((i * 7919) % 20_000);
  prices.push({ priceBookId: 'base', sku, unitAmount, minQuantity: 1, compareAtAmount: null });
  prices.push({ priceBookId: 'base', sku, unitAmount: unitAmount - 50, minQuantity: 10, compareAtAmount: null });
  prices.push({ priceBookId: 'eur', sku, unitAmount, minQuantity: 1, compareAtAmount: null });
  if (i % 3 === 0)
    prices.push({ priceBookId: 'web', sku, unitAmount: unitAmount - 20, minQuantity: 1, compareAtAmount: unitAmount });
  if (i % 5 === 0)
    prices.push({ priceBookId: 'vip', sku, unitAmount: unitAmount - 40, minQuantity: 1, compareAtAmount: null });
  if (i % 7 === 0)
    prices.push({ priceBookId: 'vip-web', sku, unitAmount: unitAmount - 60, minQuantity: 1, compareAtAmount: null });
}
const priceIndex = buildPriceIndex(priceBooks, prices);

const lines = Array.from({ length: 50 }, (_, i) => ({ sku: skuAt(i * 197), quantity: 1 + (i % 12) }));
const someSkus = lines.filter((_, i) => i % 4 === 0).map((line) => line.sku);

// Valid for the whole benchmark: the context's `now` falls inside this window.
const promotion = (overrides: Parameters<typeof promotionFixture>[0]): Promotion =>
  promotionFixture({ startsAt: '2025-01-01T00:00:00Z', endsAt: '2026-01-01T00:00:00Z', ...overrides });

// Ten promotions of every kind, all eligible for the basket below.
const promotions: Promotion[] = [
  promotion({ id: 'summer', kind: 'percent_off', value: 1000, priority: 9, conditions: { minSubtotal: 10_000 } }),
  promotion({ id: 'web5', kind: 'percent_off', value: 500, conditions: { channels: ['web', 'app'] } }),
  promotion({ id: 'picks', kind: 'percent_off', value: 1500, target: { scope: 'skus', skus: someSkus } }),
  promotion({ id: 'tenoff', kind: 'amount_off', value: 1000, priority: 3 }),
  promotion({ id: 'vipfive', kind: 'amount_off', value: 500, conditions: { customerGroups: ['vip'] } }),
  promotion({ id: 'coupon', kind: 'amount_off', value: 2500, code: 'WELCOME' }),
  promotion({
    id: 'b2g1',
    kind: 'buy_x_get_y',
    value: 10000,
    buyQuantity: 2,
    getQuantity: 1,
    target: { scope: 'skus', skus: someSkus },
  }),
  promotion({ id: 'b1g1half', kind: 'buy_x_get_y', value: 5000, buyQuantity: 1, getQuantity: 1, priority: 5 }),
  promotion({ id: 'b3g1', kind: 'buy_x_get_y', value: 10000, buyQuantity: 3, getQuantity: 1, priority: 1 }),
  promotion({
    id: 'vip30',
    kind: 'percent_off',
    value: 3000,
    exclusive: true,
    conditions: { customerGroups: ['vip'] },
  }),
];

const context = { currency: 'USD', channel: 'web' as const, customerGroup: 'vip', now: '2025-06-01T12:00:00Z' };
const basketRows = prices.filter((row) => lines.some((line) => line.sku === row.sku));

// Long enough for the JIT to settle, so the mean is the steady state.
const options = { time: 3000, warmupTime: 1000 };

describe('priceBasket: 50 lines, 10 promotions of mixed kinds', () => {
  bench(
    'with a prebuilt 10,000-SKU index',
    () => {
      priceBasket({ priceIndex, lines, coupons: ['welcome'], context, promotions });
    },
    options,
  );

  bench(
    "with raw rows for the basket's SKUs (indexed per call)",
    () => {
      priceBasket({ priceBooks, prices: basketRows, lines, coupons: ['welcome'], context, promotions });
    },
    options,
  );
});
