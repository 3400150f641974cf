import { z } from '@hono/zod-openapi';
import { CHANNELS, MAX_UNIT_AMOUNT, PROMOTION_KINDS, PROMOTION_SCOPES } from '../domain/pricing';
import { ListedProductSchema } from './catalog';
import { IdSchema, SkuSchema } from './common';
import { ChannelSchema, CurrencySchema, MAX_PER_CUSTOMER_LIMIT, MAX_USAGE_LIMIT, QuantitySchema } from './pricing';

// The bounds the admin API takes these with (src/schemas/pricing.ts), so a till can size its fields.
const Amount = z.number().int().min(0).max(MAX_UNIT_AMOUNT);
const Priority = z.number().int().min(-1000).max(1000);
const Instant = z.string().describe('ISO 8601 instant');

const PackTierSchema = z.object({
  minQuantity: QuantitySchema,
  unitAmount: Amount.describe('Per unit, in minor units of the currency'),
  compareAtAmount: Amount.nullable(),
});

const PackPriceBookSchema = z
  .object({
    priceBookId: z.string(),
    // Inline, not the named Channel: a nullable reference is documented as allOf [Channel, null], which admits no null.
    channel: z.enum(CHANNELS).nullable().describe('null: any channel; `pos`: only at the till'),
    customerGroup: z.string().nullable().describe('null: any customer; else only customers of this group'),
    priority: Priority,
    validFrom: Instant.nullable().describe('null: since always; the book applies from this instant on'),
    validTo: Instant.nullable().describe('null: no end; the book no longer applies at this instant'),
    tiers: z
      .record(SkuSchema, z.array(PackTierSchema))
      .describe(
        'Per SKU the book prices: its tiers, ascending by `minQuantity`. For `quantity` units the tier with the ' +
          'largest `minQuantity` ≤ quantity applies; below every tier, the first.',
      ),
  })
  .openapi('PosPriceBook');

const PackPromotionSchema = z
  .object({
    id: IdSchema,
    name: z.string(),
    kind: z.enum(PROMOTION_KINDS),
    value: z
      .number()
      .int()
      .min(1)
      .max(MAX_UNIT_AMOUNT)
      .describe('percent_off and buy_x_get_y: basis points; amount_off: minor units'),
    target: z.object({ scope: z.enum(PROMOTION_SCOPES), skus: z.array(SkuSchema).optional() }),
    buyQuantity: QuantitySchema.nullable(),
    getQuantity: QuantitySchema.nullable(),
    code: z.string().nullable().describe('null: applies by itself; else only with this coupon (case-insensitive)'),
    usageLimit: z
      .number()
      .int()
      .min(1)
      .max(MAX_USAGE_LIMIT)
      .nullable()
      .describe('Redemptions overall; only the server can count them'),
    perCustomerLimit: z.number().int().min(1).max(MAX_PER_CUSTOMER_LIMIT).nullable(),
    conditions: z
      .object({
        minSubtotal: Amount.optional(),
        channels: z.array(ChannelSchema).optional(),
        customerGroups: z.array(z.string()).optional(),
      })
      .describe('Absent or empty lists: no restriction'),
    startsAt: Instant.nullable(),
    endsAt: Instant.nullable(),
    priority: Priority,
    exclusive: z.boolean(),
  })
  .openapi('PosPromotion');

export const PosCatalogSchema = z
  .object({
    version: z.string().describe('Changes exactly when the content can change; also the ETag'),
    locationId: z.string().describe('The till’s store (its token’s `loc`)'),
    currency: CurrencySchema,
    products: z.array(ListedProductSchema).describe('Every active product, in SKU order'),
    prices: z
      .array(PackPriceBookSchema)
      .describe(
        'The price books that can apply on channel pos in this currency, for every customer group, in precedence ' +
          'order. A SKU’s price for a sale at instant t to a customer of group g (null for none) is taken from ' +
          'the first book in this order with `validFrom` ≤ t < `validTo`, `customerGroup` null or g, and tiers ' +
          'for the SKU: the engine’s own selection. Ended books are left out; books not yet valid are in.',
      ),
    promotions: z
      .array(PackPromotionSchema)
      .describe(
        'Active promotions that can apply on channel pos and have not ended, in application order (priority, ' +
          'then id); their windows, conditions and codes are for the till to evaluate.',
      ),
  })
  .openapi('PosCatalog');
