import type { ListedProduct, Location, Product } from '../schemas/catalog';
import { PublishedVersion } from './published-version';

/**
 * The edge read model of the catalog: what admin writes publish after they
 * commit to Postgres, and what every catalog read is served from, so reads
 * never wait on Postgres. One key per SKU, one for the location list and one
 * for the list of active products (what a till takes offline).
 */
const KV_BULK_GET_LIMIT = 100;
const productKey = (sku: string) => `product:${sku}`;

/** The lists published and read whole, each under one key. */
interface WholeLists {
  locations: Location[];
  /** SKU and title only: 10,000 products are about 0.5 MB, far inside KV's 25 MiB value limit. */
  activeProducts: ListedProduct[];
}
const WHOLE_LIST_KEYS: Record<keyof WholeLists, string> = {
  locations: 'locations',
  activeProducts: 'catalog:products',
};
const emptyLists = (): WholeLists => ({ locations: [], activeProducts: [] });
const VERSION_KEY = 'catalog:version';
// Bounds the memo when callers ask for many SKUs that do not exist.
const MEMO_PRODUCT_LIMIT = 50_000;

/** What this isolate has read of one published catalog version; null entries are SKUs not in it. */
interface CatalogMemo {
  version: string;
  lists: Partial<WholeLists>;
  products: Map<string, Product | null>;
}

// One memo per isolate, dropped as soon as a publish moves the version on.
let memo: CatalogMemo | null = null;

/**
 * Reads are memoized per isolate under the catalog version, as the pricing
 * snapshot is: a request costs at most one small KV get (the version, see
 * PublishedVersion) instead of one per SKU plus the location list, and every
 * publish moves the version, so the next read after an admin write sees it.
 * Before any versioned publish (data published by an older release) reads go
 * to KV directly.
 */
export class CatalogReadModel {
  private memoForRequest: Promise<CatalogMemo | null> | undefined;
  private readonly version: PublishedVersion;

  constructor(private readonly kv: KVNamespace) {
    this.version = new PublishedVersion(kv, VERSION_KEY);
  }

  async products(skus: readonly string[]): Promise<Map<string, Product>> {
    const current = await this.currentMemo();
    const missing = current ? skus.filter((sku) => !current.products.has(sku)) : [...skus];
    const fetched = await this.fetchProducts(missing);
    const found = new Map<string, Product>();
    for (const sku of skus) {
      const product = fetched.get(sku) ?? current?.products.get(sku);
      if (product) found.set(sku, product);
    }
    if (current && missing.length > 0) {
      if (current.products.size + missing.length > MEMO_PRODUCT_LIMIT) current.products.clear();
      for (const sku of missing) current.products.set(sku, fetched.get(sku) ?? null);
    }
    return found;
  }

  async product(sku: string): Promise<Product | null> {
    return (await this.products([sku])).get(sku) ?? null;
  }

  locations(): Promise<Location[]> {
    return this.wholeList('locations');
  }

  /** The published catalog version (null before any publish): what the memo and anything built from it are keyed by. */
  async currentVersion(): Promise<string | null> {
    return (await this.currentMemo())?.version ?? null;
  }

  /** Every active product, in SKU order; empty until a product publish has written the list. */
  activeProducts(): Promise<ListedProduct[]> {
    return this.wholeList('activeProducts');
  }

  /** The written products, and the whole active list as it stands after the write. */
  async publishProducts(products: readonly Product[], activeProducts: readonly ListedProduct[]): Promise<void> {
    await Promise.all([
      ...products.map((product) => this.kv.put(productKey(product.sku), JSON.stringify(product))),
      this.kv.put(WHOLE_LIST_KEYS.activeProducts, JSON.stringify(activeProducts)),
    ]);
    // Data first, then the version that tells every isolate its memo is stale.
    await this.version.publish();
  }

  /** The location list is small and read whole, so it is published whole. */
  async publishLocations(locations: readonly Location[]): Promise<void> {
    await this.kv.put(WHOLE_LIST_KEYS.locations, JSON.stringify(locations));
    await this.version.publish();
  }

  /** The isolate's memo for the published version, looked up once per reader (one per request). */
  private currentMemo(): Promise<CatalogMemo | null> {
    this.memoForRequest ??= this.version.read().then((version) => {
      if (version === null) return null;
      if (memo?.version !== version) memo = { version, lists: {}, products: new Map() };
      return memo;
    });
    return this.memoForRequest;
  }

  private async wholeList<K extends keyof WholeLists>(name: K): Promise<WholeLists[K]> {
    const current = await this.currentMemo();
    const memoized = current?.lists[name];
    if (memoized) return memoized;
    const list = (await this.kv.get<WholeLists[K]>(WHOLE_LIST_KEYS[name], 'json')) ?? emptyLists()[name];
    if (current) current.lists[name] = list;
    return list;
  }

  private async fetchProducts(skus: readonly string[]): Promise<Map<string, Product>> {
    const found = new Map<string, Product>();
    const chunks: string[][] = [];
    for (let i = 0; i < skus.length; i += KV_BULK_GET_LIMIT)
      chunks.push(skus.slice(i, i + KV_BULK_GET_LIMIT).map(productKey));
    const results = await Promise.all(chunks.map((keys) => this.kv.get<Product>(keys, 'json')));
    for (const result of results) {
      for (const product of result.values()) if (product) found.set(product.sku, product);
    }
    return found;
  }
}
