import { OpenAPIHono } from '@hono/zod-openapi';
import type { AppBindings } from '../http/context';
import { timed } from '../http/timing';
import { boughtTogetherFor } from '../recommendations/bought-together';
import { BoughtTogetherQuerySchema, BoughtTogetherSchema } from '../schemas/recommendations';
import { defineRoute, jsonResponse } from './define';

const getBoughtTogether = defineRoute('public', {
  operationId: 'getRecommendations',
  method: 'get',
  path: '/v1/recommendations',
  tag: 'Recommendations',
  summary: 'What was bought together with a SKU, from the orders of every channel',
  description:
    'Served from the edge read model, never Postgres; fresh within a minute of an order. `score` is the number of orders holding both SKUs; active SKUs only, highest score first, then SKU. A SKU nobody ordered with another, or not in the catalog, has an empty list.',
  request: { query: BoughtTogetherQuerySchema },
  responses: { 200: jsonResponse('The SKUs bought together with it, best first', BoughtTogetherSchema) },
});

export const recommendationRoutes = new OpenAPIHono<AppBindings>().openapi(getBoughtTogether, async (c) => {
  const { sku, limit } = c.req.valid('query');
  return c.json(await timed(c, 'kv', () => boughtTogetherFor(c.env, sku, limit)), 200);
});
