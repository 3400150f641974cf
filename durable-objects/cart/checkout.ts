import { applyCartChange, type CartState, type OrderedLine } from '../../src/domain/cart';
import type { CartStore } from './store';

/** What a checkout gets when it asks to check the cart out. */
export type CheckoutClaimOutcome =
  /** The checkout holds the cart: `cart` is the snapshot it must order, nothing else. */
  | { kind: 'claimed'; cart: CartState }
  /** Another checkout (another Idempotency-Key) is running on this cart; its lease ends at `leaseUntil`. */
  | { kind: 'in_progress'; leaseUntil: number }
  /** This cart, as it stands, has been ordered already (`orderId`). */
  | { kind: 'ordered'; orderId: string };

/**
 * One checkout at a time per cart, decided synchronously over the DO's
 * SQLite (no await between the read and the write), so of any number of
 * concurrent checkouts exactly one is claimed. The same Idempotency-Key
 * always passes (a retry of the running checkout). The claim is a lease: a
 * Worker that dies mid-checkout leaves it to lapse after `leaseMs` (the
 * hold TTL, so it lapses with the holds it placed), and the cart is free
 * again. Once the order is placed and its lines taken out, the emptied cart
 * answers "ordered" (naming the order) until it changes.
 */
export function claimCheckout(
  store: CartStore,
  idempotencyKey: string,
  leaseMs: number,
  nowMs: number,
  now: string,
): CheckoutClaimOutcome {
  const cart = store.load(now);
  const claim = store.checkoutClaim();
  // Ordered, and nothing added since: what is left (if anything) is another device's, a new cart to order.
  const orderedAsItStands = claim?.orderedVersion === cart.version && cart.lines.length === 0;
  if (claim && claim.orderId !== null && (claim.idempotencyKey === idempotencyKey || orderedAsItStands)) {
    return { kind: 'ordered', orderId: claim.orderId };
  }
  if (claim && claim.orderId === null && claim.idempotencyKey !== idempotencyKey && claim.leaseUntil > nowMs) {
    return { kind: 'in_progress', leaseUntil: claim.leaseUntil };
  }
  store.saveCheckoutClaim({
    idempotencyKey,
    claimedVersion: cart.version,
    leaseUntil: nowMs + leaseMs,
    orderId: null,
    orderedVersion: null,
  });
  return { kind: 'claimed', cart };
}

/** A checkout that failed before placing an order frees the cart (only its own claim). */
export function releaseCheckout(store: CartStore, idempotencyKey: string): void {
  const claim = store.checkoutClaim();
  if (claim && claim.orderId === null && claim.idempotencyKey === idempotencyKey) store.dropCheckoutClaim();
}

/**
 * The order is placed: its lines (SKU and quantity) and coupons leave the
 * cart, whatever another device added meanwhile stays, and the claim turns
 * into "ordered". Repeating it for the same order changes nothing.
 * Returns the cart as saved, or null when nothing changed.
 */
export function completeCheckout(
  store: CartStore,
  idempotencyKey: string,
  order: { id: string; lines: readonly OrderedLine[]; coupons: readonly string[] },
  now: string,
): CartState | null {
  if (store.hasOrdered(order.id)) return null;
  const result = applyCartChange(
    store.load(now),
    { kind: 'subtract_ordered', lines: order.lines, coupons: order.coupons },
    now,
  );
  if (!result.ok) throw new Error(`subtracting order ${order.id}: ${result.rejection.detail}`);
  const claim = store.checkoutClaim();
  // A claim taken over by another checkout (ours lapsed) is that checkout's to finish.
  const ours = claim === null || claim.idempotencyKey === idempotencyKey;
  store.completeCheckout(
    result.state,
    order.id,
    ours
      ? {
          idempotencyKey,
          claimedVersion: claim?.claimedVersion ?? result.state.version - 1,
          leaseUntil: 0,
          orderId: order.id,
          orderedVersion: result.state.version,
        }
      : null,
    now,
  );
  return result.state;
}
