import { z } from '@hono/zod-openapi';
import { RECOMMENDATION_REASONS } from '../domain/recommendations';
import { MAX_COUNTER, UnitsTotalSchema } from './bounds';
import { IdSchema, SkuSchema } from './common';

const limitQuery = z.coerce.number().int().min(1).max(50).default(10);

export const BoughtTogetherQuerySchema = z.object({
  sku: SkuSchema,
  limit: limitQuery,
});

export const BoughtTogetherSchema = z
  .object({
    sku: SkuSchema,
    items: z.array(
      z.object({
        sku: SkuSchema,
        title: z.string(),
        /** Orders, of every channel, that held both SKUs. */
        score: z.number().int().min(1).max(MAX_COUNTER),
      }),
    ),
  })
  .openapi('BoughtTogether');

/** `GET /v1/me/recommendations` (wired by the shopper's routes). */
export const ShopperRecommendationsQuerySchema = z.object({
  locationId: IdSchema.optional(),
  limit: limitQuery,
});

export const ShopperRecommendationsSchema = z
  .object({
    items: z.array(
      z.object({
        sku: SkuSchema,
        title: z.string(),
        reason: z.enum(RECOMMENDATION_REASONS),
        available: UnitsTotalSchema,
      }),
    ),
  })
  .openapi('ShopperRecommendations');
