import type { CallerRole } from '../roles';

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
