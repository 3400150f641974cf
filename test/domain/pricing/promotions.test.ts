import { describe, expect, it } from 'vitest';
import {
  priceBasket,
  validateCoupon,
  type PricingContext,
  type Promotion,
  type PromotionRedemptions,
} from '../../../src/domain/pricing';
import { catalog, context, promotion } from './fixtures';

// Two lines: 2 × 2500 + 1 × 5000 = 10000 before discounts.
const prices = catalog({ MUG: 2500, LAMP: 5000 });
const lines = [
  { sku: 'MUG', quantity: 2 },
  { sku: 'LAMP', quantity: 1 },
];
const tenPercent = (overrides: Partial<Promotion> = {}) =>
  promotion({ id: 'ten', kind: 'percent_off', value: 1000, ...overrides });

function discountWith(
  promo: Promotion,
  options: { ctx?: PricingContext; coupons?: string[]; redemptions?: Record<string, PromotionRedemptions> } = {},
): number {
  const basket = priceBasket({
    ...prices,
    lines,
    coupons: options.coupons ?? [],
    context: options.ctx ?? context(),
    promotions: [promo],
    ...(options.redemptions ? { redemptions: options.redemptions } : {}),
  });
  return basket.totals.discount;
}

describe('promotion eligibility', () => {
  it('applies an automatic promotion with no coupon', () => {
    expect(discountWith(tenPercent())).toBe(1000);
  });

  it('never applies an inactive promotion', () => {
    expect(discountWith(tenPercent({ active: false }))).toBe(0);
  });

  it.each([
    { now: '2025-05-31T23:59:59Z', applies: false },
    { now: '2025-06-01T00:00:00Z', applies: true },
    { now: '2025-06-30T23:59:59Z', applies: true },
    { now: '2025-07-01T00:00:00Z', applies: false },
  ])('applies from startsAt (inclusive) until endsAt (exclusive): at $now → $applies', ({ now, applies }) => {
    const june = tenPercent({ startsAt: '2025-06-01T00:00:00Z', endsAt: '2025-07-01T00:00:00Z' });
    expect(discountWith(june, { ctx: context({ now }) })).toBe(applies ? 1000 : 0);
  });

  it('reads a window changed on the same promotion object anew, not as first parsed', () => {
    const june = tenPercent({ startsAt: '2025-06-01T00:00:00Z', endsAt: '2025-07-01T00:00:00Z' });
    const at = context({ now: '2025-06-15T00:00:00Z' });
    expect(discountWith(june, { ctx: at })).toBe(1000);
    june.endsAt = '2025-06-10T00:00:00Z';
    expect(discountWith(june, { ctx: at })).toBe(0);
    june.startsAt = null;
    june.endsAt = null;
    expect(discountWith(june, { ctx: at })).toBe(1000);
  });

  it.each([
    { channel: 'app' as const, applies: true },
    { channel: 'kiosk' as const, applies: true },
    { channel: 'web' as const, applies: false },
    { channel: 'pos' as const, applies: false },
  ])('applies only on the listed channels: $channel → $applies', ({ channel, applies }) => {
    const appAndKiosk = tenPercent({ conditions: { channels: ['app', 'kiosk'] } });
    expect(discountWith(appAndKiosk, { ctx: context({ channel }) })).toBe(applies ? 1000 : 0);
  });

  it('reads an empty channel list as no restriction', () => {
    expect(discountWith(tenPercent({ conditions: { channels: [] } }), { ctx: context({ channel: 'pos' }) })).toBe(1000);
  });

  it.each([
    { group: 'vip', applies: true },
    { group: 'staff', applies: false },
    { group: null, applies: false },
  ])('applies only to the listed customer groups: $group → $applies', ({ group, applies }) => {
    const vipOnly = tenPercent({ conditions: { customerGroups: ['vip'] } });
    expect(discountWith(vipOnly, { ctx: context({ customerGroup: group }) })).toBe(applies ? 1000 : 0);
  });

  it.each([
    { minSubtotal: 10000, applies: true },
    { minSubtotal: 10001, applies: false },
  ])('needs the pre-discount subtotal (10000) to reach minSubtotal $minSubtotal', ({ minSubtotal, applies }) => {
    expect(discountWith(tenPercent({ conditions: { minSubtotal } }))).toBe(applies ? 1000 : 0);
  });

  it('measures minSubtotal before any discount, so an earlier promotion cannot disqualify it', () => {
    const first = promotion({ id: 'first', kind: 'amount_off', value: 3000, priority: 9 });
    const spendTenK = tenPercent({ conditions: { minSubtotal: 10000 } });
    const basket = priceBasket({ ...prices, lines, coupons: [], context: context(), promotions: [first, spendTenK] });
    expect(basket.appliedPromotions).toEqual([
      { id: 'first', name: 'first', amount: 3000 },
      { id: 'ten', name: 'ten', amount: 700 },
    ]);
  });

  it('applies a coupon promotion only when its code is on the basket, in any letter case', () => {
    const coupon = tenPercent({ code: 'SUMMER10' });
    expect(discountWith(coupon)).toBe(0);
    expect(discountWith(coupon, { coupons: ['OTHER'] })).toBe(0);
    expect(discountWith(coupon, { coupons: ['summer10'] })).toBe(1000);
  });

  it('stops applying once the usage limit or the per-customer limit is reached', () => {
    const limited = tenPercent({ usageLimit: 100, perCustomerLimit: 1 });
    expect(discountWith(limited, { redemptions: { ten: { total: 99, byCustomer: 0 } } })).toBe(1000);
    expect(discountWith(limited, { redemptions: { ten: { total: 100, byCustomer: 0 } } })).toBe(0);
    expect(discountWith(limited, { redemptions: { ten: { total: 5, byCustomer: 1 } } })).toBe(0);
    expect(discountWith(limited, { redemptions: { ten: { total: 5 } } })).toBe(1000);
  });
});

