import { byScoreThenSku, type BoughtTogether } from './pairs';

export const RECOMMENDATION_REASONS = ['viewed', 'bought_together'] as const;
export type RecommendationReason = (typeof RECOMMENDATION_REASONS)[number];

export interface ShopperSignals {
  /** SKUs the shopper viewed, newest first. */
  viewed: readonly string[];
  /** Every SKU the shopper bought, on any channel. */
  bought: readonly string[];
  /** The published partners of each bought SKU. */
  boughtTogether: ReadonlyMap<string, readonly BoughtTogether[]>;
  /** Whether a SKU may be offered (sold, and in stock where the shopper is). */
  isAvailable: (sku: string) => boolean;
  limit: number;
}

export interface Recommendation {
  sku: string;
  reason: RecommendationReason;
}

/**
 * What to show a shopper: what they viewed and did not buy (newest view
 * first), then what was bought together with what they bought; never
 * anything they bought, each SKU once, only available ones, `limit` at most.
 */
export function recommendForShopper(signals: ShopperSignals): Recommendation[] {
  const bought = new Set(signals.bought);
  const offered = (sku: string) => !bought.has(sku) && signals.isAvailable(sku);
  const viewed = [...new Set(signals.viewed)].filter(offered).map((sku) => ({ sku, reason: 'viewed' as const }));
  const seen = new Set(viewed.map((item) => item.sku));
  const together = partnersOfBought(signals)
    .filter((partner) => !seen.has(partner.sku) && offered(partner.sku))
    .map((partner) => ({ sku: partner.sku, reason: 'bought_together' as const }));
  return [...viewed, ...together].slice(0, Math.max(0, signals.limit));
}

/**
 * The partners of everything bought, each once, best first. A SKU bought
 * together with several of the shopper's purchases scores the sum of those
 * scores: it goes with more of what they have.
 */
export function partnersOfBought(signals: Pick<ShopperSignals, 'bought' | 'boughtTogether'>): BoughtTogether[] {
  const scores = new Map<string, number>();
  for (const sku of new Set(signals.bought)) {
    for (const partner of signals.boughtTogether.get(sku) ?? [])
      scores.set(partner.sku, (scores.get(partner.sku) ?? 0) + partner.score);
  }
  return [...scores].map(([sku, score]) => ({ sku, score })).sort(byScoreThenSku);
}
