import { z } from '@hono/zod-openapi';
import { DISPOSITIONS, REFUND_METHODS } from '../domain/returns';
import { IdSchema, SkuSchema, TextSchema } from './common';
import { MoneySchema as Money, QuantitySchema } from './pricing';

export const ReturnBodySchema = z
  .object({
    returnId: IdSchema.describe('The caller’s id for the return, unique per order: a repeat is the same return'),
    lines: z
      .array(
        z.object({
          sku: SkuSchema,
          quantity: QuantitySchema,
          disposition: z
            .enum(DISPOSITIONS)
            .describe('`restock`: back on the shelf at the return store; `damaged`: recorded, not restocked'),
        }),
      )
      .min(1)
      .max(200),
    locationId: IdSchema.optional().describe('Ops: the store it came back to. A till returns at its own store'),
    refundMethod: z.enum(REFUND_METHODS).default('original'),
    reason: TextSchema.min(1).max(500).optional(),
    force: z.boolean().default(false).describe('Ops only: take it back outside the return window (recorded)'),
  })
  .openapi('ReturnRequest');
export type ReturnBody = z.infer<typeof ReturnBodySchema>;

export const ReturnSchema = z
  .object({
    id: z.string(),
    returnId: z.string(),
    orderId: z.string(),
    locationId: z.string(),
    lines: z.array(
      z.object({
        sku: SkuSchema,
        quantity: QuantitySchema,
        disposition: z.enum(DISPOSITIONS),
        refundAmount: Money.describe('The line’s total after discounts, split over its units to the cent'),
      }),
    ),
    refundTotal: Money,
    refundMethod: z.enum(REFUND_METHODS),
    refunds: z.array(
      z.object({
        method: z.string().describe('The tender given back (`card`, `cash`, …), or `store_credit`'),
        amount: Money,
        status: z
          .enum(['pending', 'refunded', 'failed'])
          .describe('`pending` until the payment provider confirms; retried by the outbox'),
        reference: z.string().optional().describe('The provider’s refund id'),
      }),
    ),
    loyaltyPointsReversed: Money.describe('Points the return took back from what the order earned'),
    forced: z.boolean(),
    reason: z.string().optional(),
    createdAt: z.string(),
  })
  .openapi('Return');
export type ReturnView = z.infer<typeof ReturnSchema>;
