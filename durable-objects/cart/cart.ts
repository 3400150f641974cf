import { DurableObject } from 'cloudflare:workers';
import {
  applyCartChange,
  type CartChange,
  type CartState,
  type CartView,
  type OrderedLine,
} from '../../src/domain/cart';
import { DEFAULT_CURRENCY } from '../../src/domain/pricing';
import { CatalogReadModel } from '../../src/read-model/catalog';
import { PricingReadModel } from '../../src/read-model/pricing';
import { CartAbandonment } from './abandonment';
import { catalogRefusal } from './catalog-checks';
import { claimCheckout, completeCheckout, releaseCheckout, type CheckoutClaimOutcome } from './checkout';
import { checkCoupon, couponsStillValid } from './coupons';
import { CartFeed } from './feed';
import { applyHandover, handOver } from './merge';
import {
  cartReply,
  staleVersion,
  unprocessable,
  type CartFailure,
  type CartOutcome,
  type CartReply,
  type CartViewer,
  type WriteOptions,
} from './outcome';
import { renderCart, type CartReadModels } from './render';
import { answerClose } from '../websocket-close';
import { CartStore, type Handover } from './store';

export type { CartOutcome, CartReply, CartViewer, WriteOptions } from './outcome';
export type { CheckoutClaimOutcome } from './checkout';

const nowIso = () => new Date().toISOString();

/**
 * One shopper's cart (`customer:<sub>` or `guest:<id>`), and its only writer:
 * every change is applied synchronously over the DO's SQLite, so two devices
 * writing at once are serialized and never lose an update. The class is the
 * RPC surface; its parts each do one job: the store persists, render prices,
 * the feed pushes to the owner's sockets, merge hands guest carts over,
 * coupons and catalog checks vet a change, abandonment runs the alarm.
 */
