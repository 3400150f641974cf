import { z } from '@hono/zod-openapi';
import { DEFAULT_CURRENCY, MAX_UNIT_AMOUNT } from '../domain/pricing';
import { TENDERS } from '../domain/pos';
import { IdSchema, SkuSchema, TextSchema, uniqueBy } from './common';
import { CouponCodeSchema, CurrencySchema, MoneySchema, QuantitySchema } from './pricing';

export const MAX_SALE_LINES = 200;
export const MAX_SYNC_SALES = 200;

const SaleLineSchema = z.object({
  sku: SkuSchema,
  quantity: QuantitySchema,
  unitAmount: z
    .number()
    .int()
    .min(0)
    .max(MAX_UNIT_AMOUNT)
    .optional()
    .describe('Offline: what the till charged per unit (required). Online: a manual price, with `overrideReason`'),
  overrideReason: TextSchema.min(1).max(200).optional().describe('Why the staff member set the price'),
});

export const PosSaleBodySchema = z
  .object({
    saleId: IdSchema.describe('The till’s own id for the sale, unique at its store: a repeat is the same sale'),
    occurredAt: z.iso.datetime().describe('When the till rang it up (UTC ISO 8601); at most 7 days ago'),
    lines: z
      .array(SaleLineSchema)
      .min(1)
      .max(MAX_SALE_LINES)
      .superRefine(uniqueBy((line) => line.sku, 'sku')),
    customerId: IdSchema.optional().describe('Links the sale to the customer’s order history on every channel'),
    coupons: z.array(CouponCodeSchema).max(10).default([]),
    payments: z
      .array(
        z.object({
          tender: z.enum(TENDERS),
          amount: MoneySchema.describe('Cash: what was handed over; the order records the change'),
          reference: TextSchema.min(1).max(100).optional().describe('E.g. the card terminal’s approval code'),
        }),
      )
      .max(10),
    offline: z.boolean().default(false).describe('Rung up while the till was offline, from its cached catalog'),
    currency: CurrencySchema.default(DEFAULT_CURRENCY),
    catalogVersion: TextSchema.min(1)
      .max(200)
      .optional()
      .describe('The `version` of the till’s catalog pack the sale was priced from'),
  })
  .superRefine((sale, ctx) => {
    sale.lines.forEach((line, index) => {
      if (sale.offline && line.unitAmount === undefined) {
        ctx.addIssue({
          code: 'custom',
          path: ['lines', index, 'unitAmount'],
          message: 'an offline sale records what was charged: every line needs its unitAmount',
        });
      }
      if (!sale.offline && line.unitAmount !== undefined && line.overrideReason === undefined) {
        ctx.addIssue({
          code: 'custom',
          path: ['lines', index, 'overrideReason'],
          message: 'a manual price needs the reason it was set',
        });
      }
      if (line.overrideReason !== undefined && line.unitAmount === undefined) {
        ctx.addIssue({
          code: 'custom',
          path: ['lines', index, 'unitAmount'],
          message: 'an overrideReason goes with the manual unitAmount it explains',
        });
      }
    });
  })
  .openapi('PosSaleRequest');
export type PosSaleBody = z.infer<typeof PosSaleBodySchema>;

export const PosSyncBodySchema = z
  .object({
    sales: z
      .array(
        z.unknown().openapi({
          type: 'object',
          description:
            'A `PosSaleRequest`. Each is validated on its own, so one bad sale is answered in its result and does not stop the rest',
        }),
      )
      .min(1)
      .max(MAX_SYNC_SALES),
  })
  .openapi('PosSyncRequest');

export const SYNC_OUTCOMES = ['created', 'replayed', 'rejected', 'failed'] as const;

export const PosSyncResultSchema = z
  .object({
    results: z.array(
      z.object({
        saleId: z.string().nullable().describe('Null when the sale had no usable saleId'),
        status: z
          .enum(SYNC_OUTCOMES)
          .describe(
            '`created`; `replayed` (uploaded before: the same order); `rejected` (fix it, see `problem`); `failed` (on our side: upload it again)',
          ),
        orderId: z.string().optional(),
        problem: z.record(z.string(), z.unknown()).optional().describe('The problem+json the sale alone would get'),
      }),
    ),
  })
  .openapi('PosSyncResult');
