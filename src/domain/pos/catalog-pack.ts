import type { Channel } from '../channels';
import type { PriceIndex, Promotion } from '../pricing';
import { openEnd } from '../pricing/instant';
import { byPrecedence, type BookPrice } from '../pricing/price-index';
import { byApplicationOrder } from '../pricing/promotions';

// The till's offline catalog: everything it needs to price and sell at its
// store while it cannot reach the server, built from the pricing engine's own
// data so the till can select a price exactly as the engine does.

const POS: Channel = 'pos';

/** An active product as a till holds it in memory. */
export interface PackProduct {
  sku: string;
  title: string;
}

export interface PackTier {
  minQuantity: number;
  unitAmount: number;
  compareAtAmount: number | null;
}

/**
 * One price book that can apply on channel pos, with its tiers per SKU.
 *
 * Grouped per book, not per SKU, because that is how the engine decides: a
 * book's precedence, window, channel and customer group are the same for
 * every SKU it prices, so they are sent once per book instead of once per
 * price, and a till picks a SKU's price by walking the books in the order
 * sent and taking the first whose group and window admit the sale and that
 * prices the SKU (see select.ts). A per-SKU "current price" would be wrong
 * the moment a book started or ended while the till is offline, or for a
 * customer of another group.
 */
export interface PackPriceBook {
  priceBookId: string;
  /** null: any channel (the book applies on pos too); 'pos': only at the till. */
  channel: Channel | null;
  /** null: any customer; else only customers of this group. */
  customerGroup: string | null;
  priority: number;
  validFrom: string | null;
  validTo: string | null;
  /** Per active SKU the book prices: its tiers ascending by minQuantity, never empty. */
  tiers: Record<string, PackTier[]>;
}

/** A live promotion as the engine holds it (every one in a pack is active). */
export type PackPromotion = Omit<Promotion, 'active'>;

/** The pack without what differs per till: one is built per catalog, pricing version and currency. */
export interface CatalogPackContent {
  currency: string;
  products: PackProduct[];
  /** In precedence order: the first book that admits the sale and prices the SKU wins. */
  prices: PackPriceBook[];
  /** In application order (priority, then id). */
  promotions: PackPromotion[];
}

/** What the built content depends on besides the clock. */
export interface CatalogPackSources {
  catalogVersion: string | null;
  pricingVersion: string | null;
  currency: string;
}

export interface BuiltCatalogPack {
  sources: CatalogPackSources;
  content: CatalogPackContent;
  /**
   * The content leaves out books and promotions that have ended, so it
   * changes only when `now` passes one of their ends: it holds from the
   * last end passed (`since`) until the next (`until`), epoch ms.
   */
  since: number;
  until: number;
}

export interface CatalogPack extends CatalogPackContent {
  /** Changes exactly when the pack's content can: sent as the ETag. */
  version: string;
  locationId: string;
}

export interface CatalogPackInput {
  sources: CatalogPackSources;
  products: readonly PackProduct[];
  priceIndex: PriceIndex;
  promotions: readonly Promotion[];
  /** Epoch milliseconds. */
  now: number;
}

/** Builds the pack's content at `now`: active products, their pos prices in the currency, live pos promotions. */
export function buildCatalogPack(input: CatalogPackInput): BuiltCatalogPack {
  const { sources, products, now } = input;
  const ends = new EndsAround(now);
  const books = new Map<string, { candidate: BookPrice; tiers: Record<string, PackTier[]> }>();
  for (const { sku } of products) {
    for (const candidate of input.priceIndex.candidatesBySku.get(sku) ?? []) {
      if (!sellsAtTill(candidate, sources.currency)) continue;
      if (ends.hasPassed(candidate.validTo)) continue;
      let book = books.get(candidate.book.id);
      if (book === undefined) books.set(candidate.book.id, (book = { candidate, tiers: {} }));
      book.tiers[sku] = candidate.rows.map(({ minQuantity, unitAmount, compareAtAmount }) => ({
        minQuantity,
        unitAmount,
        compareAtAmount,
      }));
    }
  }
  const prices = [...books.values()]
    .sort((a, b) => byPrecedence(a.candidate, b.candidate))
    .map(({ candidate: { book }, tiers }) => ({
      priceBookId: book.id,
      channel: book.channel,
      customerGroup: book.customerGroup,
      priority: book.priority,
      validFrom: book.validFrom,
      validTo: book.validTo,
      tiers,
    }));
  const promotions = input.promotions
    .filter((promotion) => appliesAtTill(promotion) && !ends.hasPassed(openEnd(promotion.endsAt)))
    .sort(byApplicationOrder)
    .map(withoutActive);
  const content = {
    currency: sources.currency,
    products: products.map(({ sku, title }) => ({ sku, title })),
    prices,
    promotions,
  };
  return { sources, content, since: ends.since, until: ends.until };
}

/** Whether a built pack still holds at `now` (no book or promotion in it has ended since). */
export function isCurrentAt(built: BuiltCatalogPack, now: number): boolean {
  return built.since <= now && now < built.until;
}

/** The pack as one till receives it, with its version. */
export function catalogPackFor(built: BuiltCatalogPack, locationId: string): CatalogPack {
  const { catalogVersion, pricingVersion, currency } = built.sources;
  const version = versionHash([catalogVersion ?? '', pricingVersion ?? '', currency, locationId, String(built.since)]);
  return { version, locationId, ...built.content };
}

function sellsAtTill({ book }: BookPrice, currency: string): boolean {
  return book.currency === currency && (book.channel === null || book.channel === POS);
}

// As the engine reads conditions: an empty channel list is no restriction.
function appliesAtTill(promotion: Promotion): boolean {
  const { channels } = promotion.conditions;
  return promotion.active !== false && (channels === undefined || channels.length === 0 || channels.includes(POS));
}

function withoutActive({ active: _active, ...promotion }: Promotion): PackPromotion {
  return promotion;
}

/** Tracks the ends seen around `now`: the last one passed and the next one ahead. */
class EndsAround {
  since = Number.NEGATIVE_INFINITY;
  until = Number.POSITIVE_INFINITY;

  constructor(private readonly now: number) {}

  hasPassed(end: number): boolean {
    if (end <= this.now) {
      this.since = Math.max(this.since, end);
      return true;
    }
    this.until = Math.min(this.until, end);
    return false;
  }
}

/**
 * A 53-bit hash of the parts (cyrb53), as 14 hex digits: the pack's version.
 * Not a security measure, only a short stable name for the inputs.
 */
function versionHash(parts: readonly string[]): string {
  const text = parts.join('\u0000');
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i += 1) {
    const code = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ code, 2654435761);
    h2 = Math.imul(h2 ^ code, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(16).padStart(14, '0');
}
