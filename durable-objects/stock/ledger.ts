import type { LedgerBatch, LedgerMovementRow } from '../../src/db/inventory';
import type { ShipOutcome } from '../ledger/shipper';
import type { OutboxRow } from '../../src/db/outbox';
import {
  DO_BACKLOG_RETRY,
  INITIAL_DELIVERY_STATE,
  retryExhausted,
  type DeliveryState,
} from '../../src/domain/delivery';
import {
  MOVEMENT_KINDS,
  OVERSOLD_TOPIC,
  oversoldEventId,
  stockStatus,
  availableAt,
  TRANSITION_TOPICS,
  transitionEventId,
  type AppliedDelta,
  type LedgerStatus,
  type MovementKind,
} from '../../src/domain/stock';
import { afterFailedDelivery } from '../../src/lib/delivery';

export interface MovementRecord {
  id: string;
  locationId: string;
  kind: MovementKind;
  onHandDelta: number;
  reservedDelta: number;
  quantity: number;
  reference: string | null;
  flagged: boolean;
  occurredAt: number;
}

type MovementRow = {
  seq: number;
  id: string;
  location_id: string;
  kind: string;
  on_hand_delta: number;
  reserved_delta: number;
  quantity: number;
  reference: string | null;
  flagged: number;
  occurred_at: number;
};

type EventRow = { seq: number; id: string; topic: string; payload: string; created_at: number };

type LedgerStateRow = { failures: number; next_attempt_at: number | null; last_error: string | null };

// 500 rows × 11 columns stays far below Postgres's 65535 bind parameters.
const BATCH_SIZE = 500;
// Bounds one alarm run; a larger backlog re-arms the alarm for the next run at once.
const BATCHES_PER_RUN = 10;
// Movements recorded within this long of the oldest unshipped one travel together: a
// checkout's hold and its commit, or a burst of holds on a hot SKU, go in one batch
// rather than one each.
export const SHIP_COALESCE_MS = 1_000;

function toMovementKind(kind: string): MovementKind {
  const known = MOVEMENT_KINDS.find((candidate) => candidate === kind);
  if (!known) throw new Error(`unknown movement kind ${kind} in storage`);
  return known;
}

/**
 * The SKU's movement log and its transition events, and their shipping to
 * Postgres. Recording is synchronous and part of the operation that moved
 * stock; shipping happens later from the alarm, so Postgres being slow or
 * down never slows or fails a reservation.
 */
export class StockLedger {
  /**
   * When the oldest unshipped row was recorded (null: none), as last read
   * (undefined: read it): every stock call re-arms the alarm from it, and
   * the query behind it was a tenth of the StockDOs' SQLite time in a CPU
   * profile of checkout-3. Recording keeps it; shipping forgets it. A
   * recording rolled back with its operation can leave it early, which costs
   * one alarm that finds nothing to ship.
   */
  private oldestUnshipped: number | null | undefined;

  constructor(
    private readonly sql: SqlStorage,
    private readonly sku: string,
  ) {}

  /** A movement already recorded under this id (the operation is a replay), or null. */
  recorded(id: string): { flagged: boolean } | null {
    const row = this.sql.exec<{ flagged: number }>('SELECT flagged FROM movements WHERE id = ?', id).toArray()[0];
    return row ? { flagged: row.flagged === 1 } : null;
  }

