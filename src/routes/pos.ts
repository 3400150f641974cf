import { OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { AppBindings } from '../http/context';
import { flowDeps } from '../http/flow-deps';
import { timed } from '../http/timing';
import { recordSale, type Till } from '../pos/sales';
import { syncSales } from '../pos/sync';
import { OrderSchema } from '../schemas/orders';
import { PosSaleBodySchema, PosSyncBodySchema, PosSyncResultSchema } from '../schemas/pos';
import { defineRoute, jsonBody, jsonResponse } from './define';

const SALE_PROBLEMS = {
  unprocessable:
    'A SKU not in the catalog; online, one no longer sold or without a price; `occurredAt` more than 7 days ago or in the future; a loyalty or store-credit tender without `customerId`, or a loyalty amount that is not a whole number of points; the till’s store unknown.',
  payment_mismatch: 'The payments do not add up to the total (`expectedTotal`); only cash may be over-tendered.',
  tender_needs_online: 'Offline, a tender only the server can take (`loyalty`, `store_credit`).',
  insufficient_points: 'The customer’s wallet holds fewer points than the `loyalty` tender; nothing is recorded.',
  insufficient_store_credit:
    'The customer’s wallet holds less store credit than the `store_credit` tender; nothing is recorded.',
  idempotency_key_reused: 'This `saleId` was recorded at this store with a different body.',
  conflict: 'A coupon reached its usage limit, or this `saleId` is still being recorded (see `Retry-After`).',
} as const;

const createSale = defineRoute(['pos'], {
  operationId: 'createPosSale',
  method: 'post',
  path: '/v1/pos/sales',
  tag: 'POS',
  summary: 'Record a sale at the till’s store, online or offline; idempotent by `saleId`',
  description:
    'Stock moves at the till’s store and is never refused: a sale that takes more than is there is recorded and flagged `oversold`. A repeat with the same `saleId` and body answers the same order (`Idempotent-Replayed: true`).',
  request: jsonBody(PosSaleBodySchema),
  responses: { 201: jsonResponse('The sale, as an order of channel `pos`', OrderSchema) },
  problems: SALE_PROBLEMS,
  postgres: true,
});

const syncSalesRoute = defineRoute(['pos'], {
  operationId: 'syncPosSales',
  method: 'post',
  path: '/v1/pos/sales/sync',
  tag: 'POS',
  summary: 'Upload a till’s offline queue (up to 200 sales), in order, one result per sale',
  description:
    'Each sale is recorded exactly as by `createPosSale`; one that is refused is answered in its result (with the problem it alone would get) and does not stop the rest.',
  request: jsonBody(PosSyncBodySchema),
  responses: { 200: jsonResponse('One result per sale, in the order given', PosSyncResultSchema) },
  postgres: true,
});

/** A POS token always names its store (src/auth/tokens.ts); the till sells there and nowhere else. */
function tillOf(c: Context<AppBindings>): Till {
  const principal = c.var.principal;
  const locationId = principal?.kind === 'user' ? principal.locationId : null;
  if (!locationId) throw new Error('a pos principal without a location got past the guard');
  return { locationId };
}

export const posRoutes = new OpenAPIHono<AppBindings>()
  .openapi(createSale, async (c) => {
    const { order, replayed } = await timed(c, 'db', () => recordSale(flowDeps(c), tillOf(c), c.req.valid('json')));
    if (replayed) c.header('idempotent-replayed', 'true');
    return c.json(order, 201);
  })
  .openapi(syncSalesRoute, async (c) => {
    const results = await timed(c, 'db', () => syncSales(flowDeps(c), tillOf(c), c.req.valid('json').sales));
    return c.json({ results }, 200);
  });