describe('coupon validation', () => {
  const now = '2025-06-01T12:00:00Z';
  const base = { kind: 'percent_off' as const, value: 1000 };
  const promotions: Promotion[] = [
    promotion({ ...base, id: 'ok', code: 'WELCOME' }),
    promotion({ ...base, id: 'off', code: 'PAUSED', active: false }),
    promotion({ ...base, id: 'soon', code: 'SOON', startsAt: '2025-06-02T00:00:00Z' }),
    promotion({ ...base, id: 'gone', code: 'GONE', endsAt: now }),
    promotion({ ...base, id: 'app', code: 'APPONLY', conditions: { channels: ['app'] } }),
    promotion({ ...base, id: 'vip', code: 'VIPONLY', conditions: { customerGroups: ['vip'] } }),
    promotion({ ...base, id: 'big', code: 'BIGSPEND', conditions: { minSubtotal: 20000 } }),
    promotion({ ...base, id: 'used', code: 'ONCE', usageLimit: 1 }),
  ];
  const input = { promotions, context: context({ now }), subtotal: 10000, redemptions: { used: { total: 1 } } };

  it.each([
    { code: 'NOPE', expected: { ok: false, reason: 'unknown' } },
    { code: 'PAUSED', expected: { ok: false, reason: 'inactive' } },
    { code: 'SOON', expected: { ok: false, reason: 'not_yet_valid' } },
    { code: 'GONE', expected: { ok: false, reason: 'expired' } },
    { code: 'APPONLY', expected: { ok: false, reason: 'wrong_channel' } },
    { code: 'VIPONLY', expected: { ok: false, reason: 'wrong_customer_group' } },
    { code: 'BIGSPEND', expected: { ok: false, reason: 'below_minimum_subtotal', minimumSubtotal: 20000 } },
    { code: 'ONCE', expected: { ok: false, reason: 'usage_limit_reached' } },
  ])('rejects $code with its reason', ({ code, expected }) => {
    expect(validateCoupon(code, input)).toEqual(expected);
  });

  it('accepts an eligible code in any letter case and names its promotion', () => {
    const check = validateCoupon('welcome', input);
    expect(check.ok && check.promotion.id).toBe('ok');
  });

  it('reports the first failed condition: inactive before expired before channel', () => {
    const messy = promotion({
      ...base,
      id: 'm',
      code: 'MESSY',
      active: false,
      endsAt: now,
      conditions: { channels: ['app'] },
    });
    expect(validateCoupon('MESSY', { ...input, promotions: [messy] })).toEqual({ ok: false, reason: 'inactive' });
  });

  it('lists each unusable coupon of a basket once, as the customer typed it, and no issue for good ones', () => {
    const basket = priceBasket({
      ...prices,
      lines,
      coupons: ['welcome', 'bigspend', 'BigSpend', 'nope'],
      context: context({ now }),
      promotions,
    });
    expect(basket.couponIssues).toEqual([
      { code: 'bigspend', reason: 'below_minimum_subtotal', minimumSubtotal: 20000 },
      { code: 'nope', reason: 'unknown' },
    ]);
    expect(basket.appliedPromotions.map((p) => p.id)).toEqual(['ok']);
  });
});
