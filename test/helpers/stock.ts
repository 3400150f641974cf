import { env } from 'cloudflare:workers';
import { runDurableObjectAlarm, runInDurableObject } from 'cloudflare:test';
import { expect } from 'vitest';
import { api, uniqueId } from './api';
import { opsToken } from './tokens';

export const stockOf = (sku: string) => env.STOCK.getByName(sku);
export type StockStub = ReturnType<typeof stockOf>;

/** Stock counts (`set` movements) putting each location at the given number of units. */
const counts = (levels: Record<string, number>) =>
  Object.entries(levels).map(([locationId, quantity]) => ({
    id: uniqueId('count'),
    locationId,
    type: 'set' as const,
    quantity,
  }));

/** Counts each SKU in at each location through the admin API, as a stocktake would. */
export async function countStock(skus: readonly string[], levels: Record<string, number>): Promise<void> {
  const movements = skus.flatMap((sku) => counts(levels).map((count) => ({ ...count, sku })));
  const res = await api('/v1/admin/inventory', { method: 'POST', token: await opsToken(), body: { movements } });
  if (res.status !== 200) throw new Error(`counting stock failed: ${res.status} ${JSON.stringify(res.body)}`);
}

/** A fresh SKU's StockDO, counted in at each location directly (the SKU is not in the catalog). */
export async function stockedSku(
  levels: Record<string, number>,
  prefix = 'SKU',
): Promise<{ sku: string; stock: StockStub }> {
  const sku = uniqueId(prefix);
  const stock = stockOf(sku);
  const movements = counts(levels);
  if (movements.length > 0) await stock.applyMovements(movements);
  return { sku, stock };
}

/** The staff view of one SKU's level at one location, from its StockDO (given as the SKU or its stub). */
export async function levelAt(stock: StockStub | string, locationId: string) {
  const stub = typeof stock === 'string' ? stockOf(stock) : stock;
  const [level] = (await stub.availability([locationId])).locations;
  if (!level) throw new Error(`no level at ${locationId}`);
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
