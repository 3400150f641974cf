import { OpenAPIHono, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { orderViewerOf } from '../auth/principal';
import type { AppBindings } from '../http/context';
import { timed } from '../http/timing';
import { storeQueue } from '../orders/store-queue';
import { OrderSchema, StoreQueueQuerySchema } from '../schemas/orders';
import { defineRoute, jsonResponse } from './define';

const listStoreOrders = defineRoute(['pos'], {
  operationId: 'listStoreOrders',
  method: 'get',
  path: '/v1/pos/orders',
  tag: 'POS',
  summary: 'The pickup and curbside orders at the till’s store: shoppers outside first, then oldest first',
  description:
    'At most 100. Curbside shoppers who checked in (`markCustomerArrived`) come first, in the order they arrived; the pickup code is never shown to a till.',
  request: { query: StoreQueueQuerySchema },
  responses: { 200: jsonResponse('The store’s queue', z.object({ orders: z.array(OrderSchema) })) },
  postgres: true,
});

/** A POS token always names its store (src/auth/tokens.ts); its queue is that store's. */
function tillOf(c: Context<AppBindings>) {
  const viewer = orderViewerOf(c.var.principal);
  const { locationId } = viewer;
  if (!locationId) throw new Error('a pos principal without a location got past the guard');
  return { ...viewer, locationId };
}

export const posOrderRoutes = new OpenAPIHono<AppBindings>().openapi(listStoreOrders, async (c) => {
  const deps = { db: c.var.database(), signingSecret: c.var.config.signingSecret };
  const orders = await timed(c, 'db', () => storeQueue(deps, tillOf(c), c.req.valid('query').status));
  return c.json({ orders }, 200);
});
