import { z } from '@hono/zod-openapi';
import { UnitsTotalSchema } from './bounds';
import { IdSchema, SkuSchema } from './common';
import { MoneySchema } from './pricing';

export const WishlistSchema = z
  .object({
    items: z.array(
      z.object({
        sku: SkuSchema,
        title: z.string(),
        unitAmount: MoneySchema.nullable().describe(
          "The unit price for the caller's channel and group; null if unpriced",
        ),
        available: UnitsTotalSchema.describe('Units available network-wide (ship-from locations), or at `locationId`'),
        addedAt: z.string(),
      }),
    ),
  })
  .openapi('Wishlist');

export const WishlistQuerySchema = z.object({
  locationId: IdSchema.optional().openapi({ description: 'Availability at this location instead of network-wide.' }),
});

export const ViewBodySchema = z.object({ sku: SkuSchema }).openapi('ProductView');

export const RecentlyViewedSchema = z
  .object({
    items: z.array(z.object({ sku: SkuSchema, title: z.string(), viewedAt: z.string() })),
  })
  .openapi('RecentlyViewed');