  record(movement: MovementRecord, applied: Pick<AppliedDelta, 'level' | 'transitions' | 'shortfall'>): void {
    this.sql.exec(
      `INSERT INTO movements (id, location_id, kind, on_hand_delta, reserved_delta, quantity, reference, flagged, occurred_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      movement.id,
      movement.locationId,
      movement.kind,
      movement.onHandDelta,
      movement.reservedDelta,
      movement.quantity,
      movement.reference,
      movement.flagged ? 1 : 0,
      movement.occurredAt,
    );
    this.noteUnshipped(movement.occurredAt);
    const after = applied.level;
    const occurredAt = new Date(movement.occurredAt).toISOString();
    for (const transition of applied.transitions) {
      const eventId = transitionEventId(movement.id, transition);
      this.recordEvent(eventId, TRANSITION_TOPICS[transition], movement.occurredAt, {
        sku: this.sku,
        locationId: movement.locationId,
        available: availableAt(after),
        status: stockStatus(after),
        lowStockThreshold: after.lowStockThreshold,
        movementId: movement.id,
        occurredAt,
      });
    }
    if (movement.kind === 'sale' && applied.shortfall > 0) {
      this.recordEvent(oversoldEventId(movement.id), OVERSOLD_TOPIC, movement.occurredAt, {
        sku: this.sku,
        locationId: movement.locationId,
        shortfall: applied.shortfall,
        quantity: movement.quantity,
        onHand: after.onHand,
        reserved: after.reserved,
        // The sale's order; the till's own sale id is in the movement id.
        orderId: movement.reference,
        movementId: movement.id,
        occurredAt,
      });
    }
  }

  /**
   * The ship-from network came back (see StockNetwork): its event has no
   * location, and brings the same notify task as a location's when shipped.
   */
  recordNetworkBackInStock(eventId: string, available: number, at: number): void {
    this.recordEvent(eventId, TRANSITION_TOPICS.back_in_stock, at, {
      sku: this.sku,
      locationId: null,
      scope: 'network',
      available,
      occurredAt: new Date(at).toISOString(),
    });
  }

  private recordEvent(id: string, topic: string, at: number, payload: Record<string, unknown>): void {
    this.sql.exec(
      'INSERT INTO events (id, topic, payload, created_at) VALUES (?, ?, ?, ?)',
      id,
      topic,
      JSON.stringify(payload),
      at,
    );
    this.noteUnshipped(at);
  }

  private noteUnshipped(at: number): void {
    if (this.oldestUnshipped !== undefined) this.oldestUnshipped = Math.min(this.oldestUnshipped ?? at, at);
  }

  /** When the ledger next needs the alarm: shortly after its oldest unshipped row, later while backing off, never if shipped. */
  nextAttempt(): number | null {
    if (this.oldestUnshipped === undefined) {
      this.oldestUnshipped = this.sql
        .exec<{ oldest: number | null }>(
          `SELECT MIN(at) AS oldest FROM (
             SELECT MIN(occurred_at) AS at FROM movements WHERE shipped = 0
             UNION ALL SELECT MIN(created_at) FROM events WHERE shipped = 0)`,
        )
        .one().oldest;
    }
    const oldest = this.oldestUnshipped;
    if (oldest === null) return null;
    return this.delivery().nextAttemptAt ?? oldest + SHIP_COALESCE_MS;
  }

  status(): LedgerStatus {
    const delivery = this.delivery();
    return {
      pendingMovements: this.count('movements'),
      pendingEvents: this.count('events'),
      ...delivery,
      nextAttemptAt: delivery.nextAttemptAt === null ? null : new Date(delivery.nextAttemptAt).toISOString(),
    };
  }

  /**
   * Ships the backlog in batches through `append` (the SKU's ledger shipper,
   * which commits each in a Postgres transaction), and marks a batch shipped
   * only once it answered that it committed. A crash in between re-ships the batch, which the
   * idempotent insert absorbs. Any failure schedules a retry with backoff
   * instead of throwing, so the runtime's own alarm retries do not stack on
   * top of ours. `announce` hears each committed batch's events (to put them
   * on the EVENTS queue).
   */
  async ship(
    append: (batch: LedgerBatch) => Promise<ShipOutcome>,
    clock: () => number,
    announce: (events: readonly OutboxRow[]) => void = () => undefined,
  ): Promise<void> {
    this.oldestUnshipped = undefined;
    try {
      for (let run = 0; run < BATCHES_PER_RUN; run += 1) {
        const movements = this.unshipped<MovementRow>('movements');
        const events = this.unshipped<EventRow>('events');
        if (movements.length === 0 && events.length === 0) break;
        const outcome = await append({ movements: movements.map(this.toLedgerRow), events: events.map(toOutboxRow) });
        if (!outcome.ok) throw new Error(outcome.error);
        this.markShipped('movements', movements);
        this.markShipped('events', events);
        announce(outcome.written);
        // A short batch was the whole backlog: what was recorded while it travelled waits for its
        // own coalescing window (the next alarm), as anything recorded after this run would.
        if (movements.length < BATCH_SIZE && events.length < BATCH_SIZE) break;
      }
      this.saveDelivery(INITIAL_DELIVERY_STATE);
    } catch (error) {
      const target = { item: `the movement log of stock ${this.sku}`, destination: 'the Postgres ledger' };
      this.saveDelivery(afterFailedDelivery(target, this.delivery().attempts + 1, error, DO_BACKLOG_RETRY, clock()));
    }
  }

  /** Shipped rows are kept as idempotency records for a while, then dropped. */
  pruneShipped(before: number): void {
    this.sql.exec('DELETE FROM movements WHERE shipped = 1 AND occurred_at < ?', before);
    this.sql.exec('DELETE FROM events WHERE shipped = 1 AND created_at < ?', before);
  }

  private toLedgerRow = (row: MovementRow): LedgerMovementRow => ({
    id: row.id,
    sku: this.sku,
    locationId: row.location_id,
    kind: toMovementKind(row.kind),
    onHandDelta: row.on_hand_delta,
    reservedDelta: row.reserved_delta,
    quantity: row.quantity,
    reference: row.reference,
    flagged: row.flagged === 1,
    occurredAt: new Date(row.occurred_at).toISOString(),
  });

  private unshipped<Row extends MovementRow | EventRow>(table: 'movements' | 'events'): Row[] {
    return this.sql.exec<Row>(`SELECT * FROM ${table} WHERE shipped = 0 ORDER BY seq LIMIT ?`, BATCH_SIZE).toArray();
  }

  // Rows recorded while the batch was in flight have higher seqs, so "every
  // unshipped row up to the batch's last seq" is exactly the batch.
  private markShipped(table: 'movements' | 'events', rows: readonly { seq: number }[]): void {
    const last = rows.at(-1);
    if (last) this.sql.exec(`UPDATE ${table} SET shipped = 1 WHERE shipped = 0 AND seq <= ?`, last.seq);
    this.oldestUnshipped = undefined;
  }

  private count(table: 'movements' | 'events'): number {
    return this.sql.exec<{ pending: number }>(`SELECT COUNT(*) AS pending FROM ${table} WHERE shipped = 0`).one()
      .pending;
  }

  // `dead` is not stored: it follows from the attempts, and the ledger keeps retrying either way.
  private delivery(): DeliveryState {
    const row = this.sql.exec<LedgerStateRow>('SELECT failures, next_attempt_at, last_error FROM ledger_state').one();
    return {
      attempts: row.failures,
      nextAttemptAt: row.next_attempt_at,
      lastError: row.last_error,
      dead: retryExhausted(row.failures, DO_BACKLOG_RETRY),
    };
  }

  private saveDelivery(state: DeliveryState): void {
    this.sql.exec(
      'UPDATE ledger_state SET failures = ?, next_attempt_at = ?, last_error = ?',
      state.attempts,
      state.nextAttemptAt,
      state.lastError,
    );
  }
}

function toOutboxRow(row: EventRow): OutboxRow {
  const payload: Record<string, unknown> = JSON.parse(row.payload);
  return { id: row.id, topic: row.topic, payload, createdAt: new Date(row.created_at).toISOString() };
}
