import { OpenAPIHono } from '@hono/zod-openapi';
import type { AppBindings } from '../http/context';
import { timed } from '../http/timing';
import { applyStockMovements, setStockPolicies } from '../stock/inventory';
import {
  StockMovementsBodySchema,
  StockMovementsResultSchema,
  StockPoliciesBodySchema,
  StockPoliciesResultSchema,
} from '../schemas/inventory';
import { defineRoute, jsonBody, jsonResponse } from './define';

const postMovements = defineRoute(['ops'], {
  method: 'post',
  path: '/v1/admin/inventory',
  tags: ['Admin'],
  summary: 'Receipts, counts and corrections (up to 1000), idempotent by movement id',
  description:
    'The way an ERP or WMS syncs stock. Movements are applied per SKU in the order given; sending the same movement again changes nothing. ' +
    'Never touches Postgres on the way: the ledger is filled asynchronously.',
  request: jsonBody(StockMovementsBodySchema),
  responses: {
    200: jsonResponse('What was applied and the resulting levels', StockMovementsResultSchema),
    422: { description: 'A SKU is not in the catalog or a location does not exist' },
  },
});

const putPolicies = defineRoute(['ops'], {
  method: 'put',
  path: '/v1/admin/inventory/policies',
  tags: ['Admin'],
  summary: 'Safety stock and low-stock threshold per SKU and location (up to 1000)',
  request: jsonBody(StockPoliciesBodySchema),
  responses: {
    200: jsonResponse('The resulting levels', StockPoliciesResultSchema),
    422: { description: 'A SKU is not in the catalog or a location does not exist' },
  },
});

export const inventoryRoutes = new OpenAPIHono<AppBindings>()
  .openapi(postMovements, async (c) =>
    c.json(await timed(c, 'do', () => applyStockMovements(c.env, c.req.valid('json').movements)), 200),
  )
  .openapi(putPolicies, async (c) =>
    c.json(await timed(c, 'do', () => setStockPolicies(c.env, c.req.valid('json').policies)), 200),
  );
