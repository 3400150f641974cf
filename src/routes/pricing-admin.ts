import { OpenAPIHono } from '@hono/zod-openapi';
import type { AppBindings } from '../http/context';
import { timed } from '../http/timing';
import { publishPriceBooks, publishPrices, publishPromotions } from '../pricing/publish';
import { UpsertedSchema } from '../schemas/catalog';
import { PriceBooksUpsertBodySchema, PricesUpsertBodySchema, PromotionsUpsertBodySchema } from '../schemas/pricing';
import { defineRoute, jsonBody, jsonResponse } from './define';

const upserted = { 200: jsonResponse('How many were written', UpsertedSchema) };

const putPriceBooks = defineRoute(['ops'], {
  method: 'put',
  path: '/v1/admin/price-books',
  tags: ['Admin'],
  summary: 'Bulk upsert price books; visible to the next price read',
  request: jsonBody(PriceBooksUpsertBodySchema),
  responses: upserted,
});

const putPrices = defineRoute(['ops'], {
  method: 'put',
  path: '/v1/admin/prices',
  tags: ['Admin'],
  summary: 'Bulk upsert prices (up to 5000 rows); visible to the next price read',
  request: jsonBody(PricesUpsertBodySchema),
  responses: { ...upserted, 422: { description: 'A price book or SKU does not exist' } },
});

const putPromotions = defineRoute(['ops'], {
  method: 'put',
  path: '/v1/admin/promotions',
  tags: ['Admin'],
  summary: 'Bulk upsert promotions and coupons; visible to the next price read',
  request: jsonBody(PromotionsUpsertBodySchema),
  responses: { ...upserted, 409: { description: 'A coupon code belongs to another promotion' } },
});

export const pricingAdminRoutes = new OpenAPIHono<AppBindings>()
  .openapi(putPriceBooks, async (c) => {
    const { priceBooks } = c.req.valid('json');
    return c.json(
      { upserted: await timed(c, 'db', () => publishPriceBooks(c.env, c.var.database(), priceBooks)) },
      200,
    );
  })
  .openapi(putPrices, async (c) => {
    const { prices } = c.req.valid('json');
    return c.json({ upserted: await timed(c, 'db', () => publishPrices(c.env, c.var.database(), prices)) }, 200);
  })
  .openapi(putPromotions, async (c) => {
    const { promotions } = c.req.valid('json');
    return c.json(
      { upserted: await timed(c, 'db', () => publishPromotions(c.env, c.var.database(), promotions)) },
      200,
    );
  });
