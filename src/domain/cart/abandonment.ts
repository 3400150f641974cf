import type { CartState } from './cart';
import type { CartView } from './view';
import { ownerOf } from '../shopper';

export const CART_ABANDONED_TOPIC = 'cart.abandoned';

/**
 * When the cart's current idle period ends, or null when there is nothing to
 * report: an empty cart is not abandoned, and each version (each idle period)
 * is reported at most once.
 */
export function abandonmentDueAt(
  state: CartState,
  reportedVersion: number | null,
  abandonAfterMs: number,
): number | null {
  if (state.lines.length === 0 || reportedVersion === state.version) return null;
  return Date.parse(state.updatedAt) + abandonAfterMs;
}

/**
 * The event for this idle period, with the cart as its owner last saw it
 * priced (what a reminder shows); its id is stable, so a retried delivery
 * lands once. The contact is not here: it is read from the profile as the
 * event is written to Postgres (src/db/cart-events.ts), so no copy of it
 * waits in the cart's object.
 */
export function abandonmentEvent(state: CartState, priced: Pick<CartView, 'lines' | 'totals'>, now: string) {
  return {
    id: `${CART_ABANDONED_TOPIC}:${state.id}:v${state.version}`,
    topic: CART_ABANDONED_TOPIC,
    createdAt: now,
    payload: {
      cartId: state.id,
      ...ownerOf(state.id),
      version: state.version,
      lastActivityAt: state.updatedAt,
      abandonedAt: now,
      currency: state.currency,
      lines: priced.lines.map(({ sku, title, quantity, unitAmount, lineTotal }) => ({
        sku,
        title,
        quantity,
        unitAmount,
        lineTotal,
      })),
      totals: priced.totals,
      coupons: state.coupons,
    },
  };
}

/** The earliest of the two things a CartDO's single alarm waits for. */
export function nextCartWakeUp(abandonmentDue: number | null, nextDelivery: number | null): number | null {
  if (abandonmentDue === null) return nextDelivery;
  if (nextDelivery === null) return abandonmentDue;
  return Math.min(abandonmentDue, nextDelivery);
}
