import {
  activeStoreReservations,
  cancelStoreReservation as markCancelled,
  findStoreReservation,
  insertStoreReservationWithinCaps,
  type StoreReservationRecord,
} from '../db/store-reservations';
import { loadConfig } from '../config';
import {
  actsAtOrderStore,
  holdIdFor,
  mayCancelReservation,
  reservationCapBreach,
  type OrderViewer,
  type ReservationCapBreach,
} from '../domain/orders';
import { ApiError } from '../lib/errors';
import { CatalogReadModel } from '../read-model/catalog';
import type { StoreReservationBody, StoreReservationView } from '../schemas/orders';
import { placeHolds, releaseHolds } from '../stock/holds';
import type { OrderDeps } from './orders';

const RESERVATION_TTL_MS = 24 * 3600_000;

type ReservationDeps = Pick<OrderDeps, 'env' | 'db'>;

/**
 * Reserve in store: every item held at the store for 24 h, all or nothing,
 * and the reservation recorded; if recording fails, the holds are given back.
 * A customer's reservations are capped (reservationCaps in config), so nobody
 * can keep a store's stock aside without paying.
 */
export async function reserveInStore(
  deps: ReservationDeps,
  customerId: string,
  { locationId, items }: StoreReservationBody,
): Promise<StoreReservationView> {
  await requireStore(deps, locationId);
  const caps = loadConfig(deps.env).reservationCaps;
  // What one reservation may hold needs no Postgres: refused before any stock is held.
  const early = reservationCapBreach(caps, [], items);
  if (early) throw overCap(early);
  const id = `rsv_${crypto.randomUUID().replaceAll('-', '')}`;
  const requests = items.map(({ sku, quantity }) => ({
    sku,
    quantity,
    holdId: holdIdFor(id, sku),
    target: { locationId },
  }));
  const outcome = await placeHolds(deps.env, requests, RESERVATION_TTL_MS, id);
  if (!outcome.ok) {
    const shortages = outcome.reason === 'out_of_stock' ? outcome.shortages : [];
    throw new ApiError('out_of_stock', 'Not everything can be reserved at that store.', { extensions: { shortages } });
  }
  let recorded;
  try {
    const expiresAt = new Date(Date.now() + RESERVATION_TTL_MS);
    recorded = await insertStoreReservationWithinCaps(deps.db, caps, {
      id,
      customerId,
      locationId,
      items,
      status: 'held',
      expiresAt,
    });
  } catch (error) {
    await releaseHolds(deps.env, outcome.holds);
    throw error;
  }
  if (!recorded.ok) {
    await releaseHolds(deps.env, outcome.holds);
    throw overCap(recorded.breach);
  }
  return reservationView(recorded.reservation);
}

const CAP_SENTENCES: Record<ReservationCapBreach['limit'], string> = {
  activeReservations: 'active reservations per customer',
  unitsPerLine: 'units of one item per reservation',
  unitsPerSku: 'units of one item across your active reservations',
};

function overCap({ limit, max, sku }: ReservationCapBreach): ApiError {
  return new ApiError('unprocessable', `At most ${max} ${CAP_SENTENCES[limit]} may be reserved.`, {
    extensions: { limit, max, ...(sku ? { sku } : {}) },
  });
}

/** Cancels a reservation (its customer, or a till at its store) and gives its stock back. */
export async function cancelStoreReservation(
  deps: ReservationDeps,
  viewer: OrderViewer,
  id: string,
): Promise<StoreReservationView> {
  const row = await findStoreReservation(deps.db, id);
  if (!row || !mayCancelReservation(viewer, row)) throw new ApiError('not_found', `No reservation ${id}.`);
  await releaseHolds(
    deps.env,
    row.items.map(({ sku }) => ({ sku, holdId: holdIdFor(id, sku) })),
  );
  return reservationView((await markCancelled(deps.db, id)) ?? row);
}

/** What a store must keep aside now; a till sees its own store's. */
export async function storeReservationsAt(
  deps: ReservationDeps,
  viewer: OrderViewer,
  locationId: string | undefined,
): Promise<StoreReservationView[]> {
  const store = locationId ?? viewer.locationId;
  if (!store) throw new ApiError('validation_failed', 'Name the store: ?locationId=');
  if (!actsAtOrderStore(viewer, { locationId: store })) {
    throw new ApiError('forbidden', "A till sees its own store's reservations only.");
  }
  return (await activeStoreReservations(deps.db, store)).map(reservationView);
}

async function requireStore(deps: ReservationDeps, locationId: string): Promise<void> {
  const locations = await new CatalogReadModel(deps.env.READ_MODEL).locations();
  const location = locations.find((candidate) => candidate.id === locationId);
  if (!location || location.kind !== 'store') {
    throw new ApiError('unprocessable', `${locationId} is not a store that takes reservations.`);
  }
}

function reservationView(row: StoreReservationRecord): StoreReservationView {
  const expired = row.status === 'held' && row.expiresAt.getTime() <= Date.now();
  return {
    id: row.id,
    locationId: row.locationId,
    items: row.items,
    status: expired ? 'expired' : (row.status as 'held' | 'cancelled'),
    expiresAt: row.expiresAt.toISOString(),
  };
}
