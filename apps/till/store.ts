/**
 * What the till keeps in IndexedDB (through idb) so it can sell while it cannot reach the API: the catalog
 * pack it last fetched (with its ETag) and the queue of sales rung up offline, each under its stable
 * `saleId`, until the server has answered `created` or `replayed` for it.
 */
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { Schemas } from '../shared/api';

export type CatalogPack = Schemas['PosCatalog'];
export type SaleRequest = Schemas['PosSaleRequest'];

/** A sale waiting to be uploaded, and what the last upload said of it. */
export interface QueuedSale {
  sale: SaleRequest;
  /** The store it was rung up at: a queue is uploaded only by a till of that store. */
  locationId: string;
  queuedAt: string;
  lastResult?: Schemas['PosSyncResult']['results'][number];
}

interface TillDb extends DBSchema {
  packs: { key: string; value: { locationId: string; etag: string; pack: CatalogPack } };
  queue: { key: string; value: QueuedSale; indexes: { byLocation: string } };
}

let database: Promise<IDBPDatabase<TillDb>> | undefined;
const db = () =>
  (database ??= openDB<TillDb>('aisle-till', 1, {
    upgrade(store) {
      store.createObjectStore('packs', { keyPath: 'locationId' });
      store.createObjectStore('queue', { keyPath: 'sale.saleId' }).createIndex('byLocation', 'locationId');
    },
  }));

export async function cachedPack(locationId: string): Promise<{ etag: string; pack: CatalogPack } | undefined> {
  return (await db()).get('packs', locationId);
}

export async function cachePack(locationId: string, etag: string, pack: CatalogPack): Promise<void> {
  await (await db()).put('packs', { locationId, etag, pack });
}

/** Queues a sale; the same saleId again replaces it (it is the same sale). */
export async function queueSale(entry: QueuedSale): Promise<void> {
  await (await db()).put('queue', entry);
}

/** The store's queue, oldest first. */
export async function queuedSales(locationId: string): Promise<QueuedSale[]> {
  const entries = await (await db()).getAllFromIndex('queue', 'byLocation', locationId);
  return entries.sort((a, b) => a.queuedAt.localeCompare(b.queuedAt));
}

export async function dropQueued(saleIds: string[]): Promise<void> {
  const tx = (await db()).transaction('queue', 'readwrite');
  await Promise.all([...saleIds.map((id) => tx.store.delete(id)), tx.done]);
}
