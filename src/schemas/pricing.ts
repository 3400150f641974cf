import { z } from '@hono/zod-openapi';
import { CHANNELS } from '../domain/channels';
import {
  COUPON_REJECTION_REASONS,
  MAX_ORDER_AMOUNT,
  MAX_UNIT_AMOUNT,
  PROMOTION_KINDS,
  PROMOTION_SCOPES,
} from '../domain/pricing';
import { IdSchema, SkuSchema, TextSchema, uniqueBy } from './common';

export const ChannelSchema = z.enum(CHANNELS).openapi('Channel');
export const CurrencySchema = z
  .string()
  .regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code such as USD')
  .openapi({ example: 'USD' });
export const InstantSchema = z.iso.datetime({ offset: true }).openapi({ example: '2026-11-23T00:00:00Z' });
/** A unit price or a promotion's threshold: at most MAX_UNIT_AMOUNT (1,000,000.00 in a two-decimal currency). */
const MinorUnits = z.number().int().min(0).max(MAX_UNIT_AMOUNT);
/** A promotion's redemptions overall and per customer; both fit the 32-bit counters they are compared with. */
export const MAX_USAGE_LIMIT = 1_000_000_000;
export const MAX_PER_CUSTOMER_LIMIT = 1_000_000;
const GroupSchema = TextSchema.min(1).max(64);

const endsAfterStart =
  <T>(start: keyof T, end: keyof T) =>
  (value: T) =>
    !value[start] || !value[end] || Date.parse(String(value[start])) < Date.parse(String(value[end]));

export const PriceBookInputSchema = z
  .object({
    id: IdSchema,
    currency: CurrencySchema,
    // Inline, not the named Channel: a nullable reference is documented as allOf [Channel, null], which admits no null.
    channel: z
      .enum(CHANNELS)
      .nullish()
      .transform((v) => v ?? null)
      .describe('null or absent: any channel'),
    customerGroup: GroupSchema.nullish().transform((v) => v ?? null),
    priority: z.number().int().min(-1000).max(1000).default(0),
    validFrom: InstantSchema.nullish().transform((v) => v ?? null),
    validTo: InstantSchema.nullish().transform((v) => v ?? null),
  })
  .refine(endsAfterStart('validFrom', 'validTo'), { message: 'validTo must be after validFrom', path: ['validTo'] })
  .openapi('PriceBookInput');
export type PriceBookInput = z.infer<typeof PriceBookInputSchema>;

export const PriceBooksUpsertBodySchema = z.object({
  priceBooks: z
    .array(PriceBookInputSchema)
    .min(1)
    .max(1000)
    .superRefine(uniqueBy((b) => b.id, 'price book id')),
});

export const PriceInputSchema = z
  .object({
    priceBookId: IdSchema,
    sku: SkuSchema,
    unitAmount: MinorUnits,
    minQuantity: z.number().int().min(1).max(999).default(1),
    compareAtAmount: MinorUnits.nullish().transform((v) => v ?? null),
  })
  .openapi('PriceInput');
export type PriceInput = z.infer<typeof PriceInputSchema>;

export const PricesUpsertBodySchema = z.object({
  prices: z
    .array(PriceInputSchema)
    .min(1)
    .max(5000)
    .superRefine(uniqueBy((p) => `${p.priceBookId}/${p.sku}/${p.minQuantity}`, 'price (book/sku/minQuantity)')),
});

export const PromotionInputSchema = z
  .object({
    id: IdSchema,
    name: TextSchema.min(1).max(200),
    kind: z.enum(PROMOTION_KINDS),
    value: z.number().int().min(1).max(MAX_UNIT_AMOUNT),
    target: z.object({ scope: z.enum(PROMOTION_SCOPES), skus: z.array(SkuSchema).min(1).max(1000).optional() }),
    buyQuantity: z
      .number()
      .int()
      .min(1)
      .max(999)
      .nullish()
      .transform((v) => v ?? null),
    getQuantity: z
      .number()
      .int()
      .min(1)
      .max(999)
      .nullish()
      .transform((v) => v ?? null),
    code: z
      .string()
      .regex(/^[A-Za-z0-9_-]{3,32}$/, 'must be 3-32 letters, digits, _ or -')
      .nullish()
      .transform((v) => v ?? null),
    usageLimit: z
      .number()
      .int()
      .min(1)
      .max(MAX_USAGE_LIMIT)
      .nullish()
      .transform((v) => v ?? null),
    perCustomerLimit: z
      .number()
      .int()
      .min(1)
      .max(MAX_PER_CUSTOMER_LIMIT)
      .nullish()
      .transform((v) => v ?? null),
    conditions: z
      .object({
        minSubtotal: MinorUnits.optional(),
        channels: z.array(ChannelSchema).min(1).max(CHANNELS.length).optional(),
        customerGroups: z.array(GroupSchema).min(1).max(100).optional(),
      })
      .default({}),
    startsAt: InstantSchema.nullish().transform((v) => v ?? null),
    endsAt: InstantSchema.nullish().transform((v) => v ?? null),
    priority: z.number().int().min(-1000).max(1000).default(0),
    exclusive: z.boolean().default(false),
    active: z.boolean().default(true),
  })
  .refine(endsAfterStart('startsAt', 'endsAt'), { message: 'endsAt must be after startsAt', path: ['endsAt'] })
  .refine((p) => p.kind === 'amount_off' || p.value <= 10_000, {
    message: 'percent_off and buy_x_get_y values are basis points, at most 10000',
    path: ['value'],
  })
  .refine((p) => p.kind !== 'buy_x_get_y' || (p.buyQuantity !== null && p.getQuantity !== null), {
    message: 'buy_x_get_y needs buyQuantity and getQuantity',
    path: ['buyQuantity'],
  })
  .refine((p) => p.target.scope !== 'skus' || (p.target.skus?.length ?? 0) > 0, {
    message: 'a skus target must list its SKUs',
    path: ['target', 'skus'],
  })
  .openapi('PromotionInput');
