import { env } from 'cloudflare:workers';
import { eq } from 'drizzle-orm';
import { orders } from '../../src/db/schema';
import { dispatchOutbox } from '../../src/outbox/dispatcher';
import { api, uniqueId, type ApiResponse } from './api';
import { createProducts, priceSkus, putLocations, testLocation } from './catalog';
import { withDatabase } from './postgres';
import { countStock } from './stock';
import { posAt } from './tokens';

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
    testLocation({ id: storeId, lat: 41.9, lng: -87.6, curbside: true, shipFrom: false }),
    testLocation({ id: otherStoreId, lat: 41.8, lng: -87.6, shipFrom: false }),
    testLocation({ id: warehouseId, kind: 'warehouse', lat: 41.85, lng: -87.66, pickup: false }),
  ]);
  const skus = await createProducts(count);
  await priceSkus(Object.fromEntries(skus.map((sku) => [sku, price])));
  await countStock(skus, { [storeId]: units });
  if (warehouseUnits > 0) await countStock(skus, { [warehouseId]: warehouseUnits });
  return { storeId, otherStoreId, warehouseId, skus };
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

/** Marks a pickup order ready at its store and hands it over against its code, as the store's till; the pickup's answer. */
export async function handOver(orderId: string, storeId: string): Promise<ApiResponse> {
  const till = await posAt(storeId);
  await api(`/v1/orders/${orderId}/ready`, { method: 'POST', token: till });
  const code = await withDatabase(async (db) => {
    const [row] = await db.select({ code: orders.pickupCode }).from(orders).where(eq(orders.id, orderId));
    return row?.code ?? '';
  });
  return api(`/v1/orders/${orderId}/pickup`, { method: 'POST', token: till, body: { pickupCode: code } });
}
