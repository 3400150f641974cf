import { OpenAPIHono } from '@hono/zod-openapi';
import type { AppBindings } from '../http/context';
import { userOf } from '../auth/principal';
import { flowDeps } from '../http/flow-deps';
import { timed } from '../http/timing';
import { boughtTogetherFor } from '../recommendations/bought-together';
import { shopperRecommendations } from '../recommendations/shopper';
import {
  BoughtTogetherQuerySchema,
  BoughtTogetherSchema,
  ShopperRecommendationsQuerySchema,
  ShopperRecommendationsSchema,
} from '../schemas/recommendations';
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

const getForShopper = defineRoute(['customer'], {
  operationId: 'getShopperRecommendations',
  method: 'get',
  path: '/v1/me/recommendations',
  tag: 'Recommendations',
  summary: 'For the signed-in shopper: what they viewed and did not buy, then what goes with what they bought',
  description:
    'Viewed but not bought (newest view first), then bought together with what they bought on any channel (by summed score); never what they already bought; only SKUs available at `locationId`, or from the ship-from network without one.',
  request: { query: ShopperRecommendationsQuerySchema },
  responses: { 200: jsonResponse('Recommendations, best first', ShopperRecommendationsSchema) },
  postgres: true,
});

export const recommendationRoutes = new OpenAPIHono<AppBindings>()
  .openapi(getBoughtTogether, async (c) => {
    const { sku, limit } = c.req.valid('query');
    return c.json(await timed(c, 'kv', () => boughtTogetherFor(c.env, sku, limit)), 200);
  })
  .openapi(getForShopper, async (c) => {
    const query = { ...c.req.valid('query'), customerId: userOf(c.var.principal).sub };
    return c.json(await timed(c, 'db', () => shopperRecommendations(flowDeps(c), query)), 200);
  });
