import { OpenAPIHono, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { AppBindings } from '../http/context';
import {
  emptyLevel,
  headlineAvailable,
  levelFor,
  viewLevel,
  withinRadius,
  type LevelAudience,
  type LevelView,
} from '../domain/stock';
import { ApiError } from '../lib/errors';
import { timed } from '../http/timing';
import { CatalogReadModel } from '../read-model/catalog';
import { SkuSchema } from '../schemas/common';
import {
  AvailabilityQuerySchema,
  AvailabilitySchema,
  NearbyLocationsSchema,
  NearbyQuerySchema,
} from '../schemas/inventory';
import { defineRoute, jsonResponse } from './define';

const getAvailability = defineRoute('public', {
  operationId: 'getAvailability',
  method: 'get',
  path: '/v1/availability',
  tag: 'Stock',
  summary: 'Live availability of up to 100 SKUs at every location',
  description:
    'Answered by the StockDOs, never Postgres. A SKU never stocked (or not in the catalog) reads as 0. pos and ops tokens also see onHand, reserved and safetyStock.',
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
  summary: 'WebSocket: the SKU’s availability per location on connect and after every change',
  description:
    'Messages are `{ type: "availability", sku, locations: [{ locationId, available, status }] }`. Send any message to get a fresh snapshot; `ping` is answered `pong`.',
  request: { params: z.object({ sku: SkuSchema }) },
  responses: { 101: { description: 'Switching to the WebSocket protocol' } },
  problems: { not_found: 'No product has this SKU.' },
  websocket: true,
});

/** Staff (pos, ops) see the figures behind `available`; shoppers only what they can buy. */
function audienceOf(c: Context<AppBindings>): LevelAudience {
  const principal = c.var.principal;
  return principal?.kind === 'user' && (principal.role === 'pos' || principal.role === 'ops') ? 'staff' : 'public';
}

async function levelsAt(env: Env, sku: string, locationIds: readonly string[]): Promise<LevelView[]> {
  return (await env.STOCK.getByName(sku).availability(locationIds)).locations;
}

const roundKm = (km: number) => Math.round(km * 100) / 100;

export const availabilityRoutes = new OpenAPIHono<AppBindings>()
  .openapi(getAvailability, async (c) => {
    const { skus, locationId } = c.req.valid('query');
    const readModel = new CatalogReadModel(c.env.READ_MODEL);
    const [locations, products] = await timed(c, 'kv', () =>
      Promise.all([readModel.locations(), readModel.products(skus)]),
    );
    if (locationId !== undefined && !locations.some((location) => location.id === locationId)) {
      throw new ApiError('unprocessable', `Unknown location ${locationId}.`);
    }
    const locationIds = locationId === undefined ? locations.map((location) => location.id) : [locationId];
    // A SKU outside the catalog has no StockDO worth waking: it reads as 0.
    const levels = await timed(c, 'do', () =>
      Promise.all(
        skus.map((sku) =>
          products.has(sku) ? levelsAt(c.env, sku, locationIds) : locationIds.map((id) => viewLevel(emptyLevel(id))),
        ),
      ),
    );
    const audience = audienceOf(c);
    const items = skus.map((sku, i) => {
      const views = levels[i] ?? [];
      return {
        sku,
        available: headlineAvailable(views, locations, locationId),
        locations: views.map((view) => levelFor(audience, view)),
      };
    });
    return c.json({ items }, 200);
  })
  .openapi(getNearby, async (c) => {
    const { lat, lng, radiusKm, sku, quantity } = c.req.valid('query');
    const readModel = new CatalogReadModel(c.env.READ_MODEL);
    const [locations, product] = await timed(c, 'kv', () =>
      Promise.all([readModel.locations(), sku === undefined ? null : readModel.product(sku)]),
    );
    if (sku !== undefined && !product) throw new ApiError('not_found', `No product with SKU ${sku}.`);
    const nearby = withinRadius(locations, { lat, lng }, radiusKm);
    const levels =
      sku === undefined || nearby.length === 0
        ? []
        : await timed(c, 'do', () =>
            levelsAt(
              c.env,
              sku,
              nearby.map((l) => l.id),
            ),
          );
    const levelAt = new Map(levels.map((level) => [level.locationId, level]));
    return c.json(
      {
        locations: nearby.map((location) => {
          const level = levelAt.get(location.id);
          return {
            id: location.id,
            name: location.name,
            kind: location.kind,
            distanceKm: roundKm(location.distanceKm),
            pickup: location.pickup,
            curbside: location.curbside,
            ...(level && { available: level.available, status: level.status }),
            ...(level && quantity !== undefined && { covers: level.available >= quantity }),
          };
        }),
      },
      200,
    );
  })
  .openapi(getLive, async (c) => {
    const { sku } = c.req.valid('param');
    const product = await timed(c, 'kv', () => new CatalogReadModel(c.env.READ_MODEL).product(sku));
    if (!product) throw new ApiError('not_found', `No product with SKU ${sku}.`);
    return c.env.STOCK.getByName(sku).fetch(c.req.raw);
  });
