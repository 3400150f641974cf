import type { CartState } from '../cart';
import type { BasketTotals, PricedBasket } from '../pricing';

export const PAYMENT_METHODS = ['card', 'pay_in_store', 'test'] as const;
export type CheckoutPaymentMethod = (typeof PAYMENT_METHODS)[number];

export interface OrderLineDraft {
  sku: string;
  quantity: number;
  unitAmount: number;
  discount: number;
  lineTotal: number;
}

/** What the shopper pays, line by line, however it was priced (now, or by a quote). */
export interface PricedOrder {
  currency: string;
  lines: OrderLineDraft[];
  totals: BasketTotals;
  /** Promotions applied; their usage limits are enforced when the order is written. */
  promotionIds: string[];
}

/** Why a cart cannot be checked out as asked, or null when it can. */
export function checkoutProblem(
  cart: CartState,
  request: { method: CheckoutPaymentMethod; hasShippingAddress: boolean },
): string | null {
  if (cart.lines.length === 0) return 'The cart is empty.';
  const { type, locationId } = cart.fulfillment;
  if (type === 'ship' && !request.hasShippingAddress) return 'A shipping address is needed to ship the order.';
  if (type !== 'ship' && locationId === null) return `Choose a store for ${type} first.`;
  if (request.method === 'pay_in_store' && type === 'ship')
    return 'Pay in store is only for pickup and curbside orders.';
  return null;
}

/** The cart's SKUs the catalog no longer sells (retired, or gone), in cart order. */
export function inactiveSkus(cart: CartState, products: ReadonlyMap<string, { active: boolean }>): string[] {
  return cart.lines.filter((line) => products.get(line.sku)?.active !== true).map((line) => line.sku);
}

export function pricedOrderFromBasket(basket: PricedBasket): PricedOrder {
  return {
    currency: basket.currency,
    lines: basket.lines.map(({ sku, quantity, unitAmount, discount, lineTotal }) => ({
      sku,
      quantity,
      unitAmount,
      discount,
      lineTotal,
    })),
    totals: basket.totals,
    promotionIds: basket.appliedPromotions.map((promotion) => promotion.id),
  };
}

export function pricedOrderFromQuote(quote: {
  currency: string;
  lines: readonly { sku: string; quantity: number; unitAmount: number; discount: number }[];
  totals: BasketTotals;
  promotions: readonly string[];
}): PricedOrder {
  return {
    currency: quote.currency,
    lines: quote.lines.map((line) => ({ ...line, lineTotal: line.unitAmount * line.quantity - line.discount })),
    totals: quote.totals,
    promotionIds: [...quote.promotions],
  };
}

/** Stable ids for one checkout's holds: a retried checkout asks for the same holds, not new ones. */
export function holdIdFor(checkoutId: string, sku: string): string {
  return `${checkoutId}:${sku}`;
}
