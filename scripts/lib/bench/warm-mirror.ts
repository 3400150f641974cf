import { createAisleClient } from '../../../src/client';
import { MIRROR_REPLICAS } from '../../../src/domain/stock/mirror';
import { BEST_SELLERS, bestSellerAt } from './dataset';
import { inParallel } from './load-dataset';
import { preparing } from './retry';

// The availability route's limit per call.
const SKUS_PER_CALL = 100;

// Each read goes to a copy chosen at random: after this many reads of a batch, the chance that
// one copy never saw it is (1 - 1/copies)^reads, under 1% with 4 copies.
const READS_PER_BATCH = Math.ceil(Math.log(0.01) / Math.log(1 - 1 / MIRROR_REPLICAS));

/**
 * Warms every availability mirror copy with the best sellers, reading each
 * batch of 100 until every copy has most likely answered it. A copy keeps
 * the SKUs it read in memory (durable-objects/availability/mirror.ts) and a
 * shop's steady traffic keeps its best sellers there in every copy; a
 * 6-second scenario spread over 2,000 of them and 4 copies would otherwise
 * mostly time a copy's first SQLite read of a SKU.
 */
export async function warmMirrorCopies(baseUrl: string): Promise<void> {
  const aisle = createAisleClient({ baseUrl });
  const batches = Array.from({ length: Math.ceil(BEST_SELLERS / SKUS_PER_CALL) }, (_, call) =>
    Array.from({ length: Math.min(SKUS_PER_CALL, BEST_SELLERS - call * SKUS_PER_CALL) }, (_, i) =>
      bestSellerAt(call * SKUS_PER_CALL + i),
    ).join(','),
  );
  const reads = batches.flatMap((skus) => Array.from({ length: READS_PER_BATCH }, () => skus));
  await inParallel(reads, 1, (skus) => preparing(() => aisle.GET('/v1/availability', { params: { query: { skus } } })));
}
