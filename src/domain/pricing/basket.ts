import { parseInstant } from './instant';
import { isPositiveInteger, sumOf } from './money';
import { buildPriceIndex, type PriceIndex } from './price-index';
import { couponIssuesFor, eligiblePromotions, type EligibilityFacts } from './promotions';
import { selectPriceAt } from './select';
import { bestPromotions, type PromotionApplication } from './stacking';
import type {
  AppliedPromotion,
  BasketLineInput,
  PriceBook,
  PricedBasket,
  PricedLine,
  PriceRow,
  PricingContext,
  Promotion,
  PromotionRedemptions,
  SelectedPrice,
} from './types';

/** Either an index built once per catalog, or the raw rows (indexed per call). */
export type PriceSource =
  { priceIndex: PriceIndex } | { priceBooks: readonly PriceBook[]; prices: readonly PriceRow[] };

export type PriceBasketInput = PriceSource & {
  lines: readonly BasketLineInput[];
  coupons: readonly string[];
  context: PricingContext;
  promotions: readonly Promotion[];
  /** Redemption counts by promotion id; limits are only enforced for promotions listed here. */
  redemptions?: Readonly<Record<string, PromotionRedemptions>>;
};

/**
 * Prices a basket: each line at its selected price and tier, then the best
 * combination of eligible promotions, allocated to lines. Lines with the
 * same SKU are merged (their quantities summed) before pricing, so tiers
 * see the whole quantity. SKUs without a price are listed in `unpriced`
 * and left out of the lines and totals.
 */
export function priceBasket(input: PriceBasketInput): PricedBasket {
  const { context, coupons, promotions } = input;
  const now = parseInstant(context.now);
  const index = 'priceIndex' in input ? input.priceIndex : buildPriceIndex(input.priceBooks, input.prices);
  const { priced, unpriced } = priceEachLine(mergeLines(input.lines), index, context, now);
  const lineSubtotals = priced.map((line) => line.price.unitAmount * line.quantity);
  const subtotal = sumOf(lineSubtotals);
  const facts: EligibilityFacts = { context, now, subtotal };
  if (input.redemptions !== undefined) facts.redemptions = input.redemptions;
  const applications = bestPromotions(eligiblePromotions(promotions, coupons, facts), priced, lineSubtotals);
  const lineDiscounts = discountsByLine(applications, priced.length);
  const discount = sumOf(lineDiscounts);
  return {
    currency: context.currency,
    channel: context.channel,
    lines: priced.map((line, index) => toPricedLine(line, lineSubtotals[index] ?? 0, lineDiscounts[index] ?? 0)),
    unpriced,
    totals: { subtotal, discount, total: subtotal - discount },
    appliedPromotions: applications.map(({ promotion, amount }): AppliedPromotion => ({
      id: promotion.id,
      name: promotion.name,
      amount,
    })),
    couponIssues: couponIssuesFor(coupons, promotions, facts),
  };
}

interface PricedQuantity {
  sku: string;
  quantity: number;
  price: SelectedPrice;
}

function priceEachLine(
  lines: readonly BasketLineInput[],
  index: PriceIndex,
  context: PricingContext,
  now: number,
): { priced: PricedQuantity[]; unpriced: string[] } {
  const priced: PricedQuantity[] = [];
  const unpriced: string[] = [];
  for (const { sku, quantity } of lines) {
    const price = selectPriceAt(index, sku, quantity, context, now);
    if (price === null) unpriced.push(sku);
    else priced.push({ sku, quantity, price });
  }
  return { priced, unpriced };
}

function mergeLines(lines: readonly BasketLineInput[]): BasketLineInput[] {
  const quantities = new Map<string, number>();
  for (const { sku, quantity } of lines) {
    if (!isPositiveInteger(quantity))
      throw new RangeError(`quantity of ${sku} must be a positive integer: ${quantity}`);
    quantities.set(sku, (quantities.get(sku) ?? 0) + quantity);
  }
  return [...quantities].map(([sku, quantity]) => ({ sku, quantity }));
}

function discountsByLine(applications: readonly PromotionApplication[], lineCount: number): number[] {
  const discounts = new Array<number>(lineCount).fill(0);
  for (const { perLine } of applications) {
    perLine.forEach((amount, index) => {
      discounts[index] = (discounts[index] ?? 0) + amount;
    });
  }
  return discounts;
}

function toPricedLine({ sku, quantity, price }: PricedQuantity, lineSubtotal: number, discount: number): PricedLine {
  return {
    sku,
    quantity,
    unitAmount: price.unitAmount,
    compareAtAmount: price.compareAtAmount,
    priceBookId: price.priceBookId,
    lineSubtotal,
    discount,
    lineTotal: lineSubtotal - discount,
  };
}
