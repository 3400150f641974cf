/** What a shopper browses: a product's SKU and title. */
export interface BrowsedProduct {
  sku: string;
  title: string;
}

export interface BrowseQuery {
  /** Words that must all appear in the SKU or title, in any case. */
  q?: string;
  /** The last SKU of the previous page. */
  after?: string;
  limit: number;
}

/**
 * One page of the active products (already in SKU order) matching the query,
 * and the SKU to continue after, or null on the last page.
 */
export function browsePage<T extends BrowsedProduct>(
  products: readonly T[],
  query: BrowseQuery,
): { products: T[]; next: string | null } {
  const words = (query.q ?? '').toLowerCase().split(/\s+/).filter(Boolean);
  const matches = (product: T) => {
    const text = `${product.sku} ${product.title}`.toLowerCase();
    return words.every((word) => text.includes(word));
  };
  // By position rather than by comparing SKUs: the list's order is the publisher's, whatever its collation.
  const from = query.after === undefined ? 0 : products.findIndex((product) => product.sku === query.after) + 1;
  const page: T[] = [];
  for (let i = from; i < products.length; i += 1) {
    const product = products[i] as T;
    if (!matches(product)) continue;
    if (page.length === query.limit) return { products: page, next: page[page.length - 1]?.sku ?? null };
    page.push(product);
  }
  return { products: page, next: null };
}
