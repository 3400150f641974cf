import type { Database, Transaction } from '../db/client';
import { enqueueOutboxRows, type OutboxRow } from '../db/outbox';
import { loadPricingSnapshot, upsertPriceBooks, upsertPrices, upsertPromotions } from '../db/pricing';
import { skusPricedIn } from '../db/wishlist-index';
import { ApiError } from '../lib/errors';
import { announceOutboxEvents } from '../lib/announce';
import { PricingReadModel } from '../read-model/pricing';
import { writeThenPublish } from '../read-model/publish';
import type { PriceBookInput, PriceInput, PromotionInput } from '../schemas/pricing';
import { priceCheckTask } from '../shopper/price-drop';

// Admin pricing writes. Every one republishes the whole pricing snapshot in
// its own transaction, so the next price read on every channel sees it; a
// refused write throws inside the transaction, so nothing is published.
// Writes that can move a price (books, prices) also add a wish-list price
// check to that transaction when someone wishes an affected SKU, put on the
// EVENTS queue after the commit: it runs within seconds without holding up
// the answer (the cron's dispatcher runs it if that message is lost).

export interface PricingWriteDeps {
  env: Env;
  db: Database;
  waitUntil(promise: Promise<unknown>): void;
}

export function publishPriceBooks(deps: PricingWriteDeps, rows: readonly PriceBookInput[]): Promise<number> {
  return writePricing(deps, async (tx) => {
    const upserted = await upsertPriceBooks(tx, rows);
    const skus = await skusPricedIn(
      tx,
      rows.map((row) => row.id),
    );
    return { upserted, check: await priceCheckTask(tx, skus) };
  });
}

export function publishPrices(deps: PricingWriteDeps, rows: readonly PriceInput[]): Promise<number> {
  return writePricing(deps, async (tx) => {
    const outcome = await upsertPrices(tx, rows);
    if (outcome.ok) {
      return {
        upserted: outcome.upserted,
        check: await priceCheckTask(
          tx,
          rows.map((row) => row.sku),
        ),
      };
    }
    const { missingBooks, missingSkus } = outcome;
    const parts = [
      missingBooks.length > 0 ? `unknown price books: ${missingBooks.join(', ')}` : '',
      missingSkus.length > 0 ? `unknown SKUs: ${missingSkus.slice(0, 20).join(', ')}` : '',
    ].filter(Boolean);
    throw new ApiError('unprocessable', `Prices refer to ${parts.join('; ')}.`, {
      extensions: { missingBooks, missingSkus },
    });
  });
}

export function publishPromotions(deps: PricingWriteDeps, rows: readonly PromotionInput[]): Promise<number> {
  return writePricing(deps, async (tx) => {
    const outcome = await upsertPromotions(tx, rows);
    if (outcome.ok) return { upserted: outcome.upserted, check: null };
    const names = outcome.takenCodes.map(({ code, promotionId }) => `${code} (promotion ${promotionId})`).join(', ');
    throw new ApiError('conflict', `Coupon codes already in use: ${names}.`);
  });
}

interface PricingWrite {
  upserted: number;
  /** The wish-list price check this write scheduled, if anyone wishes what it may have moved. */
  check: OutboxRow | null;
}

async function writePricing(
  deps: PricingWriteDeps,
  write: (tx: Transaction) => Promise<PricingWrite>,
): Promise<number> {
  const readModel = new PricingReadModel(deps.env.READ_MODEL);
  const { upserted, check } = await writeThenPublish(
    deps.db,
    'pricing',
    async (tx) => {
      const written = await write(tx);
      if (written.check) await enqueueOutboxRows(tx, [written.check]);
      return written;
    },
    async (_, tx) => readModel.publish(await loadPricingSnapshot(tx)),
  );
  if (check) deps.waitUntil(announceOutboxEvents(deps.env.EVENTS, [check]));
  return upserted;
}
