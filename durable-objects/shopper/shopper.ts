import { DurableObject } from 'cloudflare:workers';
import {
  MAX_VIEWS_KEPT,
  MAX_WISHLIST_ITEMS,
  type ShopperHandover,
  type ViewedItem,
  type WishedItem,
} from '../../src/domain/shopper';
import type { WalletSnapshot } from '../../src/domain/loyalty';
import { applyHandover, handOver, type MergeOutcome } from './merge';
import { ShopperStore } from './store';
import { WalletSnapshots } from './wallet-snapshot';

export type { MergeOutcome } from './merge';

/** `added`: this call wished the SKU (it was not on the list). */
export type WishOutcome = { ok: true; added: boolean; items: WishedItem[] } | { ok: false; reason: 'wishlist_full' };

const nowIso = () => new Date().toISOString();

/**
 * One shopper's live lists besides the cart (`customer:<sub>` or
 * `guest:<id>`, the cart's owner name): the wish list and the recently
 * viewed SKUs; and, for a customer, a copy of their wallet's first page
 * (wallet-snapshot.ts). Every method is synchronous over the DO's SQLite, so two
 * devices writing at once are serialized; reads of these lists never touch
 * Postgres. What the lists mean (prices, titles, availability) is rendered by
 * the Worker (src/shopper/).
 */
export class ShopperDO extends DurableObject<Env> {
  private readonly shopperId: string;
  private readonly store: ShopperStore;
  private readonly wallet: WalletSnapshots;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    const shopperId = ctx.id.name;
    if (!shopperId) throw new Error('a ShopperDO must be addressed by its owner: SHOPPER.getByName("customer:<sub>")');
    this.shopperId = shopperId;
    this.store = new ShopperStore(ctx.storage);
    this.wallet = new WalletSnapshots(ctx.storage.sql);
    void ctx.blockConcurrencyWhile(async () => this.store.migrate());
  }

  wishlist(): WishedItem[] {
    return this.store.wishlist();
  }

  /** The wished items among `skus`, as stored (a price check confirms an index row against them). */
  wishedAmong(skus: readonly string[]): WishedItem[] {
    return skus.flatMap((sku) => this.store.wished(sku) ?? []);
  }

  /** Wishes a SKU; wishing it again changes nothing (its first channel, group and date stay). */
  wish(item: Omit<WishedItem, 'addedAt'>): WishOutcome {
    const added = !this.store.wished(item.sku);
    if (added) {
      if (this.store.wishCount() >= MAX_WISHLIST_ITEMS) return { ok: false, reason: 'wishlist_full' };
      this.store.wish({ ...item, addedAt: nowIso() });
    }
    return { ok: true, added, items: this.store.wishlist() };
  }

  /** Unwishes a SKU; `removed` says whether it was wished. */
  unwish(sku: string): { removed: boolean; items: WishedItem[] } {
    const removed = this.store.wished(sku) !== null;
    if (removed) this.store.unwish(sku);
    return { removed, items: this.store.wishlist() };
  }

  recordView(sku: string): void {
    // Views in the same millisecond still keep their order: each is stamped after the latest one.
    const latest = this.store.views(1)[0]?.viewedAt;
    const now = Date.now();
    const viewedAt = latest === undefined ? now : Math.max(now, Date.parse(latest) + 1);
    this.store.view({ sku, viewedAt: new Date(viewedAt).toISOString() }, MAX_VIEWS_KEPT);
  }

  /** Newest first, each SKU once (recommendations read these too). */
  recentlyViewed(limit: number = MAX_VIEWS_KEPT): ViewedItem[] {
    return this.store.views(limit);
  }

  /** Guest side of a merge: empties the lists into a handover for `recipient`, or returns the pending one. */
  handOver(recipient: string): ShopperHandover | null {
    return handOver(this.ctx.storage, this.store, this.shopperId, recipient, nowIso());
  }

  /** Customer side: applies a guest's handover once by its id; the added items take the customer's group. */
  applyHandover(handover: ShopperHandover, group: string | null): MergeOutcome {
    return applyHandover(this.ctx.storage, this.store, handover, group, nowIso());
  }

  forgetHandover(handoverId: string): void {
    this.store.finishHandover(handoverId);
  }

  /** The wallet's copy, if fresh, and the generation to keep a new copy under (see WalletSnapshots). */
  walletSnapshot(): { snapshot: WalletSnapshot | null; generation: number } {
    return this.wallet.current(Date.now());
  }

  keepWalletSnapshot(snapshot: WalletSnapshot, generation: number): boolean {
    return this.wallet.keep(snapshot, generation, Date.now());
  }

  /** The wallet changed in Postgres: the copy is stale. */
  forgetWalletSnapshot(): void {
    this.wallet.forget();
  }

  /** The shopper's erasure: wish list, views and handovers go; repeating it finds nothing left. */
  erase(): void {
    this.store.forgetEverything();
  }
}
