import { OpenAPIHono, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { placeHolds, releaseHolds } from '../stock/holds';
import type { AppBindings } from '../http/context';
import {
  activeStoreReservations,
  cancelStoreReservation,
  findStoreReservation,
  insertStoreReservation,
  type StoreReservationRecord,
} from '../db/store-reservations';
import { actsAtOrderStore, holdIdFor, type OrderViewer } from '../domain/orders';
import { ApiError } from '../lib/errors';
import { timed } from '../http/timing';
import { CatalogReadModel } from '../read-model/catalog';
import { IdSchema } from '../schemas/common';
import { StoreReservationBodySchema, StoreReservationSchema } from '../schemas/orders';
import { defineRoute, jsonBody, jsonResponse } from './define';

const RESERVATION_TTL_MS = 24 * 3600_000;

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
    unprocessable: '`locationId` is not a store.',
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

function viewerOf(c: Context<AppBindings>): OrderViewer {
  const principal = c.var.principal;
  if (principal?.kind !== 'user')
    throw new ApiError('forbidden', 'Store reservations need a customer, till or ops token.');
  return { role: principal.role, id: principal.sub, locationId: principal.locationId };
}

function reservationView(row: StoreReservationRecord) {
  const expired = row.status === 'held' && row.expiresAt.getTime() <= Date.now();
  return {
    id: row.id,
    locationId: row.locationId,
    items: row.items,
    status: expired ? ('expired' as const) : row.status,
    expiresAt: row.expiresAt.toISOString(),
  };
}

async function requireStore(c: Context<AppBindings>, locationId: string): Promise<void> {
  const location = (await new CatalogReadModel(c.env.READ_MODEL).locations()).find(
    (candidate) => candidate.id === locationId,
  );
  if (!location || location.kind !== 'store')
    throw new ApiError('unprocessable', `${locationId} is not a store that takes reservations.`);
}

export const storeReservationRoutes = new OpenAPIHono<AppBindings>()
  .openapi(createReservation, async (c) => {
    const { locationId, items } = c.req.valid('json');
    await requireStore(c, locationId);
    const id = `rsv_${crypto.randomUUID().replaceAll('-', '')}`;
    const requests = items.map(({ sku, quantity }) => ({
      sku,
      quantity,
      holdId: holdIdFor(id, sku),
      target: { locationId },
    }));
    const outcome = await timed(c, 'do', () => placeHolds(c.env, requests, RESERVATION_TTL_MS, id));
    if (!outcome.ok) {
      const shortages = outcome.reason === 'out_of_stock' ? outcome.shortages : [];
      throw new ApiError('out_of_stock', 'Not everything can be reserved at that store.', {
        extensions: { shortages },
      });
    }
    try {
      const row = await timed(c, 'db', () =>
        insertStoreReservation(c.var.database(), {
          id,
          customerId: viewerOf(c).id,
          locationId,
          items,
          status: 'held',
          expiresAt: new Date(Date.now() + RESERVATION_TTL_MS),
        }),
      );
      return c.json(reservationView(row), 201);
    } catch (error) {
      await releaseHolds(c.env, outcome.holds);
      throw error;
    }
  })
  .openapi(deleteReservation, async (c) => {
    const { id } = c.req.valid('param');
    const viewer = viewerOf(c);
    const row = await timed(c, 'db', () => findStoreReservation(c.var.database(), id));
    const mayCancel =
      row !== null && (row.customerId === viewer.id ? viewer.role === 'customer' : actsAtOrderStore(viewer, row));
    if (!row || !mayCancel) throw new ApiError('not_found', `No reservation ${id}.`);
    await timed(c, 'do', () =>
      releaseHolds(
        c.env,
        row.items.map(({ sku }) => ({ sku, holdId: holdIdFor(id, sku) })),
      ),
    );
    const cancelled = (await cancelStoreReservation(c.var.database(), id)) ?? row;
    return c.json(reservationView(cancelled), 200);
  })
  .openapi(listReservations, async (c) => {
    const viewer = viewerOf(c);
    const locationId = c.req.valid('query').locationId ?? viewer.locationId;
    if (!locationId) throw new ApiError('validation_failed', 'Name the store: ?locationId=');
    if (!actsAtOrderStore(viewer, { locationId }))
      throw new ApiError('forbidden', "A till sees its own store's reservations only.");
    const rows = await timed(c, 'db', () => activeStoreReservations(c.var.database(), locationId));
    return c.json({ reservations: rows.map(reservationView) }, 200);
  });
