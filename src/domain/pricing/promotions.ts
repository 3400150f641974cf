import { openEnd, openStart, parseInstant } from './instant';
import { compareIds } from './price-index';
import type {
  CouponCheck,
  CouponIssue,
  CouponRejection,
  PricingContext,
  Promotion,
  PromotionRedemptions,
} from './types';

/** What eligibility depends on besides the promotion itself. */
export interface EligibilityFacts {
  context: PricingContext;
  /** context.now in epoch milliseconds. */
  now: number;
  /** Pre-discount subtotal of the basket's priced lines. */
  subtotal: number;
  redemptions?: Readonly<Record<string, PromotionRedemptions>>;
}

export interface CouponCheckInput {
  promotions: readonly Promotion[];
  context: PricingContext;
  subtotal: number;
  redemptions?: Readonly<Record<string, PromotionRedemptions>>;
}

/** Coupon codes match case-insensitively. */
export function normalizeCode(code: string): string {
  return code.toLowerCase();
}

/** Higher priority first, then id: the order in which stacked promotions apply. */
export function byApplicationOrder(a: Promotion, b: Promotion): number {
  return a.priority !== b.priority ? b.priority - a.priority : compareIds(a.id, b.id);
}

interface ParsedWindow {
  startsAt: string | null;
  endsAt: string | null;
  start: number;
  end: number;
}

// Every basket priced under one snapshot checks every promotion's window, so a
// window is parsed once per promotion, not once per basket (again if it changes).
const windows = new WeakMap<Promotion, ParsedWindow>();

function windowOf(promotion: Promotion): ParsedWindow {
  const { startsAt, endsAt } = promotion;
  const known = windows.get(promotion);
  if (known && known.startsAt === startsAt && known.endsAt === endsAt) return known;
  const parsed = { startsAt, endsAt, start: openStart(startsAt), end: openEnd(endsAt) };
  windows.set(promotion, parsed);
  return parsed;
}

/**
 * Why a promotion cannot apply, or null if it can (its coupon aside). The
 * first failed check is reported, in the order below.
 */
export function rejectionOf(promotion: Promotion, facts: EligibilityFacts): CouponRejection | null {
  const { context, now, subtotal } = facts;
  const { channels, customerGroups, minSubtotal } = promotion.conditions;
  if (promotion.active === false) return { reason: 'inactive' };
  const window = windowOf(promotion);
  if (now < window.start) return { reason: 'not_yet_valid' };
  if (now >= window.end) return { reason: 'expired' };
  // An empty list is read as "no restriction", like an absent one.
  if (channels !== undefined && channels.length > 0 && !channels.includes(context.channel)) {
    return { reason: 'wrong_channel' };
  }
  if (customerGroups !== undefined && customerGroups.length > 0) {
    const group = context.customerGroup;
    if (group === null || !customerGroups.includes(group)) return { reason: 'wrong_customer_group' };
  }
  if (isUsedUp(promotion, facts.redemptions?.[promotion.id])) return { reason: 'usage_limit_reached' };
  if (minSubtotal !== undefined && subtotal < minSubtotal) {
    return { reason: 'below_minimum_subtotal', minimumSubtotal: minSubtotal };
  }
  return null;
}

function isUsedUp(promotion: Promotion, redemptions: PromotionRedemptions | undefined): boolean {
  if (redemptions === undefined) return false;
  const { usageLimit, perCustomerLimit } = promotion;
  if (usageLimit !== null && redemptions.total >= usageLimit) return true;
  const byCustomer = redemptions.byCustomer;
  return perCustomerLimit !== null && byCustomer !== undefined && byCustomer >= perCustomerLimit;
}

/**
 * Promotions that apply to the basket, in application order: automatic
 * ones that pass every condition, and coupon ones whose code is among
 * `coupons` and that pass every condition.
 */
export function eligiblePromotions(
  promotions: readonly Promotion[],
  coupons: readonly string[],
  facts: EligibilityFacts,
): Promotion[] {
  const codes = new Set(coupons.map(normalizeCode));
  return promotions
    .filter((promotion) => promotion.code === null || codes.has(normalizeCode(promotion.code)))
    .filter((promotion) => rejectionOf(promotion, facts) === null)
    .sort(byApplicationOrder);
}

/**
 * Whether `code` can be applied to a cart. Codes are meant to be unique;
 * if several promotions share one, the coupon is ok when any of them is
 * eligible, else the highest-priority one's reason is reported.
 */
export function validateCoupon(code: string, input: CouponCheckInput): CouponCheck {
  const { promotions, context, subtotal, redemptions } = input;
  const facts: EligibilityFacts = { context, now: parseInstant(context.now), subtotal };
  if (redemptions !== undefined) facts.redemptions = redemptions;
  return checkCoupon(code, promotions, facts);
}

function checkCoupon(code: string, promotions: readonly Promotion[], facts: EligibilityFacts): CouponCheck {
  const wanted = normalizeCode(code);
  const matching = promotions
    .filter((promotion) => promotion.code !== null && normalizeCode(promotion.code) === wanted)
    .sort(byApplicationOrder);
  let firstRejection: CouponRejection | null = null;
  for (const promotion of matching) {
    const rejection = rejectionOf(promotion, facts);
    if (rejection === null) return { ok: true, promotion };
    firstRejection ??= rejection;
  }
  return { ok: false, ...(firstRejection ?? { reason: 'unknown' }) };
}

/** One issue per distinct (case-insensitive) coupon that cannot apply, in the order given. */
export function couponIssuesFor(
  coupons: readonly string[],
  promotions: readonly Promotion[],
  facts: EligibilityFacts,
): CouponIssue[] {
  const issues: CouponIssue[] = [];
  const seen = new Set<string>();
  for (const code of coupons) {
    const normalized = normalizeCode(code);
    if (seen.has(normalized)) continue;
    seen.add(normalized);
    const check = checkCoupon(code, promotions, facts);
    if (!check.ok) issues.push(toIssue(code, check));
  }
  return issues;
}

function toIssue(code: string, rejection: CouponRejection): CouponIssue {
  return rejection.reason === 'below_minimum_subtotal'
    ? { code, reason: rejection.reason, minimumSubtotal: rejection.minimumSubtotal }
    : { code, reason: rejection.reason };
}
