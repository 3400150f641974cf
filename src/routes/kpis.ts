import { OpenAPIHono } from '@hono/zod-openapi';
import type { AppBindings } from '../http/context';
import { timed } from '../http/timing';
import { kpisFor } from '../kpis/kpis';
import { KpiQuerySchema, KpisSchema } from '../schemas/kpis';
import { defineRoute, jsonResponse } from './define';

const read = defineRoute(['ops'], {
  operationId: 'getKpis',
  method: 'get',
  path: '/v1/admin/kpis',
  tag: 'KPIs',
  summary: 'Orders, revenue, units, refunds and shares per channel over a window [from, to)',
  request: { query: KpiQuerySchema },
  responses: { 200: jsonResponse('The figures', KpisSchema) },
  postgres: true,
});

export const kpiRoutes = new OpenAPIHono<AppBindings>().openapi(read, async (c) =>
  c.json(await timed(c, 'db', () => kpisFor(c.var.database(), c.req.valid('query'))), 200),
);
