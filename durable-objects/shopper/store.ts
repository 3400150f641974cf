import type { ShopperHandover, ViewedItem, WishedItem } from '../../src/domain/shopper';
import { applySchemaMigrations } from '../sqlite-schema';

const MIGRATIONS: readonly string[] = [
  `
  -- One row per wished SKU; the channel and group it was added under are what a price drop compares.
  CREATE TABLE wishlist (sku TEXT PRIMARY KEY, channel TEXT NOT NULL, customer_group TEXT, added_at TEXT NOT NULL);
  -- One row per viewed SKU (deduplicated), its latest view; trimmed to the newest few.
  CREATE TABLE views (sku TEXT PRIMARY KEY, viewed_at TEXT NOT NULL);
  CREATE INDEX views_newest ON views (viewed_at DESC);
  -- Guest side of a merge: the lists handed to a customer, kept until the customer's object confirms.
  CREATE TABLE handover (id TEXT PRIMARY KEY, recipient TEXT NOT NULL, payload TEXT NOT NULL);
  -- Customer side: handovers already applied, so repeating a merge adds nothing.
  CREATE TABLE merges (merge_key TEXT PRIMARY KEY, merged_at TEXT NOT NULL);
  `,
  `
  -- The wallet's first page copied from Postgres (wallet-snapshot.ts); generation moves with every change.
  CREATE TABLE wallet_snapshot (
    singleton INTEGER PRIMARY KEY CHECK (singleton = 1),
    generation INTEGER NOT NULL,
    snapshot TEXT,
    taken_at INTEGER
  );
  INSERT INTO wallet_snapshot (singleton, generation) VALUES (1, 0);
  `,
];

interface WishlistRow extends Record<string, SqlStorageValue> {
  sku: string;
  channel: string;
  customer_group: string | null;
  added_at: string;
}

const toWished = (row: WishlistRow): WishedItem => ({
  sku: row.sku,
  channel: row.channel as WishedItem['channel'],
  group: row.customer_group,
  addedAt: row.added_at,
});

/** Synchronous persistence of one ShopperDO's lists over its SQLite storage. */
export class ShopperStore {
  constructor(private readonly storage: DurableObjectStorage) {}

  migrate(): void {
    applySchemaMigrations(this.storage, MIGRATIONS);
  }

  /** Oldest first, the order they were wished for. */
  wishlist(): WishedItem[] {
    return this.storage.sql
      .exec<WishlistRow>('SELECT sku, channel, customer_group, added_at FROM wishlist ORDER BY added_at, sku')
      .toArray()
      .map(toWished);
  }

  wished(sku: string): WishedItem | null {
    const row = this.storage.sql
      .exec<WishlistRow>('SELECT sku, channel, customer_group, added_at FROM wishlist WHERE sku = ?', sku)
      .toArray()[0];
    return row ? toWished(row) : null;
  }

  wishCount(): number {
    return this.storage.sql.exec<{ n: number }>('SELECT COUNT(*) AS n FROM wishlist').one().n;
  }

  /** Adds the item unless its SKU is already wished (the first channel and date stay). */
  wish(item: WishedItem): void {
    this.storage.sql.exec(
      'INSERT INTO wishlist (sku, channel, customer_group, added_at) VALUES (?, ?, ?, ?) ON CONFLICT (sku) DO NOTHING',
      item.sku,
      item.channel,
      item.group,
      item.addedAt,
    );
  }

  unwish(sku: string): void {
    this.storage.sql.exec('DELETE FROM wishlist WHERE sku = ?', sku);
  }

  /** Newest first. */
  views(limit: number): ViewedItem[] {
    return this.storage.sql
      .exec<{ sku: string; viewed_at: string }>(
        'SELECT sku, viewed_at FROM views ORDER BY viewed_at DESC, sku LIMIT ?',
        limit,
      )
      .toArray()
      .map((row) => ({ sku: row.sku, viewedAt: row.viewed_at }));
  }

  /** Records a view (a later view of the same SKU moves it up), then keeps only the newest `keep`. */
  view(item: ViewedItem, keep: number): void {
    this.storage.sql.exec(
      `INSERT INTO views (sku, viewed_at) VALUES (?, ?)
       ON CONFLICT (sku) DO UPDATE SET viewed_at = MAX(viewed_at, excluded.viewed_at)`,
      item.sku,
      item.viewedAt,
    );
    this.storage.sql.exec(
      'DELETE FROM views WHERE sku NOT IN (SELECT sku FROM views ORDER BY viewed_at DESC, sku LIMIT ?)',
      keep,
    );
  }

  clearLists(): void {
    this.storage.sql.exec('DELETE FROM wishlist');
    this.storage.sql.exec('DELETE FROM views');
  }

  /** Erasure: the lists, any handover not yet confirmed, and the record of applied ones. */
  forgetEverything(): void {
    this.clearLists();
    this.storage.sql.exec('DELETE FROM handover');
    this.storage.sql.exec('DELETE FROM merges');
  }

  pendingHandover(recipient: string): ShopperHandover | null {
    const row = this.storage.sql
      .exec<{ payload: string }>('SELECT payload FROM handover WHERE recipient = ?', recipient)
      .toArray()[0];
    return row ? (JSON.parse(row.payload) as ShopperHandover) : null;
  }

  saveHandover(recipient: string, handover: ShopperHandover): void {
    this.storage.sql.exec(
      'INSERT INTO handover (id, recipient, payload) VALUES (?, ?, ?)',
      handover.id,
      recipient,
      JSON.stringify(handover),
    );
  }

  finishHandover(id: string): void {
    this.storage.sql.exec('DELETE FROM handover WHERE id = ?', id);
  }

  hasMerged(handoverId: string): boolean {
    return this.storage.sql.exec('SELECT 1 FROM merges WHERE merge_key = ?', handoverId).toArray().length > 0;
  }

  recordMerge(handoverId: string, now: string): void {
    this.storage.sql.exec('INSERT INTO merges (merge_key, merged_at) VALUES (?, ?)', handoverId, now);
  }
}
