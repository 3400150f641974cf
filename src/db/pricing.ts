import { eq, inArray, sql } from 'drizzle-orm';
import type { PriceBook, PriceRow, Promotion } from '../domain/pricing';
import { ApiError } from '../lib/errors';
import type { PriceBookInput, PriceInput, PromotionInput } from '../schemas/pricing';
import type { Transaction } from './client';
import { replaceOnConflict } from './upsert';
import { priceBooks, prices, products, promotions } from './schema';

const toDate = (iso: string | null) => (iso === null ? null : new Date(iso));
const toIso = (date: Date | null) => (date === null ? null : date.toISOString());

export interface PricingSnapshotData {
  priceBooks: PriceBook[];
  prices: PriceRow[];
  promotions: Promotion[];
}

export async function upsertPriceBooks(tx: Transaction, rows: readonly PriceBookInput[]): Promise<number> {
  await tx
    .insert(priceBooks)
    .values(rows.map((row) => ({ ...row, validFrom: toDate(row.validFrom), validTo: toDate(row.validTo) })))
    .onConflictDoUpdate({
      target: priceBooks.id,
      set: replaceOnConflict(priceBooks, ['currency', 'channel', 'customerGroup', 'priority', 'validFrom', 'validTo']),
    });
  return rows.length;
}

/** Upserts price rows; 422 naming any price book or SKU that does not exist. */
export async function upsertPrices(tx: Transaction, rows: readonly PriceInput[]): Promise<number> {
  await assertReferencesExist(tx, rows);
  await tx
    .insert(prices)
    .values(rows.map((row) => ({ ...row })))
    .onConflictDoUpdate({
      target: [prices.priceBookId, prices.sku, prices.minQuantity],
      set: replaceOnConflict(prices, ['unitAmount', 'compareAtAmount']),
    });
  return rows.length;
}

async function assertReferencesExist(tx: Transaction, rows: readonly PriceInput[]): Promise<void> {
  const bookIds = [...new Set(rows.map((row) => row.priceBookId))];
  const skus = [...new Set(rows.map((row) => row.sku))];
  const [knownBooks, knownSkus] = await Promise.all([
    tx.select({ id: priceBooks.id }).from(priceBooks).where(inArray(priceBooks.id, bookIds)),
    tx.select({ sku: products.sku }).from(products).where(inArray(products.sku, skus)),
  ]);
  const missingBooks = difference(
    bookIds,
    knownBooks.map((b) => b.id),
  );
  const missingSkus = difference(
    skus,
    knownSkus.map((p) => p.sku),
  );
  if (missingBooks.length > 0 || missingSkus.length > 0) {
    const parts = [
      missingBooks.length > 0 ? `unknown price books: ${missingBooks.join(', ')}` : '',
      missingSkus.length > 0 ? `unknown SKUs: ${missingSkus.slice(0, 20).join(', ')}` : '',
    ].filter(Boolean);
    throw new ApiError('unprocessable', `Prices refer to ${parts.join('; ')}.`, {
      extensions: { missingBooks, missingSkus },
    });
  }
}

export async function upsertPromotions(tx: Transaction, rows: readonly PromotionInput[]): Promise<number> {
  await assertCodesFree(tx, rows);
  await tx
    .insert(promotions)
    .values(rows.map((row) => ({ ...row, startsAt: toDate(row.startsAt), endsAt: toDate(row.endsAt) })))
    .onConflictDoUpdate({
      target: promotions.id,
      set: replaceOnConflict(promotions, [
        'name',
        'kind',
        'value',
        'target',
        'buyQuantity',
        'getQuantity',
        'code',
        'usageLimit',
        'perCustomerLimit',
        'conditions',
        'startsAt',
        'endsAt',
        'priority',
        'exclusive',
        'active',
      ]),
    });
  return rows.length;
}

/** A coupon code belongs to one promotion: 409 if another promotion already uses it. */
async function assertCodesFree(tx: Transaction, rows: readonly PromotionInput[]): Promise<void> {
  const codes = rows.flatMap((row) => (row.code ? [row.code.toLowerCase()] : []));
  if (codes.length === 0) return;
  const holders = await tx
    .select({ id: promotions.id, code: promotions.code })
    .from(promotions)
    .where(inArray(sql`lower(${promotions.code})`, codes));
  const claimedBy = new Map(rows.map((row) => [row.code?.toLowerCase(), row.id]));
  const taken = holders.filter((holder) => claimedBy.get(holder.code?.toLowerCase()) !== holder.id);
  if (taken.length > 0) {
    const names = taken.map((holder) => `${holder.code} (promotion ${holder.id})`).join(', ');
    throw new ApiError('conflict', `Coupon codes already in use: ${names}.`);
  }
}

/** Everything the pricing engine needs, as published to the edge read model. */
export async function loadPricingSnapshot(tx: Transaction): Promise<PricingSnapshotData> {
  const [books, rows, promos] = await Promise.all([
    tx.select().from(priceBooks),
    tx.select().from(prices),
    tx.select().from(promotions).where(eq(promotions.active, true)),
  ]);
  return {
    priceBooks: books.map((book) => ({
      id: book.id,
      currency: book.currency,
      channel: book.channel as PriceBook['channel'],
      customerGroup: book.customerGroup,
      priority: book.priority,
      validFrom: toIso(book.validFrom),
      validTo: toIso(book.validTo),
    })),
    prices: rows.map((row) => ({
      priceBookId: row.priceBookId,
      sku: row.sku,
      unitAmount: row.unitAmount,
      minQuantity: row.minQuantity,
      compareAtAmount: row.compareAtAmount,
    })),
    promotions: promos.map((promo) => ({
      id: promo.id,
      name: promo.name,
      kind: promo.kind,
      value: promo.value,
      target: promo.target,
      buyQuantity: promo.buyQuantity,
      getQuantity: promo.getQuantity,
      code: promo.code,
      usageLimit: promo.usageLimit,
      perCustomerLimit: promo.perCustomerLimit,
      conditions: promo.conditions as Promotion['conditions'],
      startsAt: toIso(promo.startsAt),
      endsAt: toIso(promo.endsAt),
      priority: promo.priority,
      exclusive: promo.exclusive,
      active: promo.active,
    })),
  };
}

function difference(wanted: readonly string[], found: readonly string[]): string[] {
  const present = new Set(found);
  return wanted.filter((value) => !present.has(value));
}
