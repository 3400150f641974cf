import { z } from '@hono/zod-openapi';
import { FULFILLMENT_TYPES } from '../domain/cart';
import { CounterSchema, UnitsTotalSchema } from './bounds';
import { SkuSchema, TextSchema } from './common';
import {
  AppliedPromotionSchema,
  ChannelSchema,
  CouponCodeSchema,
  CouponIssueSchema,
  CurrencySchema,
  MoneySchema as Money,
  QuantitySchema,
  TotalsSchema,
} from './pricing';

export const FulfillmentTypeSchema = z.enum(FULFILLMENT_TYPES).openapi('FulfillmentType');

export const CartSchema = z
  .object({
    id: z.string(),
    version: CounterSchema.describe('Bumped by every write; send it back as If-Match to refuse stale writes'),
    currency: CurrencySchema,
    channel: ChannelSchema,
    lines: z.array(
      z.object({
        sku: SkuSchema,
        title: z.string(),
        quantity: QuantitySchema,
        unitAmount: Money.nullable().describe('null when the SKU has no price for this shopper'),
        lineSubtotal: Money,
        discount: Money,
        lineTotal: Money,
        available: UnitsTotalSchema.describe('Units available for the chosen fulfilment'),
        addedAt: z.string(),
      }),
    ),
    coupons: z.array(z.string()),
    couponIssues: z.array(CouponIssueSchema).describe('Coupons on the cart that do not apply right now, and why'),
    fulfillment: z.object({ type: FulfillmentTypeSchema, locationId: z.string().optional() }),
    appliedPromotions: z.array(AppliedPromotionSchema),
    totals: TotalsSchema,
    updatedAt: z.string(),
  })
  .openapi('Cart');

export const AddItemBodySchema = z.object({ sku: SkuSchema, quantity: QuantitySchema }).openapi('AddCartItem');
export const SetQuantityBodySchema = z
  .object({ quantity: z.number().int().min(0).max(999).describe('0 removes the line') })
  .openapi('SetCartItemQuantity');
export const CouponBodySchema = z.object({ code: CouponCodeSchema }).openapi('CartCoupon');
export const FulfillmentBodySchema = z
  .object({ type: FulfillmentTypeSchema, locationId: TextSchema.min(1).max(64).optional() })
  .refine((body) => body.type === 'ship' || body.locationId !== undefined, {
    message: 'pickup and curbside need a locationId',
    path: ['locationId'],
  })
  .openapi('CartFulfillment');
export const MergeBodySchema = z.object({ guestToken: TextSchema.min(1).max(4096) }).openapi('CartMerge');

export const IfMatchHeaderSchema = z.object({
  'if-match': z
    .string()
    .regex(/^(W\/)?"?\d+"?$/, 'must be the cart version, e.g. "12"')
    .optional()
    .describe('The cart version this write expects; a stale one is refused with 412'),
});
