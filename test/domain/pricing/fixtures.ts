import type { PriceBook, PriceRow, PricingContext, Promotion } from '../../../src/domain/pricing';

export const NOW = '2025-06-01T12:00:00Z';

export function book(overrides: Partial<PriceBook> & Pick<PriceBook, 'id'>): PriceBook {
  return {
    currency: 'USD',
    channel: null,
    customerGroup: null,
    priority: 0,
    validFrom: null,
    validTo: null,
    ...overrides,
  };
}

export function row(priceBookId: string, sku: string, unitAmount: number, minQuantity = 1): PriceRow {
  return { priceBookId, sku, unitAmount, minQuantity, compareAtAmount: null };
}

export function context(overrides: Partial<PricingContext> = {}): PricingContext {
  return { currency: 'USD', channel: 'web', customerGroup: null, now: NOW, ...overrides };
}

export function promotion(overrides: Partial<Promotion> & Pick<Promotion, 'id' | 'kind' | 'value'>): Promotion {
  return {
    name: overrides.id,
    target: { scope: 'order' },
    buyQuantity: null,
    getQuantity: null,
    code: null,
    usageLimit: null,
    perCustomerLimit: null,
    conditions: {},
    startsAt: null,
    endsAt: null,
    priority: 0,
    exclusive: false,
    ...overrides,
  };
}

/** One base book pricing each SKU at the given unit amount. */
export function catalog(unitAmounts: Record<string, number>): { priceBooks: PriceBook[]; prices: PriceRow[] } {
  return {
    priceBooks: [book({ id: 'base' })],
    prices: Object.entries(unitAmounts).map(([sku, amount]) => row('base', sku, amount)),
  };
}
