import { MAX_VIEWS_KEPT, MAX_WISHLIST_ITEMS, type ShopperHandover, type WishedItem } from '../../src/domain/shopper';
import type { ShopperStore } from './store';

// Merging a guest's lists is the cart's handover (durable-objects/cart/merge.ts)
// in the same three idempotent steps: the guest object moves its wish list and
// views into a handover record and empties itself in one transaction; the
// customer's object applies the handover once (by its id); the guest object
// forgets it. A crash between any two steps loses nothing and a repeat adds
// nothing.

/** Guest side: empties the lists into a handover for `recipient`, or returns the pending one; null if empty. */
export function handOver(
  storage: DurableObjectStorage,
  store: ShopperStore,
  shopperId: string,
  recipient: string,
  now: string,
): ShopperHandover | null {
  const pending = store.pendingHandover(recipient);
  if (pending) return pending;
  const wishlist = store.wishlist();
  const views = store.views(MAX_VIEWS_KEPT);
  if (wishlist.length === 0 && views.length === 0) return null;
  const handover: ShopperHandover = { id: `${shopperId}@${now}`, wishlist, views };
  storage.transactionSync(() => {
    store.clearLists();
    store.saveHandover(recipient, handover);
  });
  return handover;
}

export interface MergeOutcome {
  /** Items this merge added to the wish list (already wished ones are not), under the customer's group. */
  added: WishedItem[];
  /** Items left out because the wish list was full. */
  dropped: string[];
}

/**
 * Customer side: wishes the handover's SKUs not wished yet (as far as the
 * limit allows, oldest first) under the customer's group, and records its
 * views, once per handover id.
 */
export function applyHandover(
  storage: DurableObjectStorage,
  store: ShopperStore,
  handover: ShopperHandover,
  group: string | null,
  now: string,
): MergeOutcome {
  const outcome: MergeOutcome = { added: [], dropped: [] };
  if (store.hasMerged(handover.id)) return outcome;
  storage.transactionSync(() => {
    let count = store.wishCount();
    for (const item of handover.wishlist) {
      if (store.wished(item.sku)) continue;
      if (count >= MAX_WISHLIST_ITEMS) {
        outcome.dropped.push(item.sku);
        continue;
      }
      const added = { ...item, group };
      store.wish(added);
      outcome.added.push(added);
      count += 1;
    }
    for (const view of handover.views) store.view(view, MAX_VIEWS_KEPT);
    store.recordMerge(handover.id, now);
  });
  return outcome;
}
