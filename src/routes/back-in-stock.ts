import { OpenAPIHono, z } from '@hono/zod-openapi';
import { orderViewerOf } from '../auth/principal';
import { subscribe, subscriptionsFor, unsubscribe } from '../back-in-stock/subscriptions';
import type { AppBindings } from '../http/context';
import { timed } from '../http/timing';
import { BackInStockBodySchema, BackInStockListSchema, BackInStockSubscriptionSchema } from '../schemas/back-in-stock';
import { IdSchema } from '../schemas/common';
import { defineRoute, jsonBody, jsonResponse } from './define';

// Customers only: a guest has no contact to be told at, and tills and ops have no wishes of their own.
const createSubscription = defineRoute(['customer'], {
  operationId: 'createBackInStockSubscription',
  method: 'post',
  path: '/v1/back-in-stock',
  tag: 'Back in stock',
  summary: 'Be told once when a SKU is available again at a location, or for delivery without one',
  request: jsonBody(BackInStockBodySchema),
  responses: {
    201: jsonResponse('The new subscription, waiting', BackInStockSubscriptionSchema),
    200: jsonResponse(
      'The caller’s subscription already waiting for this SKU and place',
      BackInStockSubscriptionSchema,
    ),
  },
  problems: {
    unprocessable: 'The SKU is not a product on sale, or the location does not exist.',
    too_many_subscriptions: 'The caller already has 50 waiting subscriptions (`max`).',
  },
  postgres: true,
});
const listSubscriptions = defineRoute(['customer'], {
  operationId: 'listBackInStockSubscriptions',
  method: 'get',
  path: '/v1/back-in-stock',
  tag: 'Back in stock',
  summary: 'The caller’s subscriptions, waiting and notified, oldest first',
  responses: { 200: jsonResponse('The caller’s subscriptions', BackInStockListSchema) },
  postgres: true,
});
const deleteSubscription = defineRoute(['customer'], {
  operationId: 'deleteBackInStockSubscription',
  method: 'delete',
  path: '/v1/back-in-stock/{id}',
  tag: 'Back in stock',
  summary: 'Stop waiting (or forget a notified subscription)',
  request: { params: z.object({ id: IdSchema }) },
  responses: { 200: jsonResponse('The deleted subscription', BackInStockSubscriptionSchema) },
  problems: { not_found: 'The caller has no subscription with this id.' },
  postgres: true,
});

export const backInStockRoutes = new OpenAPIHono<AppBindings>()
  .openapi(createSubscription, async (c) => {
    const deps = { db: c.var.database() };
    const { id } = orderViewerOf(c.var.principal);
    const result = await timed(c, 'db', () => subscribe(deps, id, c.req.valid('json')));
    return result.created ? c.json(result.subscription, 201) : c.json(result.subscription, 200);
  })
  .openapi(listSubscriptions, async (c) => {
    const deps = { db: c.var.database() };
    const { id } = orderViewerOf(c.var.principal);
    return c.json({ subscriptions: await timed(c, 'db', () => subscriptionsFor(deps, id)) }, 200);
  })
  .openapi(deleteSubscription, async (c) => {
    const deps = { db: c.var.database() };
    const { id } = orderViewerOf(c.var.principal);
    return c.json(await timed(c, 'db', () => unsubscribe(deps, id, c.req.valid('param').id)), 200);
  });
