import { api, uniqueId } from './api';
import { opsToken } from './tokens';

async function adminPut(path: string, body: unknown) {
  const res = await api(path, { method: 'PUT', token: await opsToken(), body });
  if (res.status !== 200) throw new Error(`PUT ${path} answered ${res.status}: ${JSON.stringify(res.body)}`);
  return res.body;
}

export const putProducts = (products: unknown[]) => adminPut('/v1/admin/products', { products });
export const putPriceBooks = (priceBooks: unknown[]) => adminPut('/v1/admin/price-books', { priceBooks });
export const putPrices = (prices: unknown[]) => adminPut('/v1/admin/prices', { prices });
export const putPromotions = (promotions: unknown[]) => adminPut('/v1/admin/promotions', { promotions });
/**
 * A coupon worth 1.00 off the order, of its own so tests never share its
 * uses, with `fields` (its limits, conditions) on top.
 */
export async function ownCoupon(fields: Record<string, unknown> = {}): Promise<{ code: string; promotionId: string }> {
  const code = `CPN${uniqueId('').replace(/[^a-z0-9]/gi, '')}`.toUpperCase().slice(0, 30);
  const promotionId = uniqueId('promo');
  await putPromotions([
    {
      id: promotionId,
      name: 'Own coupon',
      kind: 'amount_off',
      value: 100,
      target: { scope: 'order' },
      code,
      ...fields,
    },
  ]);
  return { code, promotionId };
}
/** ownCoupon usable once per customer. */
export const oncePerCustomerCoupon = () => ownCoupon({ perCustomerLimit: 1 });
export const putLocations = (locations: unknown[]) => adminPut('/v1/admin/locations', { locations });

const productNamed = (sku: string) => ({ sku, title: `Product ${sku}` });

/** Creates products with unique SKUs (storage is shared by every test in a file). */
export async function createProducts(count: number, prefix = 'SKU'): Promise<string[]> {
  const skus = Array.from({ length: count }, () => uniqueId(prefix));
  await putProducts(skus.map(productNamed));
  return skus;
}

export interface TestLocation {
  id: string;
  name?: string;
  kind?: 'store' | 'warehouse';
  lat?: number;
  lng?: number;
  pickup?: boolean;
  curbside?: boolean;
  shipFrom?: boolean;
}

/** A location as the admin API takes it: a store at (0, 0) offering pickup and shipping unless told otherwise. */
export const testLocation = (location: TestLocation) => ({
  name: `Store ${location.id}`,
  kind: 'store' as const,
  lat: 0,
  lng: 0,
  pickup: true,
  curbside: false,
  shipFrom: true,
  ...location,
});

/** Publishes products with the given SKUs and the given locations through the admin API, as production would. */
export async function seedCatalog(skus: readonly string[], locations: readonly TestLocation[]): Promise<void> {
  if (locations.length > 0) await putLocations(locations.map(testLocation));
  if (skus.length > 0) await putProducts(skus.map(productNamed));
}

/** A USD price book for any channel with one price per SKU. */
export async function priceSkus(prices: Record<string, number>, book: Record<string, unknown> = {}): Promise<string> {
  const id = uniqueId('book');
  await putPriceBooks([{ id, currency: 'USD', ...book }]);
  await putPrices(Object.entries(prices).map(([sku, unitAmount]) => ({ priceBookId: id, sku, unitAmount })));
  return id;
}
