import { OpenAPIHono, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { orderViewerOf } from '../auth/principal';
import type { AppBindings } from '../http/context';
import { timed } from '../http/timing';
import { checkIn } from '../orders/arrival';
import { listEveryOrder, listOrders as listOrdersOf, showOrder, type OrderDeps } from '../orders/orders';
import { pickupPassJwks } from '../orders/pickup-pass';
import { changeOrder, type OrderChange } from '../orders/transitions';
import { PageQuerySchema, TextSchema } from '../schemas/common';
import { AdminOrderQuerySchema, ArrivalBodySchema, OrderIdParamSchema, OrderSchema } from '../schemas/orders';
import { defineRoute, jsonBody, jsonResponse } from './define';

const orderResponse = { 200: jsonResponse('The order', OrderSchema) };
const NOT_VISIBLE = 'No order has this id, or not one the caller may see.';
const transitionRoute = (conflict: string) => ({
  tag: 'Orders' as const,
  responses: orderResponse,
  problems: { not_found: NOT_VISIBLE, conflict },
  postgres: true,
});

const orderPage = {
  200: jsonResponse('A page of orders', z.object({ orders: z.array(OrderSchema), nextCursor: z.string().nullable() })),
};

const listOrders = defineRoute(['customer'], {
  operationId: 'listOrders',
  method: 'get',
  path: '/v1/orders',
  tag: 'Orders',
  summary: "The caller's orders from every channel, newest first",
  request: {
    query: PageQuerySchema,
  },
  responses: orderPage,
  postgres: true,
});
const listAllOrders = defineRoute(['ops'], {
  operationId: 'listAllOrders',
  method: 'get',
  path: '/v1/admin/orders',
  tag: 'Orders',
  summary: "Every channel's orders, newest first, narrowed by channel, status, location, customer or time",
  description:
    'Paged like `listOrders` (pass `nextCursor` back as `cursor`, with the same filters). `from` and `to` bound when the API recorded the order, `[from, to)`: an offline sale uploaded later is listed by its upload, its `sale.occurredAt` says when it was rung up. Pickup codes are shown, as to ops everywhere.',
  request: { query: AdminOrderQuerySchema },
  responses: orderPage,
  postgres: true,
});
const getOrder = defineRoute(['customer', 'pos', 'ops'], {
  operationId: 'getOrder',
  method: 'get',
  path: '/v1/orders/{id}',
  tag: 'Orders',
  summary: 'One order (its customer, ops, or a till at its store)',
  request: { params: OrderIdParamSchema },
  responses: orderResponse,
  problems: { not_found: NOT_VISIBLE },
  postgres: true,
});
const cancelOrder = defineRoute(['customer', 'pos', 'ops'], {
  ...transitionRoute('The order has left the building (shipped, picked up) or is already cancelled.'),
  operationId: 'cancelOrder',
  method: 'post',
  path: '/v1/orders/{id}/cancel',
  summary: 'Cancel; its stock is released or restocked',
  request: { params: OrderIdParamSchema },
});
const readyOrder = defineRoute(['pos', 'ops'], {
  ...transitionRoute('Not a pickup or curbside order, or not `placed`.'),
  operationId: 'markOrderReady',
  method: 'post',
  path: '/v1/orders/{id}/ready',
  summary: 'Mark a pickup order ready at its store',
  request: { params: OrderIdParamSchema },
});
const pickupOrder = defineRoute(['pos'], {
  ...transitionRoute('Not a pickup or curbside order, or not `ready_for_pickup`.'),
  operationId: 'pickUpOrder',
  method: 'post',
  path: '/v1/orders/{id}/pickup',
  summary: 'Hand over a pickup order against its code',
  request: { params: OrderIdParamSchema, ...jsonBody(z.object({ pickupCode: TextSchema.min(1).max(20) })) },
  problems: { not_found: NOT_VISIBLE, conflict: 'Not `ready_for_pickup`.', unprocessable: 'Wrong pickup code.' },
});
const customerArrived = defineRoute(['customer'], {
  ...transitionRoute('Not a curbside order, or not `ready_for_pickup`.'),
  operationId: 'markCustomerArrived',
  method: 'post',
  path: '/v1/orders/{id}/arrived',
  summary: 'Curbside: tell the store the shopper is outside, and where',
  description:
    'The store’s tills see the order first in their queue (`listStoreOrders`) and an `order.customer_arrived` event is recorded once. Checking in again updates the spot and note and keeps the first `arrivedAt`.',
  request: { params: OrderIdParamSchema, ...jsonBody(ArrivalBodySchema) },
});
const passKeys = defineRoute('public', {
  operationId: 'getPickupPassKeys',
  method: 'get',
  path: '/v1/pickup-passes/jwks.json',
  tag: 'Orders',
  summary: 'Public key(s) tills verify pickup passes with, offline',
  responses: { 200: jsonResponse('JWKS', z.object({ keys: z.array(z.record(z.string(), z.unknown())) })) },
});

function orderDeps(c: Context<AppBindings>): OrderDeps {
  return {
    env: c.env,
    db: c.var.database(),
    signingSecret: c.var.config.signingSecret,
    waitUntil: c.var.afterResponse,
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
  .openapi(listAllOrders, async (c) => {
    const viewer = orderViewerOf(c.var.principal);
    return c.json(await timed(c, 'db', () => listEveryOrder(orderDeps(c), viewer, c.req.valid('query'))), 200);
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
  .openapi(customerArrived, async (c) => {
    const viewer = orderViewerOf(c.var.principal);
    const arrival = c.req.valid('json');
    return c.json(await timed(c, 'db', () => checkIn(orderDeps(c), viewer, c.req.valid('param').id, arrival)), 200);
  })
  .openapi(passKeys, async (c) => c.json(await pickupPassJwks(c.var.config.signingSecret), 200));
