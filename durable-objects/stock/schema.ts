import { applySchemaMigrations } from '../sqlite-schema';

/** The StockDO's SQLite schema, one entry per version (see applySchemaMigrations). */
const MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE levels (
    location_id TEXT PRIMARY KEY,
    on_hand INTEGER NOT NULL,
    reserved INTEGER NOT NULL CHECK (reserved >= 0),
    safety_stock INTEGER NOT NULL,
    low_stock_threshold INTEGER NOT NULL
  );
  -- One row per location a hold takes units from (a ship hold may be split).
  CREATE TABLE holds (
    id TEXT NOT NULL,
    location_id TEXT NOT NULL,
    quantity INTEGER NOT NULL CHECK (quantity > 0),
    reference TEXT,
    expires_at INTEGER NOT NULL,
    state TEXT NOT NULL,
    flagged INTEGER NOT NULL DEFAULT 0,
    settled_at INTEGER,
    PRIMARY KEY (id, location_id)
  );
  CREATE INDEX holds_live ON holds (expires_at) WHERE state = 'held';
  -- The movement log; rows double as the idempotency record of the operation that made them.
  CREATE TABLE movements (
    seq INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    location_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    on_hand_delta INTEGER NOT NULL,
    reserved_delta INTEGER NOT NULL,
    quantity INTEGER NOT NULL,
    reference TEXT,
    flagged INTEGER NOT NULL,
    occurred_at INTEGER NOT NULL,
    shipped INTEGER NOT NULL DEFAULT 0
  );
  CREATE INDEX movements_unshipped ON movements (seq) WHERE shipped = 0;
  CREATE TABLE events (
    seq INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    topic TEXT NOT NULL,
    payload TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    shipped INTEGER NOT NULL DEFAULT 0
  );
  CREATE INDEX events_unshipped ON events (seq) WHERE shipped = 0;
  CREATE TABLE ledger_state (
    singleton INTEGER PRIMARY KEY CHECK (singleton = 1),
    failures INTEGER NOT NULL,
    next_attempt_at INTEGER,
    last_error TEXT
  );
  INSERT INTO ledger_state (singleton, failures) VALUES (1, 0);
  `,
  // Whether the ship-from network has the SKU, for its back-in-stock transition. A new SKU
  // starts with none; one already stocked is unknown (NULL) until its first check, which
  // only takes the baseline, so an upgrade sends no spurious "back in stock".
  `
  CREATE TABLE network_state (
    singleton INTEGER PRIMARY KEY CHECK (singleton = 1),
    ship_from TEXT,
    in_stock INTEGER,
    transitions INTEGER NOT NULL DEFAULT 0
  );
  INSERT INTO network_state (singleton, in_stock)
    VALUES (1, CASE WHEN EXISTS (SELECT 1 FROM levels) THEN NULL ELSE 0 END);
  `,
  // What the availability mirror has of this SKU (durable-objects/stock/mirror-feed.ts): the
  // levels' change count and the highest count every copy has taken. Version 0: never pushed.
  `
  CREATE TABLE mirror_state (
    singleton INTEGER PRIMARY KEY CHECK (singleton = 1),
    version INTEGER NOT NULL,
    synced INTEGER NOT NULL
  );
  INSERT INTO mirror_state (singleton, version, synced) VALUES (1, 0, 0);
  `,
  // What the alarm prunes once retention lets it go, found without reading the whole table: a
  // busy SKU keeps 90 days of movements and holds.
  `
  CREATE INDEX holds_settled ON holds (settled_at) WHERE state <> 'held';
  CREATE INDEX movements_shipped ON movements (occurred_at) WHERE shipped = 1;
  CREATE INDEX events_shipped ON events (created_at) WHERE shipped = 1;
  `,
];

export function migrateStockSchema(storage: DurableObjectStorage): void {
  applySchemaMigrations(storage, MIGRATIONS);
}
