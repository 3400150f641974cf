/** A store reservation holds stock for 24 h: `held` until cancelled, or `expired` once its time is up. */
export const STORE_RESERVATION_STATUSES = ['held', 'cancelled', 'expired'] as const;
export type StoreReservationStatus = (typeof STORE_RESERVATION_STATUSES)[number];
