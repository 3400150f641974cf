import { OpenAPIHono, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { AppBindings } from '../http/context';
import type { LevelAudience } from '../domain/stock';
import { ApiError } from '../lib/errors';
import { timed } from '../http/timing';
import { SkuSchema } from '../schemas/common';
import {
  AvailabilityQuerySchema,
  AvailabilitySchema,
  NearbyLocationsSchema,
  NearbyQuerySchema,
} from '../schemas/inventory';
import { availabilityOf, isCatalogSku, nearbyLocations } from '../stock/availability';
import { defineRoute, jsonResponse } from './define';

const getAvailability = defineRoute('public', {
  operationId: 'getAvailability',
  method: 'get',
  path: '/v1/availability',
  tag: 'Stock',
  summary: 'Live availability of up to 100 SKUs at every location',
  description:
    'Shoppers read the availability mirror (a few milliseconds behind the StockDOs; holds never read it), pos and ops tokens each SKU’s StockDO, exact, with onHand, reserved and safetyStock; never Postgres. A SKU never stocked (or not in the catalog) reads as 0.',
  request: { query: AvailabilityQuerySchema },
  responses: { 200: jsonResponse('Availability per SKU and location', AvailabilitySchema) },
  problems: { unprocessable: 'No location has this `locationId`.' },
});

const getNearby = defineRoute('public', {
  operationId: 'listNearbyLocations',
  method: 'get',
  path: '/v1/locations/nearby',
  tag: 'Stock',
  summary: 'Locations within a radius, nearest first, optionally with a SKU’s availability',
  request: { query: NearbyQuerySchema },
  responses: { 200: jsonResponse('Nearby locations', NearbyLocationsSchema) },
  problems: { not_found: 'No product has this `sku`.' },
});

const getLive = defineRoute('public', {
  operationId: 'watchAvailability',
  method: 'get',
  path: '/v1/availability/{sku}/live',
  tag: 'Stock',
  summary: 'WebSocket: the SKU’s availability per location on connect and whenever a figure changes',
  description:
    'Messages are `{ type: "availability", sku, locations: [{ locationId, available, status }] }`. Send any message to get a fresh snapshot; `ping` is answered `pong`.',
  request: { params: z.object({ sku: SkuSchema }) },
  responses: { 101: { description: 'Switching to the WebSocket protocol' } },
  problems: {
    not_found: 'No product has this SKU.',
    rate_limited: 'The SKU already has the most live subscribers allowed (1000); retry later.',
  },
  websocket: true,
});

/** Staff (pos, ops) see the figures behind `available`; shoppers only what they can buy. */
function audienceOf(c: Context<AppBindings>): LevelAudience {
  const principal = c.var.principal;
  return principal?.kind === 'user' && (principal.role === 'pos' || principal.role === 'ops') ? 'staff' : 'public';
}

export const availabilityRoutes = new OpenAPIHono<AppBindings>()
  .openapi(getAvailability, async (c) => {
    const query = { ...c.req.valid('query'), audience: audienceOf(c) };
    return c.json(await timed(c, 'do', () => availabilityOf(c.env, query)), 200);
  })
  .openapi(getNearby, async (c) =>
    c.json(await timed(c, 'do', () => nearbyLocations(c.env, c.req.valid('query'))), 200),
  )
  .openapi(getLive, async (c) => {
    const { sku } = c.req.valid('param');
    if (!(await timed(c, 'kv', () => isCatalogSku(c.env, sku)))) {
      throw new ApiError('not_found', `No product with SKU ${sku}.`);
    }
    const response = await c.env.STOCK.getByName(sku).fetch(c.req.raw);
    if (response.status === 429) {
      throw new ApiError('rate_limited', `SKU ${sku} has the most live subscribers allowed; retry later.`, {
        headers: { 'retry-after': '30' },
      });
    }
    return response;
  });
