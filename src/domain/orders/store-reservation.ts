/** A store reservation holds stock for 24 h: `held` until cancelled, or `expired` once its time is up. */
export const STORE_RESERVATION_STATUSES = ['held', 'cancelled', 'expired'] as const;
export type StoreReservationStatus = (typeof STORE_RESERVATION_STATUSES)[number];

/** How much one customer may keep aside without paying (config: RESERVATION_MAX_*). */
export interface ReservationCaps {
  /** Reservations held and not yet expired, per customer. */
  activeReservations: number;
  /** Units of one SKU in one reservation. */
  unitsPerLine: number;
  /** Units of one SKU across a customer's active reservations, this one included. */
  unitsPerSku: number;
}

export type ReservationCapName = keyof ReservationCaps;

export interface ReservationCapBreach {
  limit: ReservationCapName;
  max: number;
  sku?: string;
}

type ReservedItems = readonly { sku: string; quantity: number }[];

/**
 * The first cap a new reservation of `items` would break, given the items of
 * the customer's active reservations; null when it fits.
 */
export function reservationCapBreach(
  caps: ReservationCaps,
  active: readonly ReservedItems[],
  items: ReservedItems,
): ReservationCapBreach | null {
  if (active.length + 1 > caps.activeReservations) {
    return { limit: 'activeReservations', max: caps.activeReservations };
  }
  const requested = unitsBySku([items]);
  for (const [sku, quantity] of requested) {
    if (quantity > caps.unitsPerLine) return { limit: 'unitsPerLine', max: caps.unitsPerLine, sku };
  }
  const held = unitsBySku(active);
  for (const [sku, quantity] of requested) {
    if ((held.get(sku) ?? 0) + quantity > caps.unitsPerSku) return { limit: 'unitsPerSku', max: caps.unitsPerSku, sku };
  }
  return null;
}

function unitsBySku(reservations: readonly ReservedItems[]): Map<string, number> {
  const units = new Map<string, number>();
  for (const items of reservations) {
    for (const { sku, quantity } of items) units.set(sku, (units.get(sku) ?? 0) + quantity);
  }
  return units;
}
