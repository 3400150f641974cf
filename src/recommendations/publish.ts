import { z } from 'zod';
import type { Database } from '../db/client';
import { partnersOf } from '../db/recommendations';
import { BOUGHT_TOGETHER_KEPT, pairedSkus } from '../domain/recommendations';
import { RecommendationsReadModel } from '../read-model/recommendations';
import { writeThenPublish } from '../read-model/publish';

export const RECOMMENDATIONS_PUBLISH_TOPIC = 'recommendations.publish';

/**
 * SKUs published per transaction. A dispatcher run merges up to 50 orders of
 * up to 50 SKUs: in one transaction that was 2,500 advisory locks, held
 * through as many KV writes, in the lock table every session shares (64
 * per connection by default), where running out fails other sessions'
 * statements too. Each SKU's list stands alone, so chunks need not commit
 * together; should a later one fail, the dispatcher runs each task alone,
 * and a list published twice is only published fresh.
 */
export const SKUS_PER_TRANSACTION = 100;

export const RecommendationsPublishPayload = z.object({
  orderId: z.string(),
  /** The order's paired SKUs: the ones whose lists its pairs changed. */
  skus: z.array(z.string()),
});

/**
 * The outbox task that publishes the "bought together" lists an order
 * changed (publishBoughtTogether); null for an order of fewer than two SKUs,
 * which changes none.
 */
export function recommendationsPublishTask(orderId: string, lines: readonly { sku: string }[]) {
  const skus = pairedSkus(lines);
  if (skus.length < 2) return null;
  return {
    id: `${orderId}:${RECOMMENDATIONS_PUBLISH_TOPIC}`,
    topic: RECOMMENDATIONS_PUBLISH_TOPIC,
    payload: { orderId, skus },
  };
}

/**
 * Reads each SKU's best partners from Postgres and writes them to the read
 * model, for the SKUs every payload names (the orders of one dispatcher run:
 * a SKU in many of them is published once). It publishes the counts as they
 * are now, not a delta, so running it twice or late only ever writes fresher
 * lists; the advisory lock per SKU (writeThenPublish) makes concurrent
 * publishes of a SKU read and write one after the other, so an older read
 * never lands after a newer one.
 */
export async function publishBoughtTogether(
  deps: { env: Env; db: Database },
  payloads: readonly unknown[],
): Promise<void> {
  const skus = [...new Set(payloads.flatMap((payload) => RecommendationsPublishPayload.parse(payload).skus))];
  const readModel = new RecommendationsReadModel(deps.env.READ_MODEL);
  for (let start = 0; start < skus.length; start += SKUS_PER_TRANSACTION) {
    const chunk = skus.slice(start, start + SKUS_PER_TRANSACTION);
    await writeThenPublish(
      deps.db,
      chunk.map((sku) => `bought-together:${sku}`),
      (tx) => partnersOf(tx, chunk, BOUGHT_TOGETHER_KEPT),
      (lists) => readModel.publish(lists),
    );
  }
}
