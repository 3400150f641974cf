// Integer arithmetic on minor units. Products of amounts can pass 2^53 on
// large baskets, so those fall back to BigInt instead of losing cents.

/** The currency a new cart is priced in until the shopper picks another. */
export const DEFAULT_CURRENCY = 'USD';

export const FULL_BASIS_POINTS = 10_000;

/** amount × basisPoints / 10000, rounded half up; amount and basisPoints are non-negative integers. */
export function applyBasisPoints(amount: number, basisPoints: number): number {
  return divideRoundingHalfUp(amount, basisPoints, FULL_BASIS_POINTS);
}

/** Non-negative a × b / divisor, rounded half up, exact for any safe integers. */
export function divideRoundingHalfUp(a: number, b: number, divisor: number): number {
  const product = a * b;
  if (Number.isSafeInteger(product + divisor)) {
    return floorDivide(product + Math.floor(divisor / 2), divisor);
  }
  const big = BigInt(a) * BigInt(b) + BigInt(Math.floor(divisor / 2));
  return Number(big / BigInt(divisor));
}

/** floor(n / d) for safe non-negative integers, without float rounding. */
export function floorDivide(n: number, d: number): number {
  return (n - (n % d)) / d;
}

export function isNonNegativeInteger(value: number): boolean {
  return Number.isSafeInteger(value) && value >= 0;
}

export function isPositiveInteger(value: number): boolean {
  return Number.isSafeInteger(value) && value > 0;
}

export function sumOf(values: readonly number[]): number {
  let total = 0;
  for (const value of values) total += value;
  return total;
}

/**
 * The highest unit price a price book takes, in minor units: 1,000,000.00 in a
 * two-decimal currency. With a cart's limits (200 lines × 999 units) it bounds
 * every amount an order can carry, see MAX_ORDER_AMOUNT.
 */
export const MAX_UNIT_AMOUNT = 100_000_000;

/** A cart's line and unit limits (domain/cart), repeated here so pricing needs no cart. */
const MAX_LINES = 200;
const MAX_UNITS_PER_LINE = 999;

/**
 * The largest subtotal or total an order can reach: 1.998 × 10^13 minor units,
 * below Number.MAX_SAFE_INTEGER (9 × 10^15) and far below a bigint column's 2^63.
 */
export const MAX_ORDER_AMOUNT = MAX_LINES * MAX_UNITS_PER_LINE * MAX_UNIT_AMOUNT;
