import type { BoughtTogether } from '../domain/recommendations';
import { VERSION_TRUSTED_FOR_MS } from './published-version';

/**
 * "Bought together" in the edge read model: one key per SKU holding its best
 * partners, `[{ sku, score }]` best first (BOUGHT_TOGETHER_KEPT of them, about
 * 2 KB), written by the recommendations publish after an order and read by
 * the recommendation routes, which never touch Postgres.
 */
const partnersKey = (sku: string) => `bought-together:${sku}`;
const KV_BULK_GET_LIMIT = 100;
// Bounds the memo when callers ask for many SKUs.
const MEMO_LIMIT = 20_000;

interface Remembered {
  partners: BoughtTogether[];
  readAt: number;
}

// Per isolate. A list is trusted as long as a read model version is
// (VERSION_TRUSTED_FOR_MS): one KV get per request was the largest cost of a hot path.
const memo = new Map<string, Remembered>();
// Moved by every local publish: a read that overlapped one does not memoize what it read.
let publishes = 0;

export class RecommendationsReadModel {
  constructor(private readonly kv: KVNamespace) {}

  /** Each SKU's published partners; a SKU never published has none. */
  async partnersOf(skus: readonly string[]): Promise<Map<string, BoughtTogether[]>> {
    const now = Date.now();
    const found = new Map<string, BoughtTogether[]>();
    const unknown: string[] = [];
    for (const sku of new Set(skus)) {
      const remembered = memo.get(sku);
      if (remembered && now - remembered.readAt < VERSION_TRUSTED_FOR_MS) found.set(sku, remembered.partners);
      else unknown.push(sku);
    }
    if (unknown.length === 0) return found;
    const before = publishes;
    const fetched = await this.fetch(unknown);
    for (const sku of unknown) {
      const partners = fetched.get(sku) ?? [];
      found.set(sku, partners);
      if (publishes === before) remember(sku, partners, now);
    }
    return found;
  }

  async partners(sku: string): Promise<BoughtTogether[]> {
    return (await this.partnersOf([sku])).get(sku) ?? [];
  }

  /** Writes each SKU's list whole; this isolate reads it at once, others within the trusted window. */
  async publish(lists: ReadonlyMap<string, readonly BoughtTogether[]>): Promise<void> {
    publishes += 1;
    await Promise.all([...lists].map(([sku, partners]) => this.kv.put(partnersKey(sku), JSON.stringify(partners))));
    const now = Date.now();
    for (const [sku, partners] of lists) remember(sku, [...partners], now);
  }

  private async fetch(skus: readonly string[]): Promise<Map<string, BoughtTogether[]>> {
    const chunks: string[][] = [];
    for (let i = 0; i < skus.length; i += KV_BULK_GET_LIMIT) chunks.push(skus.slice(i, i + KV_BULK_GET_LIMIT));
    const results = await Promise.all(
      chunks.map((chunk) => this.kv.get<BoughtTogether[]>(chunk.map(partnersKey), 'json')),
    );
    const found = new Map<string, BoughtTogether[]>();
    for (const [i, chunk] of chunks.entries()) {
      for (const sku of chunk) {
        const partners = results[i]?.get(partnersKey(sku));
        if (partners) found.set(sku, partners);
      }
    }
    return found;
  }
}

function remember(sku: string, partners: BoughtTogether[], readAt: number): void {
  if (memo.size >= MEMO_LIMIT) memo.clear();
  memo.set(sku, { partners, readAt });
}
