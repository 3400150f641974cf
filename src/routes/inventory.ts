import { OpenAPIHono } from '@hono/zod-openapi';
import type { AppBindings } from '../http/context';
import { timed } from '../http/timing';
import { mirrorHealth } from '../read-model/availability';
import { applyStockMovements, setStockPolicies } from '../stock/inventory';
import {
  AvailabilityMirrorSchema,
  StockMovementsBodySchema,
  StockMovementsResultSchema,
  StockPoliciesBodySchema,
  StockPoliciesResultSchema,
} from '../schemas/inventory';
import { defineRoute, jsonBody, jsonResponse } from './define';

const UNKNOWN_REFERENCES =
  'A SKU is not in the catalog (`unknownSkus`) or a location does not exist (`unknownLocations`).';

const postMovements = defineRoute(['ops'], {
  operationId: 'applyInventoryMovements',
  method: 'post',
  path: '/v1/admin/inventory',
  tag: 'Stock',
  summary: 'Receipts, counts and corrections (up to 1000), idempotent by movement id',
  description:
    'The way an ERP or WMS syncs stock. Movements are applied per SKU in the order given; sending the same movement again changes nothing. ' +
    'Never touches Postgres on the way: the ledger is filled asynchronously.',
  request: jsonBody(StockMovementsBodySchema),
  responses: { 200: jsonResponse('What was applied and the resulting levels', StockMovementsResultSchema) },
  problems: { unprocessable: UNKNOWN_REFERENCES },
});

const putPolicies = defineRoute(['ops'], {
  operationId: 'setStockPolicies',
  method: 'put',
  path: '/v1/admin/inventory/policies',
  tag: 'Stock',
  summary: 'Safety stock and low-stock threshold per SKU and location (up to 1000)',
  request: jsonBody(StockPoliciesBodySchema),
  responses: { 200: jsonResponse('The resulting levels', StockPoliciesResultSchema) },
  problems: { unprocessable: UNKNOWN_REFERENCES },
});

const getMirror = defineRoute(['ops'], {
  operationId: 'getAvailabilityMirror',
  method: 'get',
  path: '/v1/admin/inventory/mirror',
  tag: 'Stock',
  summary: 'The availability mirror: its copies and how far behind the StockDOs they are',
  description:
    'Displayed availability (listings, carts, wish lists) is read from copies fed by the StockDOs after every change shoppers can see; ' +
    'holds and sales are always decided by the StockDO. `lag` is the time from a change to a copy taking it.',
  responses: { 200: jsonResponse('Each copy', AvailabilityMirrorSchema) },
});

export const inventoryRoutes = new OpenAPIHono<AppBindings>()
  .openapi(postMovements, async (c) =>
    c.json(await timed(c, 'do', () => applyStockMovements(c.env, c.req.valid('json').movements)), 200),
  )
  .openapi(putPolicies, async (c) =>
    c.json(await timed(c, 'do', () => setStockPolicies(c.env, c.req.valid('json').policies)), 200),
  )
  .openapi(getMirror, async (c) => c.json({ replicas: await timed(c, 'do', () => mirrorHealth(c.env)) }, 200));
