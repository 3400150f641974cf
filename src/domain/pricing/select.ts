import { parseInstant } from './instant';
import { isPositiveInteger } from './money';
import type { BookPrice, PriceIndex } from './price-index';
import type { PriceList, PriceRow, PricingContext, SelectedPrice } from './types';

/**
 * The price of `quantity` units of `sku` for the caller, or null when no
 * book valid for the caller holds a price for it. The candidates are
 * already in precedence order, so the first book that is valid at `now`,
 * in the caller's currency, and whose channel and group are null or the
 * caller's, wins.
 */
export function selectPrice(
  index: PriceIndex,
  sku: string,
  quantity: number,
  context: PricingContext,
): SelectedPrice | null {
  return selectPriceAt(index, sku, quantity, context, parseInstant(context.now));
}

/** Unit prices for many SKUs at quantity 1: the body of GET /v1/prices. Duplicate SKUs are listed once. */
export function selectPrices(index: PriceIndex, skus: readonly string[], context: PricingContext): PriceList {
  const now = parseInstant(context.now);
  const prices: SelectedPrice[] = [];
  const unpriced: string[] = [];
  for (const sku of new Set(skus)) {
    const price = selectPriceAt(index, sku, 1, context, now);
    if (price === null) unpriced.push(sku);
    else prices.push(price);
  }
  return { prices, unpriced };
}

/** selectPrice with `now` already parsed to epoch milliseconds. */
export function selectPriceAt(
  index: PriceIndex,
  sku: string,
  quantity: number,
  context: PricingContext,
  now: number,
): SelectedPrice | null {
  if (!isPositiveInteger(quantity)) throw new RangeError(`quantity must be a positive integer: ${quantity}`);
  const candidates = index.candidatesBySku.get(sku);
  if (candidates === undefined) return null;
  const chosen = candidates.find((candidate) => appliesTo(candidate, context, now));
  if (chosen === undefined) return null;
  const row = tierFor(chosen.rows, quantity);
  return {
    sku,
    unitAmount: row.unitAmount,
    compareAtAmount: row.compareAtAmount,
    priceBookId: chosen.book.id,
    tiers: chosen.tiers,
  };
}

function appliesTo(candidate: BookPrice, context: PricingContext, now: number): boolean {
  const { book } = candidate;
  return (
    book.currency === context.currency &&
    (book.channel === null || book.channel === context.channel) &&
    (book.customerGroup === null || book.customerGroup === context.customerGroup) &&
    candidate.validFrom <= now &&
    now < candidate.validTo
  );
}

// The tier with the largest minQuantity ≤ quantity. Below every tier the
// lowest tier applies: a book that prices a SKU always sells it, and the
// lowest tier is the base price the others discount from.
function tierFor(rows: readonly PriceRow[], quantity: number): PriceRow {
  for (let i = rows.length - 1; i > 0; i -= 1) {
    const row = rows[i];
    if (row !== undefined && row.minQuantity <= quantity) return row;
  }
  const lowest = rows[0];
  if (lowest === undefined) throw new Error('a BookPrice always has at least one row');
  return lowest;
}