export type PromotionInput = z.infer<typeof PromotionInputSchema>;

export const PromotionsUpsertBodySchema = z.object({
  promotions: z
    .array(PromotionInputSchema)
    .min(1)
    .max(1000)
    .superRefine(uniqueBy((p) => p.id, 'promotion id'))
    .superRefine(uniqueBy((p) => p.code?.toLowerCase() ?? `no-code:${p.id}`, 'coupon code')),
});

const TierSchema = z.object({ minQuantity: z.number().int().min(1).max(999), unitAmount: MinorUnits });

export const PriceListSchema = z
  .object({
    currency: CurrencySchema,
    channel: ChannelSchema,
    prices: z.array(
      z.object({
        sku: SkuSchema,
        unitAmount: MinorUnits,
        compareAtAmount: MinorUnits.nullable(),
        priceBookId: z.string(),
        tiers: z.array(TierSchema).readonly(),
      }),
    ),
    unpriced: z.array(SkuSchema),
  })
  .openapi('PriceList');

export const QuantitySchema = z.number().int().min(1, 'must be at least 1').max(999, 'must be at most 999');
export const CouponCodeSchema = TextSchema.min(1).max(32);

/**
 * Integer minor units of the currency, up to MAX_ORDER_AMOUNT: the most an order
 * can reach (200 lines × 999 units × MAX_UNIT_AMOUNT), a safe integer that the
 * bigint money columns hold.
 */
export const MoneySchema = z.number().int().min(0).max(MAX_ORDER_AMOUNT);

/** A SKU and how many units of it: a basket line, a reservation item. */
export const LineRequestSchema = z.object({ sku: SkuSchema, quantity: QuantitySchema }).openapi('LineRequest');

export const TotalsSchema = z
  .object({ subtotal: MoneySchema, discount: MoneySchema, total: MoneySchema })
  .openapi('Totals');

export const AppliedPromotionSchema = z
  .object({ id: z.string(), name: z.string(), amount: MoneySchema.describe('What it took off, in minor units') })
  .openapi('AppliedPromotion');

export const CouponIssueSchema = z
  .object({
    code: z.string(),
    reason: z.enum(COUPON_REJECTION_REASONS),
    minimumSubtotal: MoneySchema.optional().describe('With `below_minimum_subtotal`: the subtotal it needs'),
  })
  .describe('A coupon on the basket that does not apply right now, and why')
  .openapi('CouponIssue');

export const QuoteRequestSchema = z
  .object({
    currency: CurrencySchema.optional(),
    lines: z.array(LineRequestSchema).min(1).max(200),
    coupons: z.array(CouponCodeSchema).max(10).default([]),
  })
  .openapi('QuoteRequest');

export const QuoteSchema = z
  .object({
    currency: CurrencySchema,
    channel: ChannelSchema,
    lines: z.array(
      z.object({
        sku: SkuSchema,
        quantity: QuantitySchema,
        unitAmount: MinorUnits,
        compareAtAmount: MinorUnits.nullable(),
        lineSubtotal: MoneySchema,
        discount: MoneySchema,
        lineTotal: MoneySchema,
      }),
    ),
    totals: TotalsSchema,
    appliedPromotions: z.array(AppliedPromotionSchema),
    couponIssues: z.array(CouponIssueSchema),
    quoteToken: z.string().describe('Compact JWS; checkout honours these prices until expiresAt'),
    expiresAt: z.string(),
  })
  .openapi('Quote');
