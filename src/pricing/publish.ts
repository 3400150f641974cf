import type { Database, Transaction } from '../db/client';
import { loadPricingSnapshot, upsertPriceBooks, upsertPrices, upsertPromotions } from '../db/pricing';
import { ApiError } from '../lib/errors';
import { PricingReadModel } from '../read-model/pricing';
import { writeThenPublish } from '../read-model/publish';
import type { PriceBookInput, PriceInput, PromotionInput } from '../schemas/pricing';

// Admin pricing writes. Every one republishes the whole pricing snapshot in
// its own transaction, so the next price read on every channel sees it; a
// refused write throws inside the transaction, so nothing is published.

export function publishPriceBooks(env: Env, db: Database, rows: readonly PriceBookInput[]): Promise<number> {
  return writePricing(env, db, (tx) => upsertPriceBooks(tx, rows));
}

export function publishPrices(env: Env, db: Database, rows: readonly PriceInput[]): Promise<number> {
  return writePricing(env, db, async (tx) => {
    const outcome = await upsertPrices(tx, rows);
    if (outcome.ok) return outcome.upserted;
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

export function publishPromotions(env: Env, db: Database, rows: readonly PromotionInput[]): Promise<number> {
  return writePricing(env, db, async (tx) => {
    const outcome = await upsertPromotions(tx, rows);
    if (outcome.ok) return outcome.upserted;
    const names = outcome.takenCodes.map(({ code, promotionId }) => `${code} (promotion ${promotionId})`).join(', ');
    throw new ApiError('conflict', `Coupon codes already in use: ${names}.`);
  });
}

function writePricing(env: Env, db: Database, write: (tx: Transaction) => Promise<number>): Promise<number> {
  const readModel = new PricingReadModel(env.READ_MODEL);
  return writeThenPublish(db, 'pricing', write, async (_, tx) => readModel.publish(await loadPricingSnapshot(tx)));
}
