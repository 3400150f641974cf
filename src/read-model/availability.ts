import { headlineAvailable, viewLevel, type StockLevel } from '../domain/stock';
import {
  levelsAtLocations,
  MIRROR_REPLICAS,
  mirrorReplicaName,
  type MirrorHealth,
  type MirrorRead,
} from '../domain/stock/mirror';
import type { CatalogReadModel } from './catalog';

const copy = (env: Env, replica: number) => env.AVAILABILITY.getByName(mirrorReplicaName(replica));

/**
 * Each SKU's stocked levels (at `locationIds` when given, else every location
 * its StockDO has), for display:
 * one call to one copy of the availability mirror, whatever the number of
 * SKUs. A SKU the copy does not have yet is asked of its own StockDO, which
 * then feeds it to every copy, but only once `inCatalog` says the SKU is
 * worth waking an object for; the catalog read runs alongside the mirror's.
 * Holds never come here: they are decided by the StockDO.
 */
export async function stockedLevels(
  env: Env,
  skus: readonly string[],
  inCatalog: Promise<(sku: string) => boolean>,
  locationIds?: readonly string[],
): Promise<Map<string, StockLevel[]>> {
  const unique = [...new Set(skus)];
  if (unique.length === 0) return new Map();
  const [answer, known] = await Promise.all([
    copy(env, Math.floor(Math.random() * MIRROR_REPLICAS)).read(unique, locationIds),
    inCatalog,
  ]);
  const read = JSON.parse(answer) as MirrorRead;
  const fetched = await Promise.all(
    read.missing
      .filter(known)
      .map(async (sku) => [sku, (await env.STOCK.getByName(sku).unmirroredLevels()).locations] as const),
  );
  return new Map<string, StockLevel[]>([...Object.entries(read.levels), ...fetched]);
}

/**
 * Each SKU's headline figure alone: at `locationId`, or across the ship-from
 * network. A cart or a wish list shows one number per line, so the mirror is
 * asked for those locations' levels only, not every location's. `inCatalog`
 * says which SKUs missing from the mirror are worth asking their StockDO.
 */
export async function headlineAvailability(
  env: Env,
  catalog: CatalogReadModel,
  skus: readonly string[],
  locationId: string | null,
  inCatalog: Promise<(sku: string) => boolean>,
): Promise<Map<string, number>> {
  if (skus.length === 0) return new Map();
  // The locations first (memoized in the isolate, so this rarely waits), to know which ship.
  const locations = locationId === null ? await catalog.locations() : [];
  const locationIds =
    locationId === null
      ? locations.filter((location) => location.shipFrom).map((location) => location.id)
      : [locationId];
  const stocked = await stockedLevels(env, skus, inCatalog, locationIds);
  return new Map(
    skus.map((sku) => {
      const views = levelsAtLocations(stocked.get(sku) ?? [], locationIds).map(viewLevel);
      return [sku, headlineAvailable(views, locations, locationId ?? undefined)] as const;
    }),
  );
}

/** Every copy's size and lag (from a StockDO's change to the copy taking it), for ops. */
export function mirrorHealth(env: Env): Promise<MirrorHealth[]> {
  return Promise.all(
    Array.from({ length: MIRROR_REPLICAS }, async (_, replica) => ({
      replica,
      ...(await copy(env, replica).health()),
    })),
  );
}
