import { type DiscountableLine, discountPerLine, targetIndices } from './discounts';
import type { Promotion } from './types';

export interface PromotionApplication {
  promotion: Promotion;
  /** Discount per basket line, same order as the lines. */
  perLine: number[];
  amount: number;
}

/**
 * The promotions the customer gets, chosen among the eligible ones (given
 * in application order): either every non-exclusive one stacked, or a
 * single exclusive one alone, whichever discounts the most in total. Ties
 * go to the stack, then to the exclusive promotion that applies first.
 * Promotions that end up discounting nothing are left out.
 */
export function bestPromotions(
  eligible: readonly Promotion[],
  lines: readonly DiscountableLine[],
  lineSubtotals: readonly number[],
): PromotionApplication[] {
  let best = applyInSequence(
    eligible.filter((promotion) => !promotion.exclusive),
    lines,
    lineSubtotals,
  );
  let bestAmount = totalOf(best);
  for (const promotion of eligible) {
    if (!promotion.exclusive) continue;
    const alone = applyInSequence([promotion], lines, lineSubtotals);
    const amount = totalOf(alone);
    if (amount > bestAmount) {
      best = alone;
      bestAmount = amount;
    }
  }
  return best.filter((application) => application.amount > 0);
}

// Each promotion sees what the earlier ones left, so stacked discounts
// compound rather than add, and no line can be discounted below zero.
function applyInSequence(
  promotions: readonly Promotion[],
  lines: readonly DiscountableLine[],
  lineSubtotals: readonly number[],
): PromotionApplication[] {
  const remaining = [...lineSubtotals];
  return promotions.map((promotion) => {
    const perLine = discountPerLine(promotion, lines, remaining, targetIndices(promotion, lines));
    let amount = 0;
    perLine.forEach((discount, index) => {
      remaining[index] = (remaining[index] ?? 0) - discount;
      amount += discount;
    });
    return { promotion, perLine, amount };
  });
}

function totalOf(applications: readonly PromotionApplication[]): number {
  return applications.reduce((sum, application) => sum + application.amount, 0);
}
