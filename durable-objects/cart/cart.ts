import { DurableObject } from 'cloudflare:workers';
import { renderCart, type CartViewer } from './render';
import { loadConfig } from '../../src/config';
import { connectDatabase } from '../../src/db/client';
import { describeError } from '../../src/db/errors';
import { enqueueOutboxRows } from '../../src/db/outbox';
import {
  abandonmentDueAt,
  abandonmentEvent,
  applyCartChange,
  nextCartWakeUp,
  type CartChange,
  type CartState,
  type CartView,
} from '../../src/domain/cart';
import { priceBasket, validateCoupon } from '../../src/domain/pricing';
import { ledgerRetryDelay } from '../../src/domain/stock';
import { PricingReadModel } from '../../src/read-model/pricing';
import { DEFAULT_CURRENCY } from '../../src/schemas/pricing';
import { answerClose } from '../websocket-close';
import { CartStore, type Handover } from './store';

export type CartFailureCode = 'version_mismatch' | 'not_found' | 'unprocessable';

export type CartOutcome =
  | { ok: true; cart: CartView }
  | { ok: false; code: CartFailureCode; detail: string; extensions?: Record<string, unknown> };

export interface WriteOptions {
  viewer: CartViewer;
  /** The If-Match version; the write is refused when the cart has moved on. */
  expectedVersion?: number;
}

const nowIso = () => new Date().toISOString();

/**
 * One shopper's cart (`customer:<sub>` or `guest:<id>`), and its only writer:
 * every change is applied synchronously over the DO's SQLite, so two devices
 * writing at once are serialized and never lose an update. After each change
 * the cart is pushed to every open WebSocket of its owner, and the alarm is
 * re-armed for the abandonment check.
 */
