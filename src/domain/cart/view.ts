import type { AppliedPromotion, BasketTotals, Channel, CouponIssue, PricedBasket } from '../pricing';
import type { CartState, Fulfillment } from './cart';

export interface CartViewLine {
  sku: string;
  title: string;
  quantity: number;
  /** null when no price book prices this SKU for the shopper (the cart cannot be checked out). */
  unitAmount: number | null;
  lineSubtotal: number;
  discount: number;
  lineTotal: number;
  /** Units available for the chosen fulfilment (the store for pickup, the ship-from network otherwise). */
  available: number;
  addedAt: string;
}

/** The cart as every channel sees it (API.md `Cart`). */
export interface CartView {
  id: string;
  version: number;
  currency: string;
  channel: Channel;
  lines: CartViewLine[];
  coupons: string[];
  couponIssues: CouponIssue[];
  fulfillment: { type: Fulfillment['type']; locationId?: string };
  appliedPromotions: AppliedPromotion[];
  totals: BasketTotals;
  updatedAt: string;
}

export interface CartFacts {
  titles: ReadonlyMap<string, string>;
  available: ReadonlyMap<string, number>;
}

/** Joins a cart's lines with their prices, titles and availability, in the order they were added. */
export function buildCartView(state: CartState, basket: PricedBasket, facts: CartFacts): CartView {
  const priced = new Map(basket.lines.map((line) => [line.sku, line]));
  return {
    id: state.id,
    version: state.version,
    currency: state.currency,
    channel: basket.channel,
    lines: state.lines.map((line) => {
      const price = priced.get(line.sku);
      return {
        sku: line.sku,
        title: facts.titles.get(line.sku) ?? line.sku,
        quantity: line.quantity,
        unitAmount: price?.unitAmount ?? null,
        lineSubtotal: price?.lineSubtotal ?? 0,
        discount: price?.discount ?? 0,
        lineTotal: price?.lineTotal ?? 0,
        available: facts.available.get(line.sku) ?? 0,
        addedAt: line.addedAt,
      };
    }),
    coupons: state.coupons,
    couponIssues: basket.couponIssues,
    fulfillment: state.fulfillment.locationId
      ? { type: state.fulfillment.type, locationId: state.fulfillment.locationId }
      : { type: state.fulfillment.type },
    appliedPromotions: basket.appliedPromotions,
    totals: basket.totals,
    updatedAt: state.updatedAt,
  };
}
