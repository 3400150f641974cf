import { eq, inArray, sql } from 'drizzle-orm';
import type { PriceBook, PriceRow, Promotion } from '../domain/pricing';
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

/** Rows that name a price book or SKU that does not exist; nothing is written then. */
export interface MissingReferences {
  missingBooks: string[];
  missingSkus: string[];
}

export type PriceUpsert = { ok: true; upserted: number } | ({ ok: false } & MissingReferences);

/** Upserts price rows, unless some name a price book or SKU that does not exist. */
export async function upsertPrices(tx: Transaction, rows: readonly PriceInput[]): Promise<PriceUpsert> {
  const missing = await missingReferences(tx, rows);
  if (missing.missingBooks.length > 0 || missing.missingSkus.length > 0) return { ok: false, ...missing };
  await tx
    .insert(prices)
    .values(rows.map((row) => ({ ...row })))
    .onConflictDoUpdate({
      target: [prices.priceBookId, prices.sku, prices.minQuantity],
      set: replaceOnConflict(prices, ['unitAmount', 'compareAtAmount']),
    });
  return { ok: true, upserted: rows.length };
}

async function missingReferences(tx: Transaction, rows: readonly PriceInput[]): Promise<MissingReferences> {
  const bookIds = [...new Set(rows.map((row) => row.priceBookId))];
  const skus = [...new Set(rows.map((row) => row.sku))];
  const [knownBooks, knownSkus] = await Promise.all([
    tx.select({ id: priceBooks.id }).from(priceBooks).where(inArray(priceBooks.id, bookIds)),
    tx.select({ sku: products.sku }).from(products).where(inArray(products.sku, skus)),
  ]);
  return {
    missingBooks: difference(
      bookIds,
      knownBooks.map((b) => b.id),
    ),
    missingSkus: difference(
      skus,
      knownSkus.map((p) => p.sku),
    ),
  };
}

export type PromotionUpsert = { ok: true; upserted: number } | { ok: false; takenCodes: TakenCode[] };

export interface TakenCode {
  code: string;
  promotionId: string;
}

/** Upserts promotions, unless a coupon code already belongs to another promotion. */
export async function upsertPromotions(tx: Transaction, rows: readonly PromotionInput[]): Promise<PromotionUpsert> {
  const takenCodes = await codesTakenElsewhere(tx, rows);
  if (takenCodes.length > 0) return { ok: false, takenCodes };
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
  return { ok: true, upserted: rows.length };
}

/** A coupon code belongs to one promotion (case-insensitively): those another promotion already uses. */
async function codesTakenElsewhere(tx: Transaction, rows: readonly PromotionInput[]): Promise<TakenCode[]> {
  const codes = rows.flatMap((row) => (row.code ? [row.code.toLowerCase()] : []));
  if (codes.length === 0) return [];
  const holders = await tx
    .select({ id: promotions.id, code: promotions.code })
    .from(promotions)
    .where(inArray(sql`lower(${promotions.code})`, codes));
  const claimedBy = new Map(rows.map((row) => [row.code?.toLowerCase(), row.id]));
  return holders
    .filter((holder) => claimedBy.get(holder.code?.toLowerCase()) !== holder.id)
    .map((holder) => ({ code: holder.code ?? '', promotionId: holder.id }));
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