export class CartDO extends DurableObject<Env> {
  private readonly cartId: string;
  private readonly store: CartStore;
  // Pushes are rendered concurrently; never send a socket an older cart than one it already got.
  private highestPushedVersion = -1;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    const cartId = ctx.id.name;
    if (!cartId) throw new Error('a CartDO must be addressed by its owner: CART.getByName("customer:<sub>")');
    this.cartId = cartId;
    this.store = new CartStore(ctx.storage, cartId, DEFAULT_CURRENCY);
    void ctx.blockConcurrencyWhile(async () => this.store.migrate());
  }

  view(viewer: CartViewer): Promise<CartView> {
    return renderCart(this.env, this.store.load(nowIso()), viewer);
  }

  /** The raw cart, for checkout to snapshot. */
  snapshot(): CartState {
    return this.store.load(nowIso());
  }

  async change(change: CartChange, options: WriteOptions): Promise<CartOutcome> {
    const outcome = this.write(change, options.expectedVersion);
    if (!outcome.ok) return outcome;
    return { ok: true, cart: await this.published(outcome.state, options.viewer) };
  }

  /** Adds a coupon only if it applies to the cart as it stands; otherwise says why not. */
  async addCoupon(code: string, options: WriteOptions): Promise<CartOutcome> {
    const current = this.store.load(nowIso());
    const stale = staleVersion(current, options.expectedVersion);
    if (stale) return stale;
    const check = await this.checkCoupon(code, current, options.viewer);
    if (!check.ok) {
      const { ok: _, ...reason } = check;
      return {
        ok: false,
        code: 'unprocessable',
        detail: `Coupon ${code} cannot be used: ${reason.reason}.`,
        extensions: reason,
      };
    }
    return this.change({ kind: 'add_coupon', code: check.promotion.code ?? code }, options);
  }

  /**
   * Folds a guest cart into this one. The guest cart first moves its lines
   * into a handover record (so they are never lost), this cart applies the
   * handover once (by its id), then the guest forgets it: repeating the merge
   * at any point adds nothing twice.
   */
  async mergeGuestCart(guestCartName: string, options: WriteOptions): Promise<CartOutcome> {
    const stale = staleVersion(this.store.load(nowIso()), options.expectedVersion);
    if (stale) return stale;
    const guest = this.env.CART.getByName(guestCartName);
    const handover = await guest.handOver(this.cartId);
    if (!handover) return { ok: true, cart: await this.view(options.viewer) };
    const kept = await this.couponsStillValid(handover, options.viewer);
    const merged = this.applyHandover(handover, kept);
    await guest.forgetHandover(handover.id);
    return { ok: true, cart: await this.published(merged, options.viewer) };
  }

  /** Guest side of a merge: empties this cart into a handover for `recipient`, or returns the pending one. */
  handOver(recipient: string): Handover | null {
    const pending = this.store.pendingHandover(recipient);
    if (pending) return pending;
    const now = nowIso();
    const state = this.store.load(now);
    if (state.lines.length === 0 && state.coupons.length === 0) return null;
    const cleared = applyCartChange(state, { kind: 'clear' }, now);
    if (!cleared.ok) throw new Error('clearing a cart cannot be refused');
    const handover: Handover = { id: `${this.cartId}@v${state.version}`, lines: state.lines, coupons: state.coupons };
    this.store.startHandover(recipient, handover, cleared.state);
    this.afterWrite(cleared.state);
    return handover;
  }

  forgetHandover(handoverId: string): void {
    this.store.finishHandover(handoverId);
  }

  /** Empties the cart after checkout, unless it changed since checkout took its snapshot. */
  clearAfterCheckout(snapshotVersion: number): boolean {
    const outcome = this.write({ kind: 'checked_out' }, snapshotVersion);
    return outcome.ok;
  }

  /** `GET /v1/cart/live`: the Worker has authenticated the owner and passes the viewer along. */
  override async fetch(request: Request): Promise<Response> {
    if (request.headers.get('upgrade')?.toLowerCase() !== 'websocket')
      return new Response('Expected a WebSocket', { status: 426 });
    const viewer = JSON.parse(request.headers.get('x-cart-viewer') ?? 'null') as CartViewer | null;
    if (!viewer) return new Response('Missing viewer', { status: 400 });
    const { 0: client, 1: server } = new WebSocketPair();
    this.ctx.acceptWebSocket(server);
    server.serializeAttachment(viewer);
    server.send(JSON.stringify({ type: 'cart', cart: await this.view(viewer) }));
    return new Response(null, { status: 101, webSocket: client });
  }

  override webSocketMessage(socket: WebSocket, message: string | ArrayBuffer): void {
    // The socket is one-way (server to device); answer pings so clients can check liveness.
    if (message === 'ping') socket.send('pong');
  }

  override webSocketClose(socket: WebSocket, code: number, reason: string): void {
    answerClose(socket, code, reason);
  }

  /**
   * Reports an idle cart once per idle period (the event id is the cart
   * version) and delivers queued events to the Postgres outbox, retrying with
   * backoff while Postgres is unreachable. Everything is read from storage,
   * so a late, repeated or post-restart alarm does the right thing.
   */
  override async alarm(): Promise<void> {
    const now = Date.now();
    const state = this.store.load(new Date(now).toISOString());
    const due = abandonmentDueAt(state, this.store.abandonment().reportedVersion, this.abandonAfterMs());
    if (due !== null && due <= now)
      this.store.queueAbandonment(state.version, abandonmentEvent(state, new Date(now).toISOString()));
    await this.deliverEvents(now);
    await this.armAlarm(state);
  }

  private write(
    change: CartChange,
    expectedVersion: number | undefined,
  ): { ok: true; state: CartState } | Exclude<CartOutcome, { ok: true }> {
    const now = nowIso();
    const current = this.store.load(now);
    const stale = staleVersion(current, expectedVersion);
    if (stale) return stale;
    const result = applyCartChange(current, change, now);
    if (!result.ok) return { ok: false, ...result.rejection };
    this.store.save(result.state);
    this.afterWrite(result.state);
    return { ok: true, state: result.state };
  }

  private applyHandover(handover: Handover, coupons: string[]): CartState {
    const now = nowIso();
    const current = this.store.load(now);
    if (this.store.hasMerged(handover.id)) return current;
    const merged = applyCartChange(current, { kind: 'merge', lines: handover.lines, coupons }, now);
    if (!merged.ok) throw new Error('a merge cannot be refused');
    this.ctx.storage.transactionSync(() => {
      this.store.save(merged.state);
      this.store.recordMerge(handover.id, now);
    });
    this.afterWrite(merged.state);
    return merged.state;
  }

  private afterWrite(state: CartState): void {
    this.ctx.waitUntil(this.armAlarm(state));
  }

  private async armAlarm(state: CartState): Promise<void> {
    const abandonment = this.store.abandonment();
    const hasPending = this.store.pendingEvents().length > 0;
    const wakeUp = nextCartWakeUp(
      abandonmentDueAt(state, abandonment.reportedVersion, this.abandonAfterMs()),
      hasPending ? (abandonment.nextDeliveryAt ?? Date.now()) : null,
    );
    if (wakeUp === null) await this.ctx.storage.deleteAlarm();
    else await this.ctx.storage.setAlarm(wakeUp);
  }

  private async deliverEvents(now: number): Promise<void> {
    const events = this.store.pendingEvents();
    if (events.length === 0) return;
    const connection = connectDatabase(loadConfig(this.env).database);
    try {
      await enqueueOutboxRows(
        connection.db,
        events.map(({ id, topic, payload, createdAt }) => ({ id, topic, payload, createdAt })),
      );
      this.store.markDelivered(events.map((event) => event.id));
    } catch (error) {
      const failures = this.store.abandonment().deliveryFailures + 1;
      this.store.recordDeliveryFailure(now + ledgerRetryDelay(failures), describeError(error));
    } finally {
      this.ctx.waitUntil(connection.close());
    }
  }

  /** Renders the new cart for the caller and pushes it to every open socket, in one pass. */
  private async published(state: CartState, caller: CartViewer): Promise<CartView> {
    const sockets = this.ctx.getWebSockets();
    const viewers = new Map<string, CartViewer>([[viewerKey(caller), caller]]);
    for (const socket of sockets) {
      const viewer = socket.deserializeAttachment() as CartViewer;
      viewers.set(viewerKey(viewer), viewer);
    }
    const views = new Map(
      await Promise.all(
        [...viewers].map(async ([key, viewer]) => [key, await renderCart(this.env, state, viewer)] as const),
      ),
    );
    if (state.version > this.highestPushedVersion) {
      this.highestPushedVersion = state.version;
      for (const socket of sockets) {
        const view = views.get(viewerKey(socket.deserializeAttachment() as CartViewer));
        socket.send(JSON.stringify({ type: 'cart', cart: view }));
      }
    }
    const own = views.get(viewerKey(caller));
    if (!own) throw new Error('the caller view was rendered above');
    return own;
  }

  private async couponsStillValid(handover: Handover, viewer: CartViewer): Promise<string[]> {
    const merged = applyCartChange(
      this.store.load(nowIso()),
      { kind: 'merge', lines: handover.lines, coupons: [] },
      nowIso(),
    );
    if (!merged.ok) return [];
    const checks = await Promise.all(
      handover.coupons.map(async (code) => [code, await this.checkCoupon(code, merged.state, viewer)] as const),
    );
    return checks.filter(([, check]) => check.ok).map(([code]) => code);
  }

  private async checkCoupon(code: string, state: CartState, viewer: CartViewer) {
    const pricing = await new PricingReadModel(this.env.READ_MODEL).current();
    const context = { currency: state.currency, channel: viewer.channel, customerGroup: viewer.group, now: nowIso() };
    const { totals } = priceBasket({
      lines: state.lines,
      coupons: [],
      context,
      priceIndex: pricing.priceIndex,
      promotions: pricing.promotions,
    });
    return validateCoupon(code, { promotions: pricing.promotions, context, subtotal: totals.subtotal });
  }

  private abandonAfterMs(): number {
    return loadConfig(this.env).cartAbandonAfterMs;
  }
}

/** The If-Match refusal, when the caller expected another version than the cart's. */
function staleVersion(
  { version }: CartState,
  expectedVersion: number | undefined,
): Exclude<CartOutcome, { ok: true }> | null {
  if (expectedVersion === undefined || version === expectedVersion) return null;
  return {
    ok: false,
    code: 'version_mismatch',
    detail: `The cart is at version ${version}, not ${expectedVersion}; reload it and retry.`,
    extensions: { currentVersion: version },
  };
}

const viewerKey = (viewer: CartViewer) => `${viewer.channel}|${viewer.group ?? ''}`;
