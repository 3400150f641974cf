import type { StockLevel } from '../domain/stock';
import {
  availableAcross,
  MIRROR_REPLICAS,
  mirrorReplicaName,
  type MirrorAnswer,
  type MirrorHealth,
} from '../domain/stock/mirror';
import type { CatalogReadModel } from './catalog';

type MirrorCopy = ReturnType<Env['AVAILABILITY']['getByName']>;

const copy = (env: Env, replica: number): MirrorCopy => env.AVAILABILITY.getByName(mirrorReplicaName(replica));

/**
 * What one copy of the availability mirror answers for the SKUs (`ask`),
 * whatever their number: one call. A SKU the copy does not have yet is
 * asked of its own StockDO (`fromLevels` turns its levels into the same
 * answer), which then feeds it to every copy, but only once `inCatalog` says
 * the SKU is worth waking an object for; the catalog read runs alongside the
 * mirror's. Holds never come here: they are decided by the StockDO.
 */
async function fromMirror<T>(
  env: Env,
  skus: readonly string[],
  inCatalog: Promise<(sku: string) => boolean>,
  ask: (copy: MirrorCopy, skus: string[]) => Promise<string>,
  fromLevels: (levels: StockLevel[]) => T,
): Promise<Map<string, T>> {
  const unique = [...new Set(skus)];
  if (unique.length === 0) return new Map();
  const [answer, known] = await Promise.all([
    ask(copy(env, Math.floor(Math.random() * MIRROR_REPLICAS)), unique),
    inCatalog,
  ]);
  const read = JSON.parse(answer) as MirrorAnswer<T>;
  const fetched = await Promise.all(
    read.missing
      .filter(known)
      .map(async (sku) => [sku, fromLevels((await env.STOCK.getByName(sku).unmirroredLevels()).locations)] as const),
  );
  return new Map<string, T>([...Object.entries(read.found), ...fetched]);
}

/** Each SKU's stocked levels (at `locationIds` when given, else every location its StockDO has), for display. */
export function stockedLevels(
  env: Env,
  skus: readonly string[],
  inCatalog: Promise<(sku: string) => boolean>,
  locationIds?: readonly string[],
): Promise<Map<string, StockLevel[]>> {
  return fromMirror(
    env,
    skus,
    inCatalog,
    (mirror, unique) => mirror.read(unique, locationIds),
    (levels) => levels,
  );
}

/**
 * Each SKU's headline figure alone: at `locationId`, or across the ship-from
 * network. A cart or a wish list shows one number per line, so the mirror
 * sums it and answers one number per SKU, not every level. `inCatalog` says
 * which SKUs missing from the mirror are worth asking their StockDO.
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
  const locationIds =
    locationId === null
      ? (await catalog.locations()).filter((location) => location.shipFrom).map((location) => location.id)
      : [locationId];
  const wanted = new Set(locationIds);
  const available = await fromMirror(
    env,
    skus,
    inCatalog,
    (mirror, unique) => mirror.headlines(unique, locationIds),
    (levels) => availableAcross(levels, wanted),
  );
  return new Map(skus.map((sku) => [sku, available.get(sku) ?? 0] as const));
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
