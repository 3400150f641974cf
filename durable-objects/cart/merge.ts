import { applyCartChange, type CartState } from '../../src/domain/cart';
import type { CartStore, Handover } from './store';

// Merging a guest cart is a handover in three idempotent steps: the guest
// cart moves its lines into a handover record and empties itself in one
// transaction; the customer's cart applies the handover once (by its id);
// the guest cart forgets it. A crash between any two steps loses nothing and
// a repeat adds nothing.

/** Guest side: empties the cart into a handover for `recipient`, or returns the pending one; null if empty. */
export function handOver(
  store: CartStore,
  cartId: string,
  recipient: string,
  now: string,
): { handover: Handover; emptied: CartState | null } | null {
  const pending = store.pendingHandover(recipient);
  if (pending) return { handover: pending, emptied: null };
  const state = store.load(now);
  if (state.lines.length === 0 && state.coupons.length === 0) return null;
  const cleared = applyCartChange(state, { kind: 'clear' }, now);
  if (!cleared.ok) throw new Error('clearing a cart cannot be refused');
  const handover: Handover = { id: `${cartId}@v${state.version}`, lines: state.lines, coupons: state.coupons };
  store.startHandover(recipient, handover, cleared.state);
  return { handover, emptied: cleared.state };
}

/** Customer side: adds the handover's lines and the coupons that still apply, once per handover id. */
export function applyHandover(
  storage: DurableObjectStorage,
  store: CartStore,
  handover: Handover,
  coupons: string[],
  now: string,
): { state: CartState; changed: boolean } {
  const current = store.load(now);
  if (store.hasMerged(handover.id)) return { state: current, changed: false };
  const merged = applyCartChange(current, { kind: 'merge', lines: handover.lines, coupons }, now);
  if (!merged.ok) throw new Error('a merge cannot be refused');
  storage.transactionSync(() => {
    store.save(merged.state);
    store.recordMerge(handover.id, now);
  });
  return { state: merged.state, changed: true };
}
