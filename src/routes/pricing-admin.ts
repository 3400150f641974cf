import { OpenAPIHono } from '@hono/zod-openapi';
import type { AppBindings } from '../http/context';
import type { Transaction } from '../db/client';
import { loadPricingSnapshot, upsertPriceBooks, upsertPrices, upsertPromotions } from '../db/pricing';
import { timed } from '../http/timing';
import { PricingReadModel } from '../read-model/pricing';
import { writeThenPublish } from '../read-model/publish';
import { UpsertedSchema } from '../schemas/catalog';
import { PriceBooksUpsertBodySchema, PricesUpsertBodySchema, PromotionsUpsertBodySchema } from '../schemas/pricing';
import { defineRoute, jsonBody, jsonResponse } from './define';
import type { Context } from 'hono';

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

/** Every pricing write republishes the whole pricing snapshot in the same transaction. */
function writePricing(c: Context<AppBindings>, write: (tx: Transaction) => Promise<number>) {
  const readModel = new PricingReadModel(c.env.READ_MODEL);
  return timed(c, 'db', () =>
    writeThenPublish(c.var.database(), 'pricing', write, async (_, tx) =>
      readModel.publish(await loadPricingSnapshot(tx)),
    ),
  );
}

export const pricingAdminRoutes = new OpenAPIHono<AppBindings>()
  .openapi(putPriceBooks, async (c) => {
    const { priceBooks } = c.req.valid('json');
    return c.json({ upserted: await writePricing(c, (tx) => upsertPriceBooks(tx, priceBooks)) }, 200);
  })
  .openapi(putPrices, async (c) => {
    const { prices } = c.req.valid('json');
    return c.json({ upserted: await writePricing(c, (tx) => upsertPrices(tx, prices)) }, 200);
  })
  .openapi(putPromotions, async (c) => {
    const { promotions } = c.req.valid('json');
    return c.json({ upserted: await writePricing(c, (tx) => upsertPromotions(tx, promotions)) }, 200);
  });
