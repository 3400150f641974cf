import type { StockLevel } from '../domain/stock';
import { MIRROR_REPLICAS, mirrorReplicaName, type MirrorHealth } from '../domain/stock/mirror';

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
  const [read, known] = await Promise.all([
    copy(env, Math.floor(Math.random() * MIRROR_REPLICAS)).read(unique, locationIds),
    inCatalog,
  ]);
  const fetched = await Promise.all(
    read.missing
      .filter(known)
      .map(async (sku) => [sku, (await env.STOCK.getByName(sku).unmirroredLevels()).locations] as const),
  );
  return new Map<string, StockLevel[]>([...Object.entries(read.levels), ...fetched]);
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
