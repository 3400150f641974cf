import { emptyLevel, type Allocation, type Hold, type HoldState, type StockLevel } from '../src/domain/stock';

type LevelRow = {
  location_id: string;
  on_hand: number;
  reserved: number;
  safety_stock: number;
  low_stock_threshold: number;
};

type HoldRow = {
  id: string;
  location_id: string;
  quantity: number;
  reference: string | null;
  expires_at: number;
  state: string;
  flagged: number;
};

const HOLD_STATES: readonly HoldState[] = ['held', 'committed', 'released', 'expired'];

function toLevel(row: LevelRow): StockLevel {
  return {
    locationId: row.location_id,
    onHand: row.on_hand,
    reserved: row.reserved,
    safetyStock: row.safety_stock,
    lowStockThreshold: row.low_stock_threshold,
  };
}

function toHoldState(state: string): HoldState {
  const known = HOLD_STATES.find((candidate) => candidate === state);
  if (!known) throw new Error(`unknown hold state ${state} in storage`);
  return known;
}

export interface StoredHold {
  hold: Hold;
  /** The commit took units that were not available (a late commit). */
  flagged: boolean;
}

/** Levels and holds of one SKU, read and written synchronously. */
export class StockStore {
  constructor(private readonly sql: SqlStorage) {}

  level(locationId: string): StockLevel {
    const row = this.sql.exec<LevelRow>('SELECT * FROM levels WHERE location_id = ?', locationId).toArray()[0];
    return row ? toLevel(row) : emptyLevel(locationId);
  }

  /** The named locations in the order given (zero where never stocked), or every stocked one. */
  levels(locationIds?: readonly string[]): StockLevel[] {
    if (locationIds?.length === 1) return locationIds.map((id) => this.level(id));
    const stocked = this.sql.exec<LevelRow>('SELECT * FROM levels ORDER BY location_id').toArray().map(toLevel);
    if (!locationIds) return stocked;
    // One scan of a SKU's few levels rather than a query per location: availability across
    // every location, and each cart line's ship-from figure, read many locations at once.
    const byLocation = new Map(stocked.map((level) => [level.locationId, level]));
    return locationIds.map((id) => byLocation.get(id) ?? emptyLevel(id));
  }

  saveLevel(level: StockLevel): void {
    this.sql.exec(
      `INSERT INTO levels (location_id, on_hand, reserved, safety_stock, low_stock_threshold) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (location_id) DO UPDATE SET on_hand = excluded.on_hand, reserved = excluded.reserved,
         safety_stock = excluded.safety_stock, low_stock_threshold = excluded.low_stock_threshold`,
      level.locationId,
      level.onHand,
      level.reserved,
      level.safetyStock,
      level.lowStockThreshold,
    );
  }

  hold(id: string): StoredHold | null {
    const rows = this.sql.exec<HoldRow>('SELECT * FROM holds WHERE id = ? ORDER BY location_id', id).toArray();
    const first = rows[0];
    if (!first) return null;
    const allocations: Allocation[] = rows.map((row) => ({ locationId: row.location_id, quantity: row.quantity }));
    return {
      hold: {
        id,
        state: toHoldState(first.state),
        quantity: allocations.reduce((sum, allocation) => sum + allocation.quantity, 0),
        reference: first.reference,
        expiresAt: new Date(first.expires_at).toISOString(),
        allocations,
      },
      flagged: rows.some((row) => row.flagged === 1),
    };
  }

  insertHold(id: string, allocations: readonly Allocation[], reference: string | null, expiresAt: number): void {
    for (const allocation of allocations) {
      this.sql.exec(
        "INSERT INTO holds (id, location_id, quantity, reference, expires_at, state) VALUES (?, ?, ?, ?, ?, 'held')",
        id,
        allocation.locationId,
        allocation.quantity,
        reference,
        expiresAt,
      );
    }
  }

  settleHold(id: string, state: Exclude<HoldState, 'held'>, at: number, flagged = false): void {
    this.sql.exec('UPDATE holds SET state = ?, settled_at = ?, flagged = ? WHERE id = ?', state, at, flagged ? 1 : 0, id);
  }

  /** Ids of live holds whose TTL has passed at `now`. */
  expiredHoldIds(now: number): string[] {
    return this.sql
      .exec<{ id: string }>("SELECT DISTINCT id FROM holds WHERE state = 'held' AND expires_at <= ? ORDER BY expires_at", now)
      .toArray()
      .map((row) => row.id);
  }

  nextHoldExpiry(): number | null {
    return this.sql.exec<{ next: number | null }>("SELECT MIN(expires_at) AS next FROM holds WHERE state = 'held'").one().next;
  }

  /** Settled holds are kept as idempotency records for a while, then dropped. */
  pruneSettledHolds(settledBefore: number): void {
    this.sql.exec("DELETE FROM holds WHERE state <> 'held' AND settled_at < ?", settledBefore);
  }
}
