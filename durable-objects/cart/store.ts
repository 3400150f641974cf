import { emptyCart, type CartState } from '../../src/domain/cart';
import type { DeliveryState } from '../../src/domain/delivery';
import type { PriceViewer } from '../../src/domain/shopper';
import { applySchemaMigrations } from '../sqlite-schema';

const MIGRATIONS: readonly string[] = [
  `
  -- The whole cart as one JSON document: at most 200 lines, always read and written whole.
  CREATE TABLE cart (singleton INTEGER PRIMARY KEY CHECK (singleton = 1), state TEXT NOT NULL);
  -- Guest carts already folded in, so repeating a merge adds nothing.
  CREATE TABLE merges (merge_key TEXT PRIMARY KEY, merged_at TEXT NOT NULL);
  -- Events waiting to reach the Postgres outbox (retried while Postgres is down).
  CREATE TABLE pending_events (id TEXT PRIMARY KEY, topic TEXT NOT NULL, payload TEXT NOT NULL, created_at TEXT NOT NULL);
  CREATE TABLE abandonment (
    singleton INTEGER PRIMARY KEY CHECK (singleton = 1),
    -- the cart version whose idle period has been reported (once per idle period)
    reported_version INTEGER,
    delivery_failures INTEGER NOT NULL DEFAULT 0,
    next_delivery_at INTEGER,
    last_error TEXT
  );
  INSERT INTO abandonment (singleton, delivery_failures) VALUES (1, 0);
  -- Lines this guest cart handed to a customer's cart, kept until the customer's cart confirms.
  CREATE TABLE handover (id TEXT PRIMARY KEY, recipient TEXT NOT NULL, payload TEXT NOT NULL);
  `,
  `
  -- The cart's checkout: at most one runs at a time. While order_id is NULL a checkout (idempotency_key)
  -- is running on the snapshot at claimed_version until lease_until (epoch ms); once the order is placed,
  -- order_id names it and ordered_version is the cart's version right after its lines were taken out.
  CREATE TABLE checkout_claim (
    singleton INTEGER PRIMARY KEY CHECK (singleton = 1),
    idempotency_key TEXT NOT NULL,
    claimed_version INTEGER NOT NULL,
    lease_until INTEGER NOT NULL,
    order_id TEXT,
    ordered_version INTEGER
  );
  -- Orders whose lines have been taken out of the cart, so repeating that (a replayed checkout) takes nothing twice.
  CREATE TABLE ordered (order_id TEXT PRIMARY KEY, ordered_at TEXT NOT NULL);
  `,
  `
  -- Who last wrote the cart (channel and customer group, JSON): the abandonment event prices it for them.
  ALTER TABLE abandonment ADD COLUMN viewer TEXT;
  `,
];

/** The cart's checkout mark: running under a lease, or ordered. */
export interface CheckoutClaim {
  idempotencyKey: string;
  claimedVersion: number;
  leaseUntil: number;
  orderId: string | null;
  orderedVersion: number | null;
}

export interface PendingEvent {
  id: string;
  topic: string;
  payload: Record<string, unknown>;
  createdAt: string;
}

/** A guest cart's contents on their way into a customer's cart. */
export interface Handover {
  id: string;
  lines: CartState['lines'];
  coupons: string[];
}

export interface AbandonmentState {
  reportedVersion: number | null;
  deliveryFailures: number;
  nextDeliveryAt: number | null;
  lastError: string | null;
}

/** Synchronous persistence of one CartDO's state over its SQLite storage. */
export class CartStore {
  /**
   * The cart as last read or saved: a cart is read far more often than it
   * changes, and parsing a 20-line cart's JSON on every read was a tenth of
   * the read's CPU. Only this store writes the row; a transaction that
   * throws drops it (see atomically), so what rolled back is read again.
   */
  private current: CartState | undefined;

  constructor(
    private readonly storage: DurableObjectStorage,
    private readonly cartId: string,
    private readonly currency: string,
  ) {}

  migrate(): void {
    applySchemaMigrations(this.storage, MIGRATIONS);
  }

  load(now: string): CartState {
    if (this.current) return this.current;
    const row = this.storage.sql.exec<{ state: string }>('SELECT state FROM cart').toArray()[0];
    if (!row) return emptyCart(this.cartId, this.currency, now);
    this.current = JSON.parse(row.state) as CartState;
    return this.current;
  }

  save(state: CartState): void {
    this.storage.sql.exec(
      'INSERT INTO cart (singleton, state) VALUES (1, ?) ON CONFLICT (singleton) DO UPDATE SET state = excluded.state',
      JSON.stringify(state),
    );
    this.current = state;
  }

  checkoutClaim(): CheckoutClaim | null {
    const row = this.storage.sql
      .exec<{
        idempotency_key: string;
        claimed_version: number;
        lease_until: number;
        order_id: string | null;
        ordered_version: number | null;
      }>('SELECT idempotency_key, claimed_version, lease_until, order_id, ordered_version FROM checkout_claim')
      .toArray()[0];
    return row
      ? {
          idempotencyKey: row.idempotency_key,
          claimedVersion: row.claimed_version,
          leaseUntil: row.lease_until,
          orderId: row.order_id,
          orderedVersion: row.ordered_version,
        }
      : null;
  }

