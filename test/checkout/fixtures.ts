import { env } from 'cloudflare:workers';
import { api, uniqueId, type ApiResponse } from '../helpers/api';
import { createProducts, priceSkus, putLocations } from '../helpers/catalog';
import { opsToken, posToken } from '../helpers/tokens';
import { withDatabase } from '../helpers/postgres';
import { dispatchOutbox } from '../../src/outbox/dispatcher';

export interface Shop {
  storeId: string;
  otherStoreId: string;
  warehouseId: string;
  skus: string[];
}

/** A store and a warehouse of their own, priced SKUs, and `units` of each SKU counted in at the store. */
export async function openShop(
  options: { skus?: number; units?: number; price?: number; warehouseUnits?: number } = {},
): Promise<Shop> {
  const { skus: count = 1, units = 10, price = 1000, warehouseUnits = 0 } = options;
  const storeId = uniqueId('store');
  const otherStoreId = uniqueId('store');
  const warehouseId = uniqueId('wh');
  await putLocations([
    {
      id: storeId,
      name: 'Test store',
      kind: 'store',
      lat: 41.9,
      lng: -87.6,
      pickup: true,
      curbside: true,
      shipFrom: false,
    },
    {
      id: otherStoreId,
      name: 'Other store',
      kind: 'store',
      lat: 41.8,
      lng: -87.6,
      pickup: true,
      curbside: false,
      shipFrom: false,
    },
    {
      id: warehouseId,
      name: 'Test warehouse',
      kind: 'warehouse',
      lat: 41.85,
      lng: -87.66,
      pickup: false,
      curbside: false,
      shipFrom: true,
    },
  ]);
  const skus = await createProducts(count);
  await priceSkus(Object.fromEntries(skus.map((sku) => [sku, price])));
  await stockUp(skus, storeId, units);
  if (warehouseUnits > 0) await stockUp(skus, warehouseId, warehouseUnits);
  return { storeId, otherStoreId, warehouseId, skus };
}

export async function stockUp(skus: readonly string[], locationId: string, quantity: number): Promise<void> {
  const movements = skus.map((sku) => ({ id: uniqueId('count'), sku, locationId, type: 'set', quantity }));
  const res = await api('/v1/admin/inventory', { method: 'POST', token: await opsToken(), body: { movements } });
  if (res.status !== 200) throw new Error(`stocking failed: ${JSON.stringify(res.body)}`);
}

export async function levelOf(sku: string, locationId: string) {
  const [level] = (await env.STOCK.getByName(sku).availability([locationId])).locations;
  if (!level) throw new Error(`no level for ${sku} at ${locationId}`);
  return level;
}

export const TEST_PAYMENT = { method: 'test' as const };
export const ADDRESS = {
  name: 'Ana Diaz',
  line1: '1 N State St',
  city: 'Chicago',
  region: 'IL',
  postalCode: '60602',
  country: 'US',
};

export function checkoutWith(
  token: string,
  body: Record<string, unknown>,
  options: { key?: string; channel?: string; fault?: string } = {},
): Promise<ApiResponse> {
  const headers: Record<string, string> = {
    'idempotency-key': options.key ?? uniqueId('key'),
    'x-channel': options.channel ?? 'web',
  };
  if (options.fault) headers['x-inject-fault'] = options.fault;
  return api('/v1/checkout', { method: 'POST', token, body, headers });
}

/** Runs the outbox dispatcher as the cron trigger would. */
export async function runDispatcher() {
  return withDatabase((db) => dispatchOutbox({ env, db }, 500));
}

export const posAt = (locationId: string) => posToken(locationId, uniqueId('till'));
