import { emptyCart, type CartState } from '../../src/domain/cart';
import type { DeliveryState } from '../../src/domain/delivery';
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
];

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
  constructor(
    private readonly storage: DurableObjectStorage,
    private readonly cartId: string,
    private readonly currency: string,
  ) {}

  migrate(): void {
    applySchemaMigrations(this.storage, MIGRATIONS);
  }

  load(now: string): CartState {
    const row = this.storage.sql.exec<{ state: string }>('SELECT state FROM cart').toArray()[0];
    return row ? (JSON.parse(row.state) as CartState) : emptyCart(this.cartId, this.currency, now);
  }

  save(state: CartState): void {
    this.storage.sql.exec(
      'INSERT INTO cart (singleton, state) VALUES (1, ?) ON CONFLICT (singleton) DO UPDATE SET state = excluded.state',
      JSON.stringify(state),
    );
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
    this.storage.transactionSync(() => {
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
}
