import { createAisleClient } from '../../../src/client';
import { preparing } from './retry';
import {
  benchLocations,
  benchPriceBooks,
  benchPrices,
  benchProducts,
  benchPromotions,
  openingStock,
  SKU_COUNT,
} from './dataset';

// Each stock call moves ~50 SKUs × 20 locations (1,000 movements, the route's limit):
// 50 StockDOs answer one call in parallel.
const SKUS_PER_STOCK_CALL = 50;
const PRODUCTS_PER_CALL = 1000;
const PRICES_PER_CALL = 5000;
const PARALLEL_CALLS = 2;
/**
 * Every StockDO ships its new movements to Postgres from its alarm a second
 * later, through the ledger shippers. Loading faster than that drains only
 * piles up awake DOs (their SQLite files stay open) and shipments waiting for
 * a write, so stock calls wait while more than this many movements are
 * unshipped.
 */
const MAX_UNSHIPPED_MOVEMENTS = 4000;

export interface LoadOptions {
  /** Resolves once at least this many movements are in Postgres; when given, loading keeps pace with it. */
  waitForLedger?: (movements: number) => Promise<unknown>;
}

export interface DatasetTimings {
  catalogMs: number;
  pricingMs: number;
  stockMs: number;
  totalMs: number;
  adminCalls: number;
  movements: number;
}

/**
 * Loads the bench dataset through the admin API, as an ERP would, so the
 * edge read model and the StockDOs are filled exactly as in production.
 * Every row is an upsert and every movement has a fixed id: loading twice
 * changes nothing.
 */
export async function loadBenchDataset(
  baseUrl: string,
  opsToken: string,
  options: LoadOptions = {},
): Promise<DatasetTimings> {
  const admin = createAisleClient({ baseUrl, token: opsToken });
  let adminCalls = 0;
  // Every admin write is an upsert or an idempotent movement: sending one twice is harmless.
  const send = <T>(call: () => Promise<{ data?: T; error?: unknown; response: Response }>) => {
    adminCalls += 1;
    return preparing(call);
  };
  const started = performance.now();

  await send(() => admin.PUT('/v1/admin/locations', { body: { locations: benchLocations } }));
  await inParallel(chunks(benchProducts, PRODUCTS_PER_CALL), PARALLEL_CALLS, (products) =>
    send(() => admin.PUT('/v1/admin/products', { body: { products } })),
  );
  const catalogDone = performance.now();

  // Every pricing write republishes the whole snapshot under one lock, so these go one at a time.
  await send(() => admin.PUT('/v1/admin/price-books', { body: { priceBooks: benchPriceBooks } }));
  for (const prices of chunks(benchPrices, PRICES_PER_CALL)) {
    await send(() => admin.PUT('/v1/admin/prices', { body: { prices } }));
  }
  await send(() => admin.PUT('/v1/admin/promotions', { body: { promotions: benchPromotions } }));
  const pricingDone = performance.now();

  const stockCalls = Array.from(
    { length: Math.ceil(SKU_COUNT / SKUS_PER_STOCK_CALL) },
    (_, i) => i * SKUS_PER_STOCK_CALL,
  );
  let movements = 0;
  await inParallel(stockCalls, PARALLEL_CALLS, async (from) => {
    const batch = openingStock(from, SKUS_PER_STOCK_CALL);
    await options.waitForLedger?.(movements - MAX_UNSHIPPED_MOVEMENTS);
    movements += batch.length;
    await send(() => admin.POST('/v1/admin/inventory', { body: { movements: batch } }));
  });
  const stockDone = performance.now();

  return {
    catalogMs: catalogDone - started,
    pricingMs: pricingDone - catalogDone,
    stockMs: stockDone - pricingDone,
    totalMs: stockDone - started,
    adminCalls,
    movements,
  };
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Runs `work` over `items` with at most `parallel` in flight; after a failure no new item starts. */
export async function inParallel<T>(
  items: readonly T[],
  parallel: number,
  work: (item: T) => Promise<unknown>,
): Promise<void> {
  let next = 0;
  let failed = false;
  const lane = async () => {
    while (!failed && next < items.length) {
      const item = items[next++] as T;
      try {
        await work(item);
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(parallel, items.length) }, lane));
}
