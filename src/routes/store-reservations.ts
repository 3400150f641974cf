import { OpenAPIHono, z } from '@hono/zod-openapi';
import { orderViewerOf } from '../auth/principal';
import type { AppBindings } from '../http/context';
import { timed } from '../http/timing';
import { cancelStoreReservation, reserveInStore, storeReservationsAt } from '../orders/store-reservations';
import { IdSchema } from '../schemas/common';
import { StoreReservationBodySchema, StoreReservationSchema } from '../schemas/orders';
import { defineRoute, jsonBody, jsonResponse } from './define';

const createReservation = defineRoute(['customer'], {
  operationId: 'createStoreReservation',
  method: 'post',
  path: '/v1/store-reservations',
  tag: 'Store reservations',
  summary: 'Reserve items at a store for 24 h without paying',
  request: jsonBody(StoreReservationBodySchema),
  responses: { 201: jsonResponse('The reservation', StoreReservationSchema) },
  problems: {
    out_of_stock: 'Not every item can be held at that store (`shortages` lists each); nothing is held.',
    unprocessable:
      '`locationId` is not a store, or a per-customer cap is reached (`limit` names it: `activeReservations`, `unitsPerLine` or `unitsPerSku`; `max` is its value).',
  },
  postgres: true,
});
const deleteReservation = defineRoute(['customer', 'pos', 'ops'], {
  operationId: 'cancelStoreReservation',
  method: 'delete',
  path: '/v1/store-reservations/{id}',
  tag: 'Store reservations',
  summary: 'Cancel a reservation; its stock is released',
  request: { params: z.object({ id: IdSchema }) },
  responses: { 200: jsonResponse('The cancelled reservation', StoreReservationSchema) },
  problems: { not_found: 'No reservation has this id, or not one the caller may cancel.' },
  postgres: true,
});
const listReservations = defineRoute(['pos', 'ops'], {
  operationId: 'listStoreReservations',
  method: 'get',
  path: '/v1/store-reservations',
  tag: 'Store reservations',
  summary: "A store's active reservations (a till sees its own store's)",
  request: { query: z.object({ locationId: IdSchema.optional() }) },
  responses: { 200: jsonResponse('Active reservations', z.object({ reservations: z.array(StoreReservationSchema) })) },
  problems: {
    validation_failed: 'An ops token must name the store: `?locationId=`.',
    forbidden: 'A till sees its own store’s reservations only.',
  },
  postgres: true,
});

export const storeReservationRoutes = new OpenAPIHono<AppBindings>()
  .openapi(createReservation, async (c) => {
    const { id } = orderViewerOf(c.var.principal);
    const deps = { env: c.env, db: c.var.database() };
    return c.json(await timed(c, 'do', () => reserveInStore(deps, id, c.req.valid('json'))), 201);
  })
  .openapi(deleteReservation, async (c) => {
    const deps = { env: c.env, db: c.var.database() };
    const viewer = orderViewerOf(c.var.principal);
    return c.json(await timed(c, 'do', () => cancelStoreReservation(deps, viewer, c.req.valid('param').id)), 200);
  })
  .openapi(listReservations, async (c) => {
    const deps = { env: c.env, db: c.var.database() };
    const viewer = orderViewerOf(c.var.principal);
    const reservations = await timed(c, 'db', () => storeReservationsAt(deps, viewer, c.req.valid('query').locationId));
    return c.json({ reservations }, 200);
  });
