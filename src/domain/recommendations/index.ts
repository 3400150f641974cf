export {
  BOUGHT_TOGETHER_KEPT,
  boughtTogetherWith,
  byScoreThenSku,
  PAIRED_SKUS_PER_ORDER,
  pairedSkus,
  type BoughtTogether,
} from './pairs';
export {
  partnersOfBought,
  RECOMMENDATION_REASONS,
  recommendForShopper,
  type Recommendation,
  type RecommendationReason,
  type ShopperSignals,
} from './shopper';
