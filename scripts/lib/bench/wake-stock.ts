import { createAisleClient } from '../../../src/client';
import { BEST_SELLERS, bestSellerAt } from './dataset';
import { inParallel } from './load-dataset';
import { preparing } from './retry';

// The availability route's limit per call.
const SKUS_PER_CALL = 100;

/**
 * Wakes the StockDO of every best seller, one availability call per 100 SKUs.
 * workerd, like Cloudflare, puts a Durable Object to sleep after 10 s without
 * a request, and the next request pays for waking it (here 1-4 ms: the
 * object's SQLite opened, its constructor run). A shop's steady traffic keeps
 * its best sellers awake; a 7-second scenario spread over 2,000 of them would
 * otherwise mostly time wake-ups. Returns the milliseconds it took.
 */
export async function wakeBestSellers(baseUrl: string): Promise<number> {
  const aisle = createAisleClient({ baseUrl });
  const started = performance.now();
  const calls = Array.from({ length: Math.ceil(BEST_SELLERS / SKUS_PER_CALL) }, (_, call) =>
    Array.from({ length: Math.min(SKUS_PER_CALL, BEST_SELLERS - call * SKUS_PER_CALL) }, (_, i) =>
      bestSellerAt(call * SKUS_PER_CALL + i),
    ),
  );
  await inParallel(calls, 1, (skus) =>
    preparing(() => aisle.GET('/v1/availability', { params: { query: { skus: skus.join(',') } } })),
  );
  return performance.now() - started;
}
