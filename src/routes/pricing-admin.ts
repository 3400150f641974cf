import { OpenAPIHono } from '@hono/zod-openapi';
import type { AppBindings } from '../http/context';
import { flowDeps } from '../http/flow-deps';
import { timed } from '../http/timing';
import { publishPriceBooks, publishPrices, publishPromotions } from '../pricing/publish';
import { UpsertedSchema } from '../schemas/catalog';
import { PriceBooksUpsertBodySchema, PricesUpsertBodySchema, PromotionsUpsertBodySchema } from '../schemas/pricing';
import { defineRoute, jsonBody, jsonResponse } from './define';

const upsert = {
  tag: 'Pricing',
  responses: { 200: jsonResponse('How many were written', UpsertedSchema) },
  postgres: true,
} as const;

const putPriceBooks = defineRoute(['ops'], {
  ...upsert,
  operationId: 'upsertPriceBooks',
  method: 'put',
  path: '/v1/admin/price-books',
  summary: 'Bulk upsert price books; visible to the next price read',
  request: jsonBody(PriceBooksUpsertBodySchema),
});

const putPrices = defineRoute(['ops'], {
  ...upsert,
  operationId: 'upsertPrices',
  method: 'put',
  path: '/v1/admin/prices',
  summary: 'Bulk upsert prices (up to 5000 rows); visible to the next price read',
  request: jsonBody(PricesUpsertBodySchema),
  problems: { unprocessable: 'A price book or SKU does not exist (`missingBooks`, `missingSkus`).' },
});

const putPromotions = defineRoute(['ops'], {
  ...upsert,
  operationId: 'upsertPromotions',
  method: 'put',
  path: '/v1/admin/promotions',
  summary: 'Bulk upsert promotions and coupons; visible to the next price read',
  request: jsonBody(PromotionsUpsertBodySchema),
  problems: { conflict: 'A coupon code belongs to another promotion.' },
});

export const pricingAdminRoutes = new OpenAPIHono<AppBindings>()
  .openapi(putPriceBooks, async (c) => {
    const { priceBooks } = c.req.valid('json');
    return c.json({ upserted: await timed(c, 'db', () => publishPriceBooks(flowDeps(c), priceBooks)) }, 200);
  })
  .openapi(putPrices, async (c) => {
    const { prices } = c.req.valid('json');
    return c.json({ upserted: await timed(c, 'db', () => publishPrices(flowDeps(c), prices)) }, 200);
  })
  .openapi(putPromotions, async (c) => {
    const { promotions } = c.req.valid('json');
    return c.json({ upserted: await timed(c, 'db', () => publishPromotions(flowDeps(c), promotions)) }, 200);
  });
