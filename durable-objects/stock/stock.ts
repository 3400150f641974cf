import { DurableObject } from 'cloudflare:workers';
import { announceOutboxEvents } from '../../src/lib/announce';
import { CatalogReadModel } from '../../src/read-model/catalog';
import {
  type ApplyMovementsResult,
  type AvailabilityResult,
  type CommitResult,
  type Hold,
  type LedgerStatus,
  type LevelView,
  type MovementOutcome,
  type PolicyRequest,
  type ReleaseResult,
  type ReserveRequest,
  type ReserveResult,
  type RestockRequest,
  type SaleRequest,
  type StockMovement,
  ledgerShipperName,
  nextWakeUp,
} from '../../src/domain/stock';
import { MIRROR_SYNC_TIMEOUT_MS } from '../../src/domain/stock/mirror';
import { answerClose } from '../websocket-close';
import { StockBook } from './book';
import { StockLedger } from './ledger';
import { MirrorFeed } from './mirror-feed';
import { StockNetwork } from './network';
import { migrateStockSchema } from './schema';
import { StockStore } from './store';

/** A socket's asks for a snapshot are answered at most once per this interval. */
export const SNAPSHOT_INTERVAL_MS = 1_000;

/** At most this many live subscribers per SKU (every render and send is on the SKU's only writer); one more gets 429. */
export const MAX_SOCKETS_PER_SKU = 1_000;

/** How long settled holds and shipped movements are kept as idempotency records. */
const RETENTION_MS = 90 * 24 * 60 * 60 * 1000;

/** How often an instance prunes what retention let go: three statements an hour, not three per alarm. */
const PRUNE_EVERY_MS = 60 * 60 * 1000;

/**
 * The only writer of one SKU's stock at every location, addressed by
 * `STOCK.idFromName(sku)`. Every operation is synchronous over the DO's
 * SQLite (see StockBook), so concurrent callers are strictly serialized and
 * two shoppers can never both take the last unit. Operations are idempotent
 * by the caller's id, because callers retry.
 *
 * One alarm serves both hold expiry and shipping the movement log to
 * Postgres; after every operation it is set from storage to the earlier of
 * the two, so it is right after a restart too.
 */
