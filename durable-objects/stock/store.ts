import {
  emptyLevel,
  HOLD_STATES,
  type Allocation,
  type Hold,
  type HoldState,
  type StockLevel,
} from '../../src/domain/stock';

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

const byLocationId = ([a]: readonly [string, unknown], [b]: readonly [string, unknown]) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Levels and holds of one SKU, read and written synchronously.
 *
 * Every availability call and cart line reads the levels, and only this DO
 * writes them, so they are kept in memory after the first read (the first
 * SQLite query of a call costs about as much as the DO call itself), and so
 * is the next hold expiry, which every operation checks. Writes update both;
 * a transaction that throws (and so rolls back) drops them, to be read again.
 */
export class StockStore {
  private readonly sql: SqlStorage;
  /** By location, in location order; null until read, or after a rollback. */
  private cachedLevels: Map<string, StockLevel> | null = null;
  /** The earliest expiry of a live hold (null: none); undefined until read, or after a hold changed. */
  private cachedNextExpiry: number | null | undefined;

  constructor(private readonly storage: DurableObjectStorage) {
    this.sql = storage.sql;
  }

  /** One SQLite transaction; if it throws, what is cached may be rolled back too, so it is dropped. */
  transaction<T>(work: () => T): T {
    try {
      return this.storage.transactionSync(work);
    } catch (error) {
      this.cachedLevels = null;
      this.cachedNextExpiry = undefined;
      throw error;
    }
  }

  level(locationId: string): StockLevel {
    const level = this.stockedLevels().get(locationId);
    return level ? { ...level } : emptyLevel(locationId);
  }

  /** The named locations in the order given (zero where never stocked), or every stocked one. */
  levels(locationIds?: readonly string[]): StockLevel[] {
    if (locationIds) return locationIds.map((id) => this.level(id));
    return [...this.stockedLevels().values()].map((level) => ({ ...level }));
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
    const cached = this.cachedLevels;
    if (!cached) return;
    if (cached.has(level.locationId)) cached.set(level.locationId, { ...level });
    // A new location goes in its place in location order (ids are ASCII, so this is SQLite's order too),
    // rather than reading every level again: first stocking sets a SKU's levels one new location at a time.
    else this.cachedLevels = new Map([...cached, [level.locationId, { ...level }] as const].sort(byLocationId));
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
    this.cachedNextExpiry = undefined;
  }

  settleHold(id: string, state: Exclude<HoldState, 'held'>, at: number, flagged = false): void {
    this.sql.exec(
      'UPDATE holds SET state = ?, settled_at = ?, flagged = ? WHERE id = ?',
      state,
      at,
      flagged ? 1 : 0,
      id,
    );
    this.cachedNextExpiry = undefined;
  }

  /** Ids of live holds whose TTL has passed at `now`. */
  expiredHoldIds(now: number): string[] {
    const next = this.nextHoldExpiry();
    if (next === null || next > now) return [];
    return this.sql
      .exec<{ id: string }>(
        "SELECT DISTINCT id FROM holds WHERE state = 'held' AND expires_at <= ? ORDER BY expires_at",
        now,
      )
      .toArray()
      .map((row) => row.id);
  }

  nextHoldExpiry(): number | null {
    if (this.cachedNextExpiry === undefined) {
      this.cachedNextExpiry = this.sql
        .exec<{ next: number | null }>("SELECT MIN(expires_at) AS next FROM holds WHERE state = 'held'")
        .one().next;
    }
    return this.cachedNextExpiry;
  }

  private stockedLevels(): Map<string, StockLevel> {
    this.cachedLevels ??= new Map(
      this.sql
        .exec<LevelRow>('SELECT * FROM levels ORDER BY location_id')
        .toArray()
        .map((row) => [row.location_id, toLevel(row)]),
    );
    return this.cachedLevels;
  }

  /** Settled holds are kept as idempotency records for a while, then dropped. */
  pruneSettledHolds(settledBefore: number): void {
    this.sql.exec("DELETE FROM holds WHERE state <> 'held' AND settled_at < ?", settledBefore);
  }
}
