import { OpenAPIHono, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { orderViewerOf } from '../auth/principal';
import type { AppBindings } from '../http/context';
import { timed } from '../http/timing';
import { listOrders as listOrdersOf, showOrder, type OrderDeps } from '../orders/orders';
import { pickupPassJwks } from '../orders/pickup-pass';
import { changeOrder, type OrderChange } from '../orders/transitions';
import { OrderIdParamSchema, OrderSchema } from '../schemas/orders';
import { defineRoute, jsonBody, jsonResponse } from './define';

const PAGE_SIZE = 20;
const orderResponse = {
  200: jsonResponse('The order', OrderSchema),
  404: { description: 'No such order for this caller' },
};
const transitionResponses = { ...orderResponse, 409: { description: 'The order is not in a status that allows this' } };

const listOrders = defineRoute(['customer'], {
  method: 'get',
  path: '/v1/orders',
  tags: ['Orders'],
  summary: "The caller's orders from every channel, newest first",
  request: {
    query: z.object({
      cursor: z.string().max(200).optional(),
      limit: z.coerce.number().int().min(1).max(100).default(PAGE_SIZE),
    }),
  },
  responses: {
    200: jsonResponse(
      'A page of orders',
      z.object({ orders: z.array(OrderSchema), nextCursor: z.string().nullable() }),
    ),
  },
});
const getOrder = defineRoute(['customer', 'pos', 'ops'], {
  method: 'get',
  path: '/v1/orders/{id}',
  tags: ['Orders'],
  summary: 'One order (its customer, ops, or a till at its store)',
  request: { params: OrderIdParamSchema },
  responses: orderResponse,
});
const cancelOrder = defineRoute(['customer', 'pos', 'ops'], {
  method: 'post',
  path: '/v1/orders/{id}/cancel',
  tags: ['Orders'],
  summary: 'Cancel; its stock is released or restocked',
  request: { params: OrderIdParamSchema },
  responses: transitionResponses,
});
const readyOrder = defineRoute(['pos', 'ops'], {
  method: 'post',
  path: '/v1/orders/{id}/ready',
  tags: ['Orders'],
  summary: 'Mark a pickup order ready at its store',
  request: { params: OrderIdParamSchema },
  responses: transitionResponses,
});
const pickupOrder = defineRoute(['pos'], {
  method: 'post',
  path: '/v1/orders/{id}/pickup',
  tags: ['Orders'],
  summary: 'Hand over a pickup order against its code',
  request: { params: OrderIdParamSchema, ...jsonBody(z.object({ pickupCode: z.string().min(1).max(20) })) },
  responses: { ...transitionResponses, 422: { description: 'Wrong pickup code' } },
});
const passKeys = defineRoute('public', {
  method: 'get',
  path: '/v1/pickup-passes/jwks.json',
  tags: ['Orders'],
  summary: 'Public key(s) tills verify pickup passes with, offline',
  responses: { 200: jsonResponse('JWKS', z.object({ keys: z.array(z.record(z.string(), z.unknown())) })) },
});

function orderDeps(c: Context<AppBindings>): OrderDeps {
  return {
    env: c.env,
    db: c.var.database(),
    signingSecret: c.var.config.signingSecret,
    waitUntil: (work) => c.executionCtx.waitUntil(work),
  };
}

async function change(c: Context<AppBindings>, id: string, requested: OrderChange) {
  const viewer = orderViewerOf(c.var.principal);
  return c.json(await timed(c, 'db', () => changeOrder(orderDeps(c), viewer, id, requested)), 200);
}

export const orderRoutes = new OpenAPIHono<AppBindings>()
  .openapi(listOrders, async (c) => {
    const viewer = orderViewerOf(c.var.principal);
    return c.json(await timed(c, 'db', () => listOrdersOf(orderDeps(c), viewer, c.req.valid('query'))), 200);
  })
  .openapi(getOrder, async (c) => {
    const viewer = orderViewerOf(c.var.principal);
    return c.json(await timed(c, 'db', () => showOrder(orderDeps(c), viewer, c.req.valid('param').id)), 200);
  })
  .openapi(cancelOrder, (c) => change(c, c.req.valid('param').id, { action: 'cancel' }))
  .openapi(readyOrder, (c) => change(c, c.req.valid('param').id, { action: 'ready' }))
  .openapi(pickupOrder, (c) =>
    change(c, c.req.valid('param').id, { action: 'pickup', pickupCode: c.req.valid('json').pickupCode }),
  )
  .openapi(passKeys, async (c) => c.json(await pickupPassJwks(c.var.config.signingSecret), 200));
