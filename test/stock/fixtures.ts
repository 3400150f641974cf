import { env } from 'cloudflare:workers';
import { runDurableObjectAlarm, runInDurableObject } from 'cloudflare:test';
import { expect } from 'vitest';
import { api, uniqueId } from '../helpers/api';
import { opsToken } from '../helpers/tokens';

export const stockOf = (sku: string) => env.STOCK.getByName(sku);
export type StockStub = ReturnType<typeof stockOf>;

/** A fresh SKU's StockDO with `units` counted in at each location. */
export async function stockedSku(
  levels: Record<string, number>,
  prefix = 'SKU',
): Promise<{ sku: string; stock: StockStub }> {
  const sku = uniqueId(prefix);
  const stock = stockOf(sku);
  const movements = Object.entries(levels).map(([locationId, quantity]) => ({
    id: uniqueId('count'),
    locationId,
    type: 'set' as const,
    quantity,
  }));
  if (movements.length > 0) await stock.applyMovements(movements);
  return { sku, stock };
}

export async function levelAt(stock: StockStub, locationId: string) {
  const [level] = (await stock.availability([locationId])).locations;
  if (!level) throw new Error(`no level for ${locationId}`);
  return level;
}

/** Reads the DO's own SQLite directly, without going through (and triggering) any operation. */
export function sqlRows<T extends Record<string, SqlStorageValue>>(
  stock: StockStub,
  query: string,
  ...bindings: SqlStorageValue[]
): Promise<T[]> {
  return runInDurableObject(stock, (_instance, state) => state.storage.sql.exec<T>(query, ...bindings).toArray());
}

/**
 * Delivers the DO's alarm until its ledger backlog is shipped: the scheduled
 * one if any (it may also have fired on its own meanwhile), else the handler
 * directly, as a redelivery would.
 */
export async function drainLedger(stock: StockStub): Promise<void> {
  for (let attempt = 0; attempt < 20; attempt += 1) {
    const status = await stock.ledgerStatus();
    if (status.pendingMovements === 0 && status.pendingEvents === 0) return;
    if (!(await runDurableObjectAlarm(stock))) await runInDurableObject(stock, (instance) => instance.alarm());
  }
  expect(await stock.ledgerStatus()).toMatchObject({ pendingMovements: 0, pendingEvents: 0 });
}

export interface TestLocation {
  id: string;
  lat?: number;
  lng?: number;
  shipFrom?: boolean;
  pickup?: boolean;
  curbside?: boolean;
  kind?: 'store' | 'warehouse';
  name?: string;
}

/** Publishes products and locations through the admin API, as production would. */
export async function seedCatalog(skus: readonly string[], locations: readonly TestLocation[]): Promise<void> {
  const token = await opsToken();
  if (locations.length > 0) {
    const body = {
      locations: locations.map((location) => ({
        id: location.id,
        name: location.name ?? `Store ${location.id}`,
        kind: location.kind ?? 'store',
        lat: location.lat ?? 0,
        lng: location.lng ?? 0,
        pickup: location.pickup ?? true,
        curbside: location.curbside ?? false,
        shipFrom: location.shipFrom ?? true,
      })),
    };
    expect((await api('/v1/admin/locations', { method: 'PUT', token, body })).status).toBe(200);
  }
  if (skus.length > 0) {
    const body = { products: skus.map((sku) => ({ sku, title: `Product ${sku}` })) };
    expect((await api('/v1/admin/products', { method: 'PUT', token, body })).status).toBe(200);
  }
}
