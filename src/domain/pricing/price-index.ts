import { openEnd, openStart } from './instant';
import { isNonNegativeInteger, isPositiveInteger } from './money';
import type { PriceBook, PriceRow, PriceTier } from './types';

/** One book's tiers for one SKU, with the book's window pre-parsed. */
export interface BookPrice {
  readonly book: PriceBook;
  readonly specificity: number;
  readonly validFrom: number;
  readonly validTo: number;
  /** Ascending by minQuantity; never empty. */
  readonly rows: readonly PriceRow[];
  readonly tiers: readonly PriceTier[];
}

/**
 * Price rows grouped by SKU, built once per catalog. Each SKU's candidates
 * are pre-sorted by precedence (specificity, then priority, then id), so
 * selection is a map lookup plus a scan that stops at the first book
 * valid for the caller.
 */
export interface PriceIndex {
  readonly candidatesBySku: ReadonlyMap<string, readonly BookPrice[]>;
}

/** channel and group > channel > group > neither. */
export function specificityOf(book: PriceBook): number {
  return (book.channel === null ? 0 : 2) + (book.customerGroup === null ? 0 : 1);
}

/**
 * Rows whose book is not in `priceBooks` are ignored (they can never be
 * valid). Rows repeating a (book, SKU, minQuantity) key replace earlier
 * ones, as an upsert would. Throws RangeError on amounts that are not
 * non-negative integers or minimum quantities that are not positive.
 */
export function buildPriceIndex(priceBooks: readonly PriceBook[], prices: readonly PriceRow[]): PriceIndex {
  const booksById = new Map(priceBooks.map((book) => [book.id, book]));
  const rowsBySku = new Map<string, Map<string, Map<number, PriceRow>>>();
  for (const row of prices) {
    assertValidRow(row);
    if (!booksById.has(row.priceBookId)) continue;
    const byBook = getOrCreate(rowsBySku, row.sku, () => new Map<string, Map<number, PriceRow>>());
    getOrCreate(byBook, row.priceBookId, () => new Map<number, PriceRow>()).set(row.minQuantity, row);
  }
  const candidatesBySku = new Map<string, readonly BookPrice[]>();
  const windows = new Map<string, { validFrom: number; validTo: number }>();
  for (const [sku, byBook] of rowsBySku) {
    const candidates: BookPrice[] = [];
    for (const [bookId, rowsByMin] of byBook) {
      const book = booksById.get(bookId);
      if (book === undefined) continue;
      const window = getOrCreate(windows, bookId, () => ({
        validFrom: openStart(book.validFrom),
        validTo: openEnd(book.validTo),
      }));
      candidates.push(toBookPrice(book, window, [...rowsByMin.values()]));
    }
    candidatesBySku.set(sku, Object.freeze(candidates.sort(byPrecedence)));
  }
  return { candidatesBySku };
}

function toBookPrice(book: PriceBook, window: { validFrom: number; validTo: number }, rows: PriceRow[]): BookPrice {
  rows.sort((a, b) => a.minQuantity - b.minQuantity);
  const tiers = rows.map((row) => Object.freeze({ minQuantity: row.minQuantity, unitAmount: row.unitAmount }));
  return { book, specificity: specificityOf(book), ...window, rows, tiers: Object.freeze(tiers) };
}

/** The order a SKU's books are tried in: most specific first, then highest priority, then id. */
export function byPrecedence(
  a: Pick<BookPrice, 'book' | 'specificity'>,
  b: Pick<BookPrice, 'book' | 'specificity'>,
): number {
  if (a.specificity !== b.specificity) return b.specificity - a.specificity;
  if (a.book.priority !== b.book.priority) return b.book.priority - a.book.priority;
  return compareIds(a.book.id, b.book.id);
}

/** Code-unit order, independent of the runtime's locale. */
export function compareIds(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}

function assertValidRow(row: PriceRow): void {
  const amountsValid =
    isNonNegativeInteger(row.unitAmount) && (row.compareAtAmount === null || isNonNegativeInteger(row.compareAtAmount));
  if (!amountsValid || !isPositiveInteger(row.minQuantity)) {
    throw new RangeError(
      `invalid price row for ${row.priceBookId}/${row.sku}: amounts must be integers ≥ 0, minQuantity ≥ 1`,
    );
  }
}

function getOrCreate<K, V>(map: Map<K, V>, key: K, create: () => V): V {
  const existing = map.get(key);
  if (existing !== undefined) return existing;
  const created = create();
  map.set(key, created);
  return created;
}
