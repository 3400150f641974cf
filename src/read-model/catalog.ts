import type { Location, Product } from '../schemas/catalog';

/**
 * The edge read model of the catalog: what admin writes publish after they
 * commit to Postgres, and what every catalog read is served from, so reads
 * never wait on Postgres. One key per SKU and one for the location list.
 */
const KV_BULK_GET_LIMIT = 100;
const productKey = (sku: string) => `product:${sku}`;
const LOCATIONS_KEY = 'locations';

export class CatalogReadModel {
  constructor(private readonly kv: KVNamespace) {}

  async products(skus: readonly string[]): Promise<Map<string, Product>> {
    const found = new Map<string, Product>();
    const chunks: string[][] = [];
    for (let i = 0; i < skus.length; i += KV_BULK_GET_LIMIT) chunks.push(skus.slice(i, i + KV_BULK_GET_LIMIT).map(productKey));
    const results = await Promise.all(chunks.map((keys) => this.kv.get<Product>(keys, 'json')));
    for (const result of results) {
      for (const product of result.values()) if (product) found.set(product.sku, product);
    }
    return found;
  }

  async product(sku: string): Promise<Product | null> {
    return this.kv.get<Product>(productKey(sku), 'json');
  }

  async locations(): Promise<Location[]> {
    return (await this.kv.get<Location[]>(LOCATIONS_KEY, 'json')) ?? [];
  }

  async publishProducts(products: readonly Product[]): Promise<void> {
    await Promise.all(products.map((product) => this.kv.put(productKey(product.sku), JSON.stringify(product))));
  }

  /** The location list is small and read whole, so it is published whole. */
  async publishLocations(locations: readonly Location[]): Promise<void> {
    await this.kv.put(LOCATIONS_KEY, JSON.stringify(locations));
  }
}