export class CartDO extends DurableObject<Env> {
  private readonly cartId: string;
  private readonly store: CartStore;
  private readonly feed: CartFeed;
  private readonly abandonment: CartAbandonment;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    const cartId = ctx.id.name;
    if (!cartId) throw new Error('a CartDO must be addressed by its owner: CART.getByName("customer:<sub>")');
    this.cartId = cartId;
    this.store = new CartStore(ctx.storage, cartId, DEFAULT_CURRENCY);
    this.feed = new CartFeed(ctx);
    this.abandonment = new CartAbandonment(ctx, env, this.store);
    void ctx.blockConcurrencyWhile(async () => this.store.migrate());
  }

  view(viewer: CartViewer): Promise<CartView> {
    return renderCart(this.env, this.store.load(nowIso()), viewer);
  }

  /** The cart for `GET /v1/cart`, serialized (see CartReply). */
  async reply(viewer: CartViewer): Promise<CartReply> {
    return cartReply(await this.view(viewer));
  }

  /** The raw cart, for checkout to snapshot. */
  snapshot(): CartState {
    return this.store.load(nowIso());
  }

  /** Applies a change the catalog allows (a sold SKU, a store offering the pickup), then pushes the new cart. */
  async change(change: CartChange, options: WriteOptions): Promise<CartOutcome> {
    // One read of each read model's version serves the check and the rendering of the result.
    const catalog = new CatalogReadModel(this.env.READ_MODEL);
    const [refusal, pricing] = await Promise.all([
      catalogRefusal(catalog, change),
      new PricingReadModel(this.env.READ_MODEL).current(),
    ]);
    if (refusal) return refusal;
    const outcome = this.write(change, options);
    if (!outcome.ok) return outcome;
    return { ok: true, cart: cartReply(await this.published(outcome.state, options.viewer, { catalog, pricing })) };
  }

  /** Adds a coupon only if it applies to the cart as it stands; otherwise says why not. */
  async addCoupon(code: string, options: WriteOptions): Promise<CartOutcome> {
    const current = this.store.load(nowIso());
    const stale = staleVersion(current, options.expectedVersion);
    if (stale) return stale;
    const check = await checkCoupon(this.env, code, current, options.viewer, nowIso());
    if (!check.ok) {
      const { ok: _, ...reason } = check;
      return unprocessable(`Coupon ${code} cannot be used: ${reason.reason}.`, reason);
    }
    return this.change({ kind: 'add_coupon', code: check.promotion.code ?? code }, options);
  }

  /** Folds a guest cart into this one (see merge.ts): repeating it at any point adds nothing twice. */
  async mergeGuestCart(guestCartName: string, options: WriteOptions): Promise<CartOutcome> {
    const stale = staleVersion(this.store.load(nowIso()), options.expectedVersion);
    if (stale) return stale;
    const guest = this.env.CART.getByName(guestCartName);
    const handover = await guest.handOver(this.cartId);
    if (!handover) return { ok: true, cart: await this.reply(options.viewer) };
    const coupons = await couponsStillValid(this.env, this.store.load(nowIso()), handover, options.viewer, nowIso());
    const merged = applyHandover(this.ctx.storage, this.store, handover, coupons, nowIso());
    if (merged.changed) this.afterWrite(merged.state, options.viewer);
    await guest.forgetHandover(handover.id);
    return { ok: true, cart: cartReply(await this.published(merged.state, options.viewer)) };
  }

  /** Guest side of a merge: empties this cart into a handover for `recipient`, or returns the pending one. */
  handOver(recipient: string): Handover | null {
    const outcome = handOver(this.store, this.cartId, recipient, nowIso());
    if (outcome?.emptied) this.afterWrite(outcome.emptied);
    return outcome?.handover ?? null;
  }

  forgetHandover(handoverId: string): void {
    this.store.finishHandover(handoverId);
  }

  /** Checkout's claim on the cart (see checkout.ts): one checkout at a time, one order per cart version. */
  claimCheckout(idempotencyKey: string, leaseMs: number): CheckoutClaimOutcome {
    return claimCheckout(this.store, idempotencyKey, leaseMs, Date.now(), nowIso());
  }

  /** A checkout that placed no order lets go of the cart. */
  releaseCheckout(idempotencyKey: string): void {
    releaseCheckout(this.store, idempotencyKey);
  }

  /** A placed order takes its lines out of the cart (what was added meanwhile stays); repeatable. */
  completeCheckout(idempotencyKey: string, order: { id: string; lines: OrderedLine[]; coupons: string[] }): boolean {
    const state = completeCheckout(this.store, idempotencyKey, order, nowIso());
    if (state) this.afterWrite(state);
    return state !== null;
  }

  /** `GET /v1/cart/live`: the Worker has authenticated the owner and passes the viewer along. */
  override async fetch(request: Request): Promise<Response> {
    if (request.headers.get('upgrade')?.toLowerCase() !== 'websocket') {
      return new Response('Expected a WebSocket', { status: 426 });
    }
    const viewer = JSON.parse(request.headers.get('x-cart-viewer') ?? 'null') as CartViewer | null;
    if (!viewer) return new Response('Missing viewer', { status: 400 });
    const expiresAt = Number(request.headers.get('x-token-expires-at')) || null;
    if (expiresAt !== null && expiresAt <= Date.now()) return new Response('Token expired', { status: 401 });
    if (this.feed.isFull(Date.now())) return new Response('Too many open sockets', { status: 429 });
    const response = this.feed.accept(viewer, expiresAt, await this.view(viewer));
    await this.feed.armExpiry();
    return response;
  }

  override webSocketMessage(socket: WebSocket, message: string | ArrayBuffer): void {
    if (this.feed.closeIfExpired(socket, Date.now())) return;
    // The socket is one-way (server to device); answer pings so clients can check liveness.
    if (message === 'ping') socket.send('pong');
  }

  override webSocketClose(socket: WebSocket, code: number, reason: string): void {
    answerClose(socket, code, reason);
  }

  override async alarm(): Promise<void> {
    // One alarm for both: abandonment's wake-up and the earliest live socket's token expiry.
    this.feed.closeExpired(Date.now());
    const state = await this.abandonment.run(Date.now());
    await this.abandonment.rearm(state);
    await this.feed.armExpiry();
  }

  private write(change: CartChange, options: WriteOptions): { ok: true; state: CartState } | CartFailure {
    const now = nowIso();
    const current = this.store.load(now);
    const stale = staleVersion(current, options.expectedVersion);
    if (stale) return stale;
    const result = applyCartChange(current, change, now);
    if (!result.ok) return { ok: false, ...result.rejection };
    this.store.save(result.state);
    this.afterWrite(result.state, options.viewer);
    return { ok: true, state: result.state };
  }

  /** `viewer`: the shopper's own write (not a handover or a checkout's), whose prices a reminder would show. */
  private afterWrite(state: CartState, viewer?: CartViewer): void {
    if (viewer) this.store.rememberViewer(viewer);
    // Setting an alarm where none was may set it past a socket's expiry; pull it back.
    this.ctx.waitUntil(this.abandonment.armAfterWrite(state).then(() => this.feed.armExpiry()));
  }

  private published(state: CartState, caller: CartViewer, readModels: CartReadModels = {}): Promise<CartView> {
    return this.feed.publish(state, caller, (viewer) => renderCart(this.env, state, viewer, readModels));
  }
}
