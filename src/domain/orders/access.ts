import type { CallerRole } from '../roles';
import type { FulfillmentType } from './status';

export interface OrderViewer {
  role: CallerRole;
  /** The customer's sub, or the guest's cart id. */
  id: string;
  /** A till's store. */
  locationId: string | null;
}

/**
 * Who may see an order: its customer, ops, and the tills of the store it is
 * collected at. Anyone else is told it does not exist.
 */
export function canSeeOrder(
  viewer: OrderViewer,
  order: { customerId: string | null; locationId: string | null },
): boolean {
  switch (viewer.role) {
    case 'ops':
      return true;
    case 'customer':
      return order.customerId === viewer.id;
    case 'pos':
      return order.locationId !== null && order.locationId === viewer.locationId;
    case 'guest':
      return false;
  }
}

/** Handing over and preparing pickups happen at the store itself. */
export function actsAtOrderStore(viewer: OrderViewer, order: { locationId: string | null }): boolean {
  return (
    viewer.role === 'ops' ||
    (viewer.role === 'pos' && order.locationId !== null && order.locationId === viewer.locationId)
  );
}

/**
 * Who may move a visible order: its customer may cancel it; preparing and
 * handing over a pickup (and cancelling at the counter, or voiding a sale)
 * happen at the store.
 */
export function mayChangeOrder(
  viewer: OrderViewer,
  order: { locationId: string | null; fulfillmentType: FulfillmentType },
  action: 'cancel' | 'ready' | 'pickup',
): boolean {
  // A sale at a till is voided at that till's store, never by the shopper.
  if (action === 'cancel' && viewer.role === 'customer') return order.fulfillmentType !== 'in_store';
  return actsAtOrderStore(viewer, order);
}

/** A reservation is cancelled by the customer who made it, or at its store. */
export function mayCancelReservation(
  viewer: OrderViewer,
  reservation: { customerId: string | null; locationId: string },
): boolean {
  if (reservation.customerId === viewer.id) return viewer.role === 'customer';
  return actsAtOrderStore(viewer, reservation);
}

/** The pickup code is the shopper's (and ops'); a till is shown the order, and the shopper shows it the code. */
export function seesPickupCode(viewer: OrderViewer): boolean {
  return viewer.role !== 'pos';
}
