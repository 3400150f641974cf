import { OpenAPIHono, z } from '@hono/zod-openapi';
import { orderViewerOf } from '../auth/principal';
import type { AppBindings } from '../http/context';
import { timed } from '../http/timing';
import { cancelStoreReservation, reserveInStore, storeReservationsAt } from '../orders/store-reservations';
import { IdSchema } from '../schemas/common';
import { StoreReservationBodySchema, StoreReservationSchema } from '../schemas/orders';
import { defineRoute, jsonBody, jsonResponse } from './define';

const createReservation = defineRoute(['customer'], {
  method: 'post',
  path: '/v1/store-reservations',
  tags: ['Orders'],
  summary: 'Reserve items at a store for 24 h without paying',
  request: jsonBody(StoreReservationBodySchema),
  responses: {
    201: jsonResponse('The reservation', StoreReservationSchema),
    409: { description: '`out_of_stock` with every short item' },
  },
});
const deleteReservation = defineRoute(['customer', 'pos', 'ops'], {
  method: 'delete',
  path: '/v1/store-reservations/{id}',
  tags: ['Orders'],
  summary: 'Cancel a reservation; its stock is released',
  request: { params: z.object({ id: IdSchema }) },
  responses: {
    200: jsonResponse('The cancelled reservation', StoreReservationSchema),
    404: { description: 'No such reservation for this caller' },
  },
});
const listReservations = defineRoute(['pos', 'ops'], {
  method: 'get',
  path: '/v1/store-reservations',
  tags: ['Orders'],
  summary: "A store's active reservations (a till sees its own store's)",
  request: { query: z.object({ locationId: IdSchema.optional() }) },
  responses: { 200: jsonResponse('Active reservations', z.object({ reservations: z.array(StoreReservationSchema) })) },
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
