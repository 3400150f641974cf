import {
  headlineAvailable,
  levelFor,
  viewLevel,
  withinRadius,
  type LevelAudience,
  type StockLevel,
} from '../domain/stock';
import { levelsAtLocations } from '../domain/stock/mirror';
import { ApiError } from '../lib/errors';
import { stockedLevels } from '../read-model/availability';
import { CatalogReadModel } from '../read-model/catalog';

// Live availability, the hot path: locations and products from the edge read
// model, levels from the availability mirror (one call for any number of
// SKUs), none of it from Postgres.

const roundKm = (km: number) => Math.round(km * 100) / 100;

/** The 422 for a location the catalog does not have (an availability query, a wish list at a store, a return). */
export function requireKnownLocation(locations: readonly { id: string }[], locationId: string): void {
  if (!locations.some((location) => location.id === locationId)) {
    throw new ApiError('unprocessable', `Unknown location ${locationId}.`);
  }
}

/**
 * Each SKU's headline figure (ship-from network, or one location) and its
 * level at each location. Shoppers read the availability mirror; staff read
 * each SKU's StockDO, exact: they see onHand and reserved, which a commit
 * moves without changing what shoppers see, so the mirror is not told of it.
 */
export async function availabilityOf(
  env: Env,
  query: { skus: readonly string[]; locationId?: string; audience: LevelAudience },
  readModel = new CatalogReadModel(env.READ_MODEL),
) {
  const { skus, locationId, audience } = query;
  const products = readModel.products(skus);
  const inCatalog = products.then((found) => (sku: string) => found.has(sku));
  const at = locationId === undefined ? undefined : [locationId];
  const [locations, catalog, stocked] = await Promise.all([
    readModel.locations(),
    products,
    audience === 'staff' ? exactLevels(env, skus, inCatalog, at) : stockedLevels(env, skus, inCatalog, at),
  ]);
  if (locationId !== undefined) requireKnownLocation(locations, locationId);
  const locationIds = locationId === undefined ? locations.map((location) => location.id) : [locationId];
  const items = skus.map((sku) => {
    // A SKU outside the catalog reads as 0 wherever the mirror last saw it.
    const reported = catalog.has(sku) ? (stocked.get(sku) ?? []) : [];
    const views = levelsAtLocations(reported, locationIds).map(viewLevel);
    return {
      sku,
      available: headlineAvailable(views, locations, locationId),
      locations: views.map((view) => levelFor(audience, view)),
    };
  });
  return { items };
}

/** Each catalog SKU's levels from its own StockDO, one call per SKU (only staff reads pay for it). */
async function exactLevels(
  env: Env,
  skus: readonly string[],
  inCatalog: Promise<(sku: string) => boolean>,
  locationIds?: readonly string[],
): Promise<Map<string, StockLevel[]>> {
  const known = await inCatalog;
  const wanted = [...new Set(skus)].filter(known);
  const answers = await Promise.all(wanted.map((sku) => env.STOCK.getByName(sku).availability(locationIds)));
  return new Map(answers.map((answer) => [answer.sku, answer.locations]));
}

/** Locations within the radius, nearest first; with a SKU, what each has of it. */
export async function nearbyLocations(
  env: Env,
  query: { lat: number; lng: number; radiusKm: number; sku?: string; quantity?: number },
) {
  const { lat, lng, radiusKm, sku, quantity } = query;
  const readModel = new CatalogReadModel(env.READ_MODEL);
  const [locations, product] = await Promise.all([
    readModel.locations(),
    sku === undefined ? null : readModel.product(sku),
  ]);
  if (sku !== undefined && !product) throw new ApiError('not_found', `No product with SKU ${sku}.`);
  const nearby = withinRadius(locations, { lat, lng }, radiusKm);
  const levels =
    sku === undefined || nearby.length === 0
      ? []
      : levelsAtLocations(
          (
            await stockedLevels(
              env,
              [sku],
              Promise.resolve(() => true),
            )
          ).get(sku) ?? [],
          nearby.map((location) => location.id),
        ).map(viewLevel);
  const levelAt = new Map(levels.map((level) => [level.locationId, level]));
  return {
    locations: nearby.map((location) => {
      const level = levelAt.get(location.id);
      return {
        id: location.id,
        name: location.name,
        kind: location.kind,
        distanceKm: roundKm(location.distanceKm),
        pickup: location.pickup,
        curbside: location.curbside,
        ...(level && { available: level.available, status: level.status }),
        ...(level && quantity !== undefined && { covers: level.available >= quantity }),
      };
    }),
  };
}

/** Whether `sku` is in the catalog, for the live feed to refuse unknown SKUs before waking a StockDO. */
export async function isCatalogSku(env: Env, sku: string): Promise<boolean> {
  return (await new CatalogReadModel(env.READ_MODEL).product(sku)) !== null;
}