  saveCheckoutClaim(claim: CheckoutClaim): void {
    this.storage.sql.exec(
      `INSERT INTO checkout_claim (singleton, idempotency_key, claimed_version, lease_until, order_id, ordered_version)
       VALUES (1, ?, ?, ?, ?, ?)
       ON CONFLICT (singleton) DO UPDATE SET idempotency_key = excluded.idempotency_key,
         claimed_version = excluded.claimed_version, lease_until = excluded.lease_until,
         order_id = excluded.order_id, ordered_version = excluded.ordered_version`,
      claim.idempotencyKey,
      claim.claimedVersion,
      claim.leaseUntil,
      claim.orderId,
      claim.orderedVersion,
    );
  }

  dropCheckoutClaim(): void {
    this.storage.sql.exec('DELETE FROM checkout_claim');
  }

  hasOrdered(orderId: string): boolean {
    return this.storage.sql.exec('SELECT 1 FROM ordered WHERE order_id = ?', orderId).toArray().length > 0;
  }

  /** Saves the cart without an order's lines, records the order as taken out and, if given, the claim as ordered: one transaction. */
  completeCheckout(state: CartState, orderId: string, claim: CheckoutClaim | null, now: string): void {
    this.atomically(() => {
      this.save(state);
      this.storage.sql.exec('INSERT INTO ordered (order_id, ordered_at) VALUES (?, ?)', orderId, now);
      if (claim) this.saveCheckoutClaim(claim);
    });
  }

  hasMerged(mergeKey: string): boolean {
    return this.storage.sql.exec('SELECT 1 FROM merges WHERE merge_key = ?', mergeKey).toArray().length > 0;
  }

  recordMerge(mergeKey: string, now: string): void {
    this.storage.sql.exec('INSERT OR IGNORE INTO merges (merge_key, merged_at) VALUES (?, ?)', mergeKey, now);
  }

  pendingHandover(recipient: string): Handover | null {
    const row = this.storage.sql
      .exec<{ payload: string }>('SELECT payload FROM handover WHERE recipient = ?', recipient)
      .toArray()[0];
    return row ? (JSON.parse(row.payload) as Handover) : null;
  }

  /** Empties the cart into a handover record, in one transaction, so the lines are never in neither place. */
  startHandover(recipient: string, handover: Handover, emptied: CartState): void {
    this.atomically(() => {
      this.storage.sql.exec(
        'INSERT INTO handover (id, recipient, payload) VALUES (?, ?, ?)',
        handover.id,
        recipient,
        JSON.stringify(handover),
      );
      this.save(emptied);
    });
  }

  finishHandover(id: string): void {
    this.storage.sql.exec('DELETE FROM handover WHERE id = ?', id);
  }

  abandonment(): AbandonmentState {
    const row = this.storage.sql
      .exec<{
        reported_version: number | null;
        delivery_failures: number;
        next_delivery_at: number | null;
        last_error: string | null;
      }>('SELECT reported_version, delivery_failures, next_delivery_at, last_error FROM abandonment')
      .one();
    return {
      reportedVersion: row.reported_version,
      deliveryFailures: row.delivery_failures,
      nextDeliveryAt: row.next_delivery_at,
      lastError: row.last_error,
    };
  }

  /** The channel and group of the cart's last writer; null if it was last written before they were kept. */
  lastViewer(): PriceViewer | null {
    const { viewer } = this.storage.sql.exec<{ viewer: string | null }>('SELECT viewer FROM abandonment').one();
    return viewer === null ? null : (JSON.parse(viewer) as PriceViewer);
  }

  rememberViewer(viewer: PriceViewer): void {
    const json = JSON.stringify({ channel: viewer.channel, group: viewer.group });
    this.storage.sql.exec('UPDATE abandonment SET viewer = ? WHERE viewer IS NOT ?', json, json);
  }

  /** Records the idle period as reported and queues its event, in one transaction. */
  queueAbandonment(version: number, event: PendingEvent): void {
    this.storage.transactionSync(() => {
      this.storage.sql.exec('UPDATE abandonment SET reported_version = ?', version);
      this.storage.sql.exec(
        'INSERT OR IGNORE INTO pending_events (id, topic, payload, created_at) VALUES (?, ?, ?, ?)',
        event.id,
        event.topic,
        JSON.stringify(event.payload),
        event.createdAt,
      );
    });
  }

  pendingEvents(): PendingEvent[] {
    return this.storage.sql
      .exec<{ id: string; topic: string; payload: string; created_at: string }>(
        'SELECT id, topic, payload, created_at FROM pending_events',
      )
      .toArray()
      .map((row) => ({
        id: row.id,
        topic: row.topic,
        payload: JSON.parse(row.payload) as Record<string, unknown>,
        createdAt: row.created_at,
      }));
  }

  markDelivered(ids: readonly string[]): void {
    this.storage.transactionSync(() => {
      for (const id of ids) this.storage.sql.exec('DELETE FROM pending_events WHERE id = ?', id);
      this.storage.sql.exec('UPDATE abandonment SET delivery_failures = 0, next_delivery_at = NULL, last_error = NULL');
    });
  }

  // `dead` is not stored: it follows from the attempts, and the cart keeps retrying either way.
  recordDeliveryFailure(state: DeliveryState): void {
    this.storage.sql.exec(
      'UPDATE abandonment SET delivery_failures = ?, next_delivery_at = ?, last_error = ?',
      state.attempts,
      state.nextAttemptAt,
      state.lastError,
    );
  }

  /** One SQLite transaction; should it throw, the cart in memory may be one that rolled back, so it is dropped. */
  private atomically(work: () => void): void {
    try {
      this.storage.transactionSync(work);
    } catch (error) {
      this.current = undefined;
      throw error;
    }
  }
}
