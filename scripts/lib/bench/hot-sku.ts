import { createAisleClient, type AisleClient } from '../../../src/client';
import { signDevToken } from '../dev-token';
import { HOT_SKU, HOT_STORE } from './dataset';
import { inParallel } from './load-dataset';
import { runLoad, type LoadResult } from './load-run';
import { preparing } from './retry';
import { signShoppers } from './shopper';

/** Concurrent shoppers, one reservation of one unit each, all at once. */
export const HOT_SHOPPERS = 500;
/** Units on offer: a fifth of the shoppers get one. */
export const HOT_STOCK = 100;

export interface HotSkuResult extends LoadResult {
  /** The baseline (GET /healthz) fired the same way: HOT_SHOPPERS at once, one request each. */
  baselineRps: number;
  held: number;
  refused: number;
  /** What the StockDO reports afterwards: units reserved by this run, and what is left. */
  reservedByRun: number;
  availableAfter: number;
  /** True when exactly HOT_STOCK shoppers got a unit and the SKU's figures agree. */
  exact: boolean;
}

interface Level {
  reserved: number;
  safetyStock: number;
  available: number;
}

async function hotLevel(ops: AisleClient): Promise<Level> {
  const body = await preparing(() =>
    ops.GET('/v1/availability', { params: { query: { skus: HOT_SKU, locationId: HOT_STORE } } }),
  );
  const level = body.items[0]?.locations[0];
  // An ops token sees the figures behind `available`.
  if (level?.reserved === undefined || level.safetyStock === undefined) {
    throw new Error(`no staff view of ${HOT_SKU} at ${HOT_STORE}`);
  }
  return { reserved: level.reserved, safetyStock: level.safetyStock, available: level.available };
}

/**
 * `hot-sku-holds`: HOT_SHOPPERS customers each ask, over their own connection
 * and all at once, to reserve one unit of one SKU at one store that has
 * exactly HOT_STOCK available (POST /v1/store-reservations places a real
 * StockDO hold). Exactly HOT_STOCK must get 201 and the rest 409
 * out_of_stock; afterwards the SKU must show HOT_STOCK more reserved and
 * nothing available. The reservations are then cancelled, so a re-run against
 * the same server (BENCH_URL) starts from the same figures.
 */
export async function runHotSku(baseUrl: string, runId: string, authSecret: string): Promise<HotSkuResult> {
  const ops = createAisleClient({
    baseUrl,
    token: await signDevToken({ role: 'ops', sub: `bench-${runId}-ops` }, authSecret),
  });
  const before = await hotLevel(ops);
  // Whatever an earlier run left reserved, exactly HOT_STOCK are on offer now.
  const movement = {
    id: `bench-hot:${runId}`,
    sku: HOT_SKU,
    locationId: HOT_STORE,
    type: 'set' as const,
    quantity: before.reserved + before.safetyStock + HOT_STOCK,
  };
  await preparing(() => ops.POST('/v1/admin/inventory', { body: { movements: [movement] } }));
  const shoppers = await signShoppers(baseUrl, `bench-${runId}-hot`, HOT_SHOPPERS, authSecret);

  const reservations: { id: string; aisle: AisleClient }[] = [];
  let refused = 0;
  let turn = 0;
  const result = await runLoad(baseUrl, { connections: HOT_SHOPPERS, duration: 60, amount: HOT_SHOPPERS }, () => {
    const shopper = shoppers[turn++ % HOT_SHOPPERS] ?? shoppers[0];
    if (!shopper) throw new Error('no shoppers');
    return {
      method: 'POST',
      path: '/v1/store-reservations',
      headers: { authorization: `Bearer ${shopper.token}` },
      body: { locationId: HOT_STORE, items: [{ sku: HOT_SKU, quantity: 1 }] },
      check: (status, body) => {
        const answer = body as { id?: unknown; status?: unknown; code?: unknown } | undefined;
        if (status === 201 && typeof answer?.id === 'string' && answer.status === 'held') {
          reservations.push({ id: answer.id, aisle: shopper.aisle });
          return true;
        }
        if (status === 409 && answer?.code === 'out_of_stock') {
          refused += 1;
          return true;
        }
        return false;
      },
    };
  });

  // The same burst against the trivial route: what this machine serves at that concurrency.
  const baseline = await runLoad(baseUrl, { connections: HOT_SHOPPERS, duration: 60, amount: HOT_SHOPPERS }, () => ({
    method: 'GET',
    path: '/healthz',
    check: (status) => status === 200,
  }));
  const after = await hotLevel(ops);
  const reservedByRun = after.reserved - before.reserved;
  await inParallel(reservations, 16, ({ id, aisle }) =>
    preparing(() => aisle.DELETE('/v1/store-reservations/{id}', { params: { path: { id } } })),
  );
  const held = reservations.length;
  return {
    ...result,
    baselineRps: baseline.rps,
    held,
    refused,
    reservedByRun,
    availableAfter: after.available,
    exact:
      held === HOT_STOCK && reservedByRun === HOT_STOCK && after.available === 0 && held + refused === HOT_SHOPPERS,
  };
}
