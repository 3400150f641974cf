import { api, uniqueId } from './api';
import { opsToken } from './tokens';

async function adminPut(path: string, body: unknown) {
  const res = await api(path, { method: 'PUT', token: await opsToken(), body });
  if (res.status !== 200) throw new Error(`PUT ${path} answered ${res.status}: ${JSON.stringify(res.body)}`);
  return res.body;
}

/** Creates products with unique SKUs (storage is shared by every test in a file). */
export async function createProducts(count: number, prefix = 'SKU'): Promise<string[]> {
  const skus = Array.from({ length: count }, () => uniqueId(prefix));
  await adminPut('/v1/admin/products', { products: skus.map((sku) => ({ sku, title: `Product ${sku}` })) });
  return skus;
}

export const putProducts = (products: unknown[]) => adminPut('/v1/admin/products', { products });
export const putPriceBooks = (priceBooks: unknown[]) => adminPut('/v1/admin/price-books', { priceBooks });
export const putPrices = (prices: unknown[]) => adminPut('/v1/admin/prices', { prices });
export const putPromotions = (promotions: unknown[]) => adminPut('/v1/admin/promotions', { promotions });
export const putLocations = (locations: unknown[]) => adminPut('/v1/admin/locations', { locations });

/** A USD price book for any channel with one price per SKU. */
export async function priceSkus(prices: Record<string, number>, book: Record<string, unknown> = {}): Promise<string> {
  const id = uniqueId('book');
  await putPriceBooks([{ id, currency: 'USD', ...book }]);
  await putPrices(Object.entries(prices).map(([sku, unitAmount]) => ({ priceBookId: id, sku, unitAmount })));
  return id;
}
