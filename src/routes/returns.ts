import { OpenAPIHono, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { orderViewerOf } from '../auth/principal';
import type { AppBindings } from '../http/context';
import { flowDeps } from '../http/flow-deps';
import { timed } from '../http/timing';
import { orderReturns, takeReturn, type ReturnTaker } from '../returns/returns';
import { OrderIdParamSchema } from '../schemas/orders';
import { ReturnBodySchema, ReturnSchema } from '../schemas/returns';
import { defineRoute, jsonBody, jsonResponse } from './define';

const NOT_VISIBLE = 'No order has this id, or not one the caller may see.';

const createReturn = defineRoute(['pos', 'ops'], {
  operationId: 'createReturn',
  method: 'post',
  path: '/v1/orders/{id}/returns',
  tag: 'Returns',
  summary: 'Take back some of any channel’s order at any store; refunds exact to the cent; idempotent by `returnId`',
  description:
    'A till returns at its own store, ops name the store (`locationId`). `restock` units go back on the shelf at that store. A repeat with the same `returnId` and body answers the same return (`Idempotent-Replayed: true`).',
  request: { params: OrderIdParamSchema, ...jsonBody(ReturnBodySchema) },
  responses: { 201: jsonResponse('The return, with what it refunded', ReturnSchema) },
  problems: {
    not_found: 'No order has this id.',
    forbidden: 'A till sent `force` (ops only).',
    conflict: 'The order has not reached the shopper (or is cancelled), or this `returnId` is still being taken.',
    return_exceeds_purchase: 'More units than were bought, less those already returned (`lines` names each).',
    return_window_expired: 'Past the return window (`RETURN_WINDOW_DAYS` from pickup, shipment or sale).',
    unprocessable:
      'A SKU not on the order (`notOnOrder`), ops without `locationId`, an unknown store, or store credit for an order without a customer.',
    idempotency_key_reused: 'This `returnId` was used on the order with a different body.',
  },
  postgres: true,
});

const listReturns = defineRoute(['customer', 'pos', 'ops'], {
  operationId: 'listOrderReturns',
  method: 'get',
  path: '/v1/orders/{id}/returns',
  tag: 'Returns',
  summary: 'The order’s returns, oldest first (its customer, ops, a till at its store or where it was returned)',
  request: { params: OrderIdParamSchema },
  responses: { 200: jsonResponse('The returns', z.object({ returns: z.array(ReturnSchema) })) },
  problems: { not_found: NOT_VISIBLE },
  postgres: true,
});

function takerOf(c: Context<AppBindings>): ReturnTaker {
  const principal = c.var.principal;
  if (principal?.kind !== 'user' || (principal.role !== 'pos' && principal.role !== 'ops')) {
    throw new Error('a return taker other than a till or ops got past the guard');
  }
  return { role: principal.role, sub: principal.sub, locationId: principal.locationId };
}

export const returnRoutes = new OpenAPIHono<AppBindings>()
  .openapi(createReturn, async (c) => {
    const { id } = c.req.valid('param');
    const { view, replayed } = await timed(c, 'db', () => takeReturn(flowDeps(c), takerOf(c), id, c.req.valid('json')));
    if (replayed) c.header('idempotent-replayed', 'true');
    return c.json(view, 201);
  })
  .openapi(listReturns, async (c) => {
    const viewer = orderViewerOf(c.var.principal);
    const returns = await timed(c, 'db', () => orderReturns(flowDeps(c), viewer, c.req.valid('param').id));
    return c.json({ returns }, 200);
  });
