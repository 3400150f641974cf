import type { PromotionLimitReached } from '../db/orders';
import { ApiError } from '../lib/errors';

/** An order refused because a promotion it used reached its usage limit meanwhile, as the caller is told. */
export function promotionLimitConflict(error: PromotionLimitReached): ApiError {
  const { name, code } = error.promotion;
  return new ApiError('conflict', `${code ? `Coupon ${code}` : `Promotion "${name}"`} has reached its usage limit.`, {
    extensions: { promotion: error.promotion },
  });
}
