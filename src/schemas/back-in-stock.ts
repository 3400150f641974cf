import { z } from '@hono/zod-openapi';
import { BACK_IN_STOCK_STATUSES } from '../domain/back-in-stock';
import { IdSchema, SkuSchema } from './common';

export const BackInStockBodySchema = z
  .object({
    sku: SkuSchema,
    /** Omitted: tell me when the ship-from network (delivery) has it again. */
    locationId: IdSchema.optional(),
  })
  .openapi('BackInStockRequest');
export type BackInStockBody = z.infer<typeof BackInStockBodySchema>;

export const BackInStockSubscriptionSchema = z
  .object({
    id: z.string(),
    sku: z.string(),
    locationId: z.string().nullable().openapi({ description: 'null: the ship-from network' }),
    status: z.enum(BACK_IN_STOCK_STATUSES),
    createdAt: z.string(),
    notifiedAt: z.string().nullable(),
  })
  .openapi('BackInStockSubscription');
export type BackInStockSubscriptionView = z.infer<typeof BackInStockSubscriptionSchema>;

export const BackInStockListSchema = z.object({ subscriptions: z.array(BackInStockSubscriptionSchema) });
