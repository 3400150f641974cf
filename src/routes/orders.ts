import { OpenAPIHono, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { orderView } from '../orders/view';
import { pickupPassJwks } from '../orders/pickup-pass';
import type { AppBindings } from '../http/context';
import { stockCancelTask, transitionOrder } from '../db/order-status';
import { findOrder, listCustomerOrders, type OrderRecord } from '../db/orders';
import { actsAtOrderStore, canSeeOrder, samePickupCode, type OrderAction, type OrderViewer } from '../domain/orders';
import { ApiError } from '../lib/errors';
import { timed } from '../http/timing';
import { runTaskNow } from '../outbox/dispatcher';
import { OrderIdParamSchema, OrderSchema } from '../schemas/orders';
import { defineRoute, jsonBody, jsonResponse } from './define';

const PAGE_SIZE = 20;
const orderResponse = { 200: jsonResponse('The order', OrderSchema) };
const NOT_VISIBLE = 'No order has this id, or not one the caller may see.';
const transitionRoute = (conflict: string) => ({
  tag: 'Orders' as const,
  responses: orderResponse,
  problems: { not_found: NOT_VISIBLE, conflict },
  postgres: true,
});

const listOrders = defineRoute(['customer'], {
  operationId: 'listOrders',
  method: 'get',
  path: '/v1/orders',
  tag: 'Orders',
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
  request: { params: OrderIdParamSchema, ...jsonBody(z.object({ pickupCode: z.string().min(1).max(20) })) },
  problems: { not_found: NOT_VISIBLE, conflict: 'Not `ready_for_pickup`.', unprocessable: 'Wrong pickup code.' },
});
const passKeys = defineRoute('public', {
  operationId: 'getPickupPassKeys',
  method: 'get',
  path: '/v1/pickup-passes/jwks.json',
  tag: 'Orders',
  summary: 'Public key(s) tills verify pickup passes with, offline',
  responses: { 200: jsonResponse('JWKS', z.object({ keys: z.array(z.record(z.string(), z.unknown())) })) },
});

function viewerOf(c: Context<AppBindings>): OrderViewer {
  const principal = c.var.principal;
  if (principal?.kind === 'user') return { role: principal.role, id: principal.sub, locationId: principal.locationId };
  return { role: 'guest', id: principal?.cartId ?? '', locationId: null };
}

async function visibleOrder(c: Context<AppBindings>, id: string): Promise<OrderRecord> {
  const order = await timed(c, 'db', () => findOrder(c.var.database(), id));
  if (!order || !canSeeOrder(viewerOf(c), order)) throw new ApiError('not_found', `No order ${id}.`);
  return order;
}

const render = (c: Context<AppBindings>, order: OrderRecord) =>
  orderView(order, { pickupCode: viewerOf(c).role !== 'pos', signingSecret: c.var.config.signingSecret });

async function transition(
  c: Context<AppBindings>,
  id: string,
  action: OrderAction,
  allowed: (order: OrderRecord) => boolean,
) {
  const order = await visibleOrder(c, id);
  if (!allowed(order))
    throw new ApiError('forbidden', `Only a till at the order's store (or ops) may mark it ${action}.`);
  const moved = await timed(c, 'db', () => transitionOrder(c.var.database(), id, action));
  if (action === 'cancel') {
    // As after checkout: the outbox row guarantees it, this only saves waiting for the dispatcher.
    await runTaskNow({ env: c.env, db: c.var.database() }, stockCancelTask(moved), (work) =>
      c.executionCtx.waitUntil(work),
    ).catch((error: unknown) => console.error(`order ${id}: stock return left to the outbox dispatcher`, error));
  }
  return c.json(await render(c, moved), 200);
}

const encodeCursor = (order: OrderRecord) => btoa(JSON.stringify([order.createdAt.toISOString(), order.id]));
function decodeCursor(cursor: string | undefined): { createdAt: Date; id: string } | null {
  if (!cursor) return null;
  try {
    const [createdAt, id] = JSON.parse(atob(cursor)) as [string, string];
    return { createdAt: new Date(createdAt), id };
  } catch {
    throw new ApiError('validation_failed', 'cursor is not one this API returned.', {
      extensions: { errors: [{ path: 'query.cursor', message: 'invalid cursor' }] },
    });
  }
}

export const orderRoutes = new OpenAPIHono<AppBindings>()
  .openapi(listOrders, async (c) => {
    const { cursor, limit } = c.req.valid('query');
    const page = await timed(c, 'db', () =>
      listCustomerOrders(c.var.database(), viewerOf(c).id, limit + 1, decodeCursor(cursor)),
    );
    const shown = page.slice(0, limit);
    const last = shown.at(-1);
    return c.json(
      {
        orders: await Promise.all(shown.map((order) => render(c, order))),
        nextCursor: page.length > limit && last ? encodeCursor(last) : null,
      },
      200,
    );
  })
  .openapi(getOrder, async (c) => c.json(await render(c, await visibleOrder(c, c.req.valid('param').id)), 200))
  .openapi(cancelOrder, async (c) => {
    const viewer = viewerOf(c);
    return transition(
      c,
      c.req.valid('param').id,
      'cancel',
      (order) => viewer.role === 'customer' || actsAtOrderStore(viewer, order),
    );
  })
  .openapi(readyOrder, async (c) =>
    transition(c, c.req.valid('param').id, 'ready', (order) => actsAtOrderStore(viewerOf(c), order)),
  )
  .openapi(pickupOrder, async (c) => {
    const { id } = c.req.valid('param');
    const order = await visibleOrder(c, id);
    if (!order.pickupCode || !samePickupCode(order.pickupCode, c.req.valid('json').pickupCode)) {
      throw new ApiError('unprocessable', 'That pickup code does not match this order.', {
        extensions: { errors: [{ path: 'json.pickupCode', message: 'wrong pickup code' }] },
      });
    }
    return transition(c, id, 'pickup', (candidate) => actsAtOrderStore(viewerOf(c), candidate));
  })
  .openapi(passKeys, async (c) => c.json(await pickupPassJwks(c.var.config.signingSecret), 200));
