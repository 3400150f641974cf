// Plain data shapes of the pricing engine. Money is integer minor units of
// the context's currency; instants are ISO 8601 strings.

import type { Channel } from '../channels';

export { CHANNELS, type Channel } from '../channels';

export interface PriceBook {
  id: string;
  currency: string;
  /** null: any channel. */
  channel: Channel | null;
  /** null: any customer group. */
  customerGroup: string | null;
  priority: number;
  validFrom: string | null;
  validTo: string | null;
}

export interface PriceRow {
  priceBookId: string;
  sku: string;
  unitAmount: number;
  minQuantity: number;
  compareAtAmount: number | null;
}

export const PROMOTION_KINDS = ['percent_off', 'amount_off', 'buy_x_get_y'] as const;
export type PromotionKind = (typeof PROMOTION_KINDS)[number];

/** A promotion discounts the whole order, or only the SKUs it lists. */
export const PROMOTION_SCOPES = ['order', 'skus'] as const;
export type PromotionScope = (typeof PROMOTION_SCOPES)[number];

export interface PromotionTarget {
  scope: PromotionScope;
  skus?: string[];
}

export interface PromotionConditions {
  minSubtotal?: number;
  channels?: Channel[];
  customerGroups?: string[];
}

export interface Promotion {
  id: string;
  name: string;
  kind: PromotionKind;
  /** percent_off and buy_x_get_y: basis points; amount_off: minor units. */
  value: number;
  target: PromotionTarget;
  buyQuantity: number | null;
  getQuantity: number | null;
  code: string | null;
  usageLimit: number | null;
  perCustomerLimit: number | null;
  conditions: PromotionConditions;
  startsAt: string | null;
  endsAt: string | null;
  priority: number;
  exclusive: boolean;
  /** Absent means active. */
  active?: boolean;
}

/** How often a promotion has been redeemed so far (from the orders store). */
export interface PromotionRedemptions {
  total: number;
  /** Redemptions by the customer being priced; absent for guests. */
  byCustomer?: number;
}

export interface PricingContext {
  currency: string;
  channel: Channel;
  customerGroup: string | null;
  now: string;
}

export interface BasketLineInput {
  sku: string;
  quantity: number;
}

export interface PriceTier {
  minQuantity: number;
  unitAmount: number;
}

export interface SelectedPrice {
  sku: string;
  unitAmount: number;
  compareAtAmount: number | null;
  priceBookId: string;
  /** Every tier of the chosen book, ascending by minQuantity. */
  tiers: readonly PriceTier[];
}

export interface PriceList {
  prices: SelectedPrice[];
  unpriced: string[];
}

/** Why a coupon does not apply to a basket. */
export const COUPON_REJECTION_REASONS = [
  'unknown',
  'inactive',
  'not_yet_valid',
  'expired',
  'wrong_channel',
  'wrong_customer_group',
  'usage_limit_reached',
  'below_minimum_subtotal',
] as const;
export type CouponRejectionReason = (typeof COUPON_REJECTION_REASONS)[number];

export type CouponRejection =
  | { reason: Exclude<CouponRejectionReason, 'below_minimum_subtotal'> }
  | { reason: 'below_minimum_subtotal'; minimumSubtotal: number };

export type CouponIssue = { code: string } & CouponRejection;

export type CouponCheck = { ok: true; promotion: Promotion } | ({ ok: false } & CouponRejection);

export interface PricedLine {
  sku: string;
  quantity: number;
  unitAmount: number;
  compareAtAmount: number | null;
  priceBookId: string;
  lineSubtotal: number;
  discount: number;
  lineTotal: number;
}

export interface BasketTotals {
  subtotal: number;
  discount: number;
  total: number;
}

export interface AppliedPromotion {
  id: string;
  name: string;
  amount: number;
}

export interface PricedBasket {
  currency: string;
  channel: Channel;
  lines: PricedLine[];
  unpriced: string[];
  totals: BasketTotals;
  appliedPromotions: AppliedPromotion[];
  couponIssues: CouponIssue[];
}