export class StockDO extends DurableObject<Env> {
  private readonly sku: string;
  private readonly book: StockBook;
  private readonly ledger: StockLedger;
  private readonly store: StockStore;
  private readonly network: StockNetwork;
  private readonly mirror: MirrorFeed;
  /** The public levels last given to the mirror and subscribers (none since this instance woke: the next change goes out). */
  private lastSnapshot: string | null = null;
  /** When this instance last pruned (never yet: its first alarm does). */
  private prunedAt = 0;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    const sku = ctx.id.name;
    if (!sku) throw new Error('a StockDO must be addressed by its SKU: STOCK.idFromName(sku)');
    this.sku = sku;
    this.store = new StockStore(ctx.storage);
    this.ledger = new StockLedger(ctx.storage.sql, sku);
    this.book = new StockBook(sku, this.store, this.ledger);
    this.network = new StockNetwork(ctx.storage.sql, sku, this.store, this.ledger);
    this.mirror = new MirrorFeed(ctx.storage.sql, sku, env.AVAILABILITY, () => this.store.levels());
    void ctx.blockConcurrencyWhile(async () => migrateStockSchema(ctx.storage));
  }

  /** Levels at the given locations (zero where never stocked), or at every stocked location. */
  availability(locationIds?: readonly string[]): Promise<AvailabilityResult> {
    return this.operate((now) => ({ sku: this.sku, locations: this.book.levels(locationIds, now) }));
  }

  /**
   * Every stocked location's level, for a reader that found this SKU missing
   * from an availability mirror copy (a SKU not changed since the mirror
   * came, or a copy added since); sends the levels to every copy, so the next
   * read finds them there.
   */
  async unmirroredLevels(): Promise<AvailabilityResult> {
    const now = Date.now();
    const result = { sku: this.sku, locations: this.book.levels(undefined, now) };
    if (this.book.takeChange()) this.afterChange(now);
    this.mirror.changed(now);
    await this.mirror.sync(MIRROR_SYNC_TIMEOUT_MS);
    await this.armAlarm();
    return result;
  }

  hold(holdId: string): Promise<Hold | null> {
    return this.operate((now) => this.book.hold(holdId, now));
  }

  /**
   * Holds `quantity` at one location, or at the best of the given ship-from
   * locations (one that covers it all if any, split otherwise); all or
   * nothing. A shortfall answers what is available instead of a hold.
   */
  reserve(request: ReserveRequest): Promise<ReserveResult> {
    return this.operate((now) => this.book.reserve(request, now));
  }

  /**
   * Held units become sold: onHand and reserved both drop. Release then commit
   * is refused (`hold_released`): the caller gave the units back. A commit after
   * expiry still decrements onHand, flagged if that takes units that were not
   * available: the goods are already sold. Repeating a commit changes nothing.
   */
  commit(holdId: string): Promise<CommitResult> {
    // Sold units were held units: what shoppers see is unchanged, so the copies are not fed (see
    // afterChange). A late commit that takes units no longer held does change it; it does not wait.
    return this.operate((now) => this.book.commit(holdId, now), 'follow');
  }

  /** Gives held units back; repeating it, or releasing an expired hold, changes nothing. */
  release(holdId: string): Promise<ReleaseResult> {
    return this.operate((now) => this.book.release(holdId, now));
  }

  /**
   * A POS sale straight off the shelf. Never refused: the customer already left
   * with the goods (an offline terminal syncs later), so it may take stock below
   * what is reserved or below zero, and is then flagged.
   */
  sell(request: SaleRequest): Promise<MovementOutcome> {
    return this.operate((now) => this.book.sell(request, now));
  }

  /** Returned goods back on the shelf at the return location. */
  restock(request: RestockRequest): Promise<MovementOutcome> {
    return this.operate((now) => this.book.restock(request, now));
  }

  /** Receipts, counts (`set`) and corrections (`adjust`), each applied once by its id, in order. */
  applyMovements(movements: readonly StockMovement[]): Promise<ApplyMovementsResult> {
    return this.operate((now) => this.book.applyMovements(movements, now));
  }

  /** Safety stock and low-stock threshold per location; they move no units, so they are not movements. */
  setPolicies(requests: readonly PolicyRequest[]): Promise<LevelView[]> {
    return this.operate((now) => this.book.setPolicies(requests, now));
  }

  ledgerStatus(): LedgerStatus {
    return this.ledger.status();
  }

  /**
   * Delivered at least once, maybe late, maybe twice, maybe to a fresh
   * instance: expiring only touches holds still `held` and past their TTL,
   * and shipping is an idempotent insert, so a repeat changes nothing.
   */
  override async alarm(): Promise<void> {
    const now = Date.now();
    this.book.expireHolds(now);
    if (this.book.takeChange()) this.afterChange(now);
    await this.mirror.sync(MIRROR_SYNC_TIMEOUT_MS);
    await this.refreshNetwork(now);
    const shipper = this.env.LEDGER.getByName(ledgerShipperName(this.sku));
    await this.ledger.ship(
      (batch) => shipper.append(batch),
      Date.now,
      (events) => this.ctx.waitUntil(announceOutboxEvents(this.env.EVENTS, events)),
    );
    if (now - this.prunedAt >= PRUNE_EVERY_MS) {
      this.ledger.pruneShipped(now - RETENTION_MS);
      this.store.pruneSettledHolds(now - RETENTION_MS);
      this.prunedAt = now;
    }
    await this.armAlarm();
  }

  /** The live feed (`GET /v1/availability/{sku}/live`); a WebSocket upgrade is the only request served over fetch. */
  override async fetch(request: Request): Promise<Response> {
    if (request.headers.get('upgrade')?.toLowerCase() !== 'websocket') {
      return new Response('expected a WebSocket upgrade', { status: 426 });
    }
    if (this.ctx.getWebSockets().length >= MAX_SOCKETS_PER_SKU) {
      return new Response('too many live subscribers for this SKU', { status: 429 });
    }
    const { 0: client, 1: server } = new WebSocketPair();
    // Hibernatable: an idle subscriber costs nothing while the DO sleeps.
    this.ctx.acceptWebSocket(server);
    server.send(this.snapshot());
    return new Response(null, { status: 101, webSocket: client });
  }

  /**
   * Any message asks for a fresh snapshot, e.g. after the client missed one while
   * reconnecting; at most one a second per socket (SNAPSHOT_INTERVAL_MS), so a client
   * looping on send cannot make the SKU's only writer render for it. Asks in between
   * are dropped: the broadcast after every change still reaches the socket.
   */
  override async webSocketMessage(socket: WebSocket): Promise<void> {
    const now = Date.now();
    const last = (socket.deserializeAttachment() as { lastSnapshotAt?: number } | null)?.lastSnapshotAt ?? 0;
    if (now - last < SNAPSHOT_INTERVAL_MS) return;
    socket.serializeAttachment({ lastSnapshotAt: now });
    socket.send(this.snapshot());
  }

  override async webSocketClose(socket: WebSocket, code: number, reason: string): Promise<void> {
    answerClose(socket, code, reason);
  }

  /**
   * Runs a synchronous operation; if it changed stock, tells live subscribers,
   * sends the change to the availability mirror (if shoppers can see it) and re-arms the alarm. With
   * `mirror: 'wait'` it answers once the copies took the change (so the
   * caller reads its own change there); with `'follow'` the copies are fed
   * without holding up the answer. Only those are awaited, after the
   * operation is done, so no other request can interleave with its checks
   * and writes. A read that changed nothing writes nothing.
   */
  private async operate<T>(operation: (now: number) => T, mirror: 'wait' | 'follow' = 'wait'): Promise<T> {
    const now = Date.now();
    const result = operation(now);
    if (this.book.takeChange()) {
      this.afterChange(now);
      const synced = this.mirror.sync(MIRROR_SYNC_TIMEOUT_MS);
      if (mirror === 'wait') await synced;
      await this.armAlarm();
    }
    return result;
  }

  /**
   * A change shoppers cannot see (a commit: onHand and reserved fall
   * together) leaves the mirror copies and live subscribers alone: what the
   * copies hold still reads the same to every shopper, and staff, who see
   * the figures behind `available`, read the StockDO itself. A checkout's
   * three commits so skip twelve of its twenty-four pushes.
   */
  private afterChange(now: number): void {
    this.network.check(now);
    const snapshot = this.snapshot();
    if (snapshot === this.lastSnapshot) return;
    this.lastSnapshot = snapshot;
    this.mirror.changed(now);
    this.broadcast(snapshot);
  }

  /**
   * Reads which locations ship from the edge read model (never Postgres) and
   * checks the network with it before the log ships, so a transition the
   * stock calls could not see yet still travels in this batch. A read-model
   * failure keeps the last set: the next alarm tries again.
   */
  private async refreshNetwork(now: number): Promise<void> {
    try {
      const locations = await new CatalogReadModel(this.env.READ_MODEL).locations();
      this.network.refresh(
        locations.filter((location) => location.shipFrom).map((location) => location.id),
        now,
      );
    } catch (error) {
      console.error(`stock ${this.sku}: reading the ship-from locations failed`, error);
    }
  }

  private async armAlarm(): Promise<void> {
    const wakeUp = nextWakeUp(this.book.wakeUpAt(), this.mirror.retryAt(Date.now()));
    if (wakeUp === null) await this.ctx.storage.deleteAlarm();
    else await this.ctx.storage.setAlarm(wakeUp);
  }

  private broadcast(message: string): void {
    for (const socket of this.ctx.getWebSockets()) socket.send(message);
  }

  private snapshot(): string {
    return JSON.stringify({ type: 'availability', sku: this.sku, locations: this.book.publicLevels() });
  }
}
