/** A SKU bought together with another: `score` is the number of orders that held both. */
export interface BoughtTogether {
  sku: string;
  score: number;
}

/**
 * At most this many distinct SKUs of one order are paired: 50 make 1,225
 * pairs, where a 200-line order would make 19,900 upserts in the order's own
 * statement. A basket that large is a restock or a bulk buy, which says little
 * about what goes with what; its first 50 SKUs, in line order, still count.
 */
export const PAIRED_SKUS_PER_ORDER = 50;

/** How many partners of each SKU are published: enough for the largest `limit` a reader may ask. */
export const BOUGHT_TOGETHER_KEPT = 50;

/** The SKUs of an order that are paired with each other: distinct, in line order, at most PAIRED_SKUS_PER_ORDER. */
export function pairedSkus(lines: readonly { sku: string }[]): string[] {
  return [...new Set(lines.map((line) => line.sku))].slice(0, PAIRED_SKUS_PER_ORDER);
}

/** Highest score first, then SKU: the one order every list of partners is shown in. */
export const byScoreThenSku = (a: BoughtTogether, b: BoughtTogether) =>
  b.score - a.score || (a.sku < b.sku ? -1 : a.sku > b.sku ? 1 : 0);

/** What is shown as bought together with `sku`: listed partners only, never `sku` itself, best first, `limit` of them. */
export function boughtTogetherWith(
  sku: string,
  partners: readonly BoughtTogether[],
  isListed: (sku: string) => boolean,
  limit: number,
): BoughtTogether[] {
  return partners
    .filter((partner) => partner.sku !== sku && isListed(partner.sku))
    .sort(byScoreThenSku)
    .slice(0, limit);
}
