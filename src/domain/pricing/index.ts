export { allocateProRata } from './allocate';
export { priceBasket, type PriceBasketInput, type PriceSource } from './basket';
export { buildPriceIndex, type PriceIndex } from './price-index';
export { validateCoupon, type CouponCheckInput } from './promotions';
export { selectPrice, selectPrices } from './select';
export { CHANNELS, COUPON_REJECTION_REASONS, PROMOTION_KINDS, PROMOTION_SCOPES } from './types';
export { DEFAULT_CURRENCY, MAX_ORDER_AMOUNT, MAX_UNIT_AMOUNT } from './money';
export type {
  AppliedPromotion,
  BasketLineInput,
  BasketTotals,
  Channel,
  CouponCheck,
  CouponIssue,
  CouponRejection,
  CouponRejectionReason,
  PriceBook,
  PricedBasket,
  PricedLine,
  PriceList,
  PriceRow,
  PriceTier,
  PricingContext,
  Promotion,
  PromotionConditions,
  PromotionKind,
  PromotionRedemptions,
  PromotionScope,
  PromotionTarget,
  SelectedPrice,
} from './types';
