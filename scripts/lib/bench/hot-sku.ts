import { signDevToken } from '../dev-token';
import { HOT_SKU, HOT_STORE } from './dataset';
import { inParallel } from './load-dataset';
import { runLoad, type LoadResult } from './load-run';
import { callApi, signShoppers } from './shopper';

/** Concurrent shoppers, one reservation of one unit each, all at once. */
export const HOT_SHOPPERS = 500;
/** Units on offer: a fifth of the shoppers get one. */
export const HOT_STOCK = 100;

export interface HotSkuResult extends LoadResult {
  held: number;
  refused: number;
  /** What the StockDO reports afterwards: units reserved by this run, and what is left. */
  reservedByRun: number;
  availableAfter: number;
  /** True when exactly HOT_STOCK shoppers got a unit and the SKU's figures agree. */
  exact: boolean;
}

interface Level {
  onHand: number;
  reserved: number;
  safetyStock: number;
  available: number;
}

async function hotLevel(baseUrl: string, opsToken: string): Promise<Level> {
  // An ops token sees the figures behind `available`.
  const body = await callApi(baseUrl, 'GET', `/v1/availability?skus=${HOT_SKU}&locationId=${HOT_STORE}`, opsToken);
  const level = (body as { items: { locations: Level[] }[] }).items[0]?.locations[0];
  if (!level) throw new Error(`no level for ${HOT_SKU} at ${HOT_STORE}`);
  return level;
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
  const opsToken = await signDevToken({ role: 'ops', sub: `bench-${runId}-ops` }, authSecret);
  const before = await hotLevel(baseUrl, opsToken);
  // Whatever an earlier run left reserved, exactly HOT_STOCK are on offer now.
  await callApi(baseUrl, 'POST', '/v1/admin/inventory', opsToken, {
    movements: [
      {
        id: `bench-hot:${runId}`,
        sku: HOT_SKU,
        locationId: HOT_STORE,
        type: 'set',
        quantity: before.reserved + before.safetyStock + HOT_STOCK,
      },
    ],
  });
  const shoppers = await signShoppers(`bench-${runId}-hot`, HOT_SHOPPERS, authSecret);

  const reservations: { id: string; token: string }[] = [];
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
          reservations.push({ id: answer.id, token: shopper.token });
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

  const after = await hotLevel(baseUrl, opsToken);
  const reservedByRun = after.reserved - before.reserved;
  await inParallel(reservations, 16, ({ id, token }) =>
    callApi(baseUrl, 'DELETE', `/v1/store-reservations/${id}`, token),
  );
  const held = reservations.length;
  return {
    ...result,
    held,
    refused,
    reservedByRun,
    availableAfter: after.available,
    exact:
      held === HOT_STOCK && reservedByRun === HOT_STOCK && after.available === 0 && held + refused === HOT_SHOPPERS,
  };
}
