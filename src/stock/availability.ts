import {
  emptyLevel,
  headlineAvailable,
  levelFor,
  viewLevel,
  withinRadius,
  type LevelAudience,
  type LevelView,
} from '../domain/stock';
import { ApiError } from '../lib/errors';
import { CatalogReadModel } from '../read-model/catalog';

// Live availability, the hot path: locations and products from the edge read
// model, levels from each SKU's StockDO in parallel, none of it from Postgres.

async function levelsAt(env: Env, sku: string, locationIds: readonly string[]): Promise<LevelView[]> {
  return (await env.STOCK.getByName(sku).availability(locationIds)).locations;
}

const roundKm = (km: number) => Math.round(km * 100) / 100;

/** Each SKU's headline figure (ship-from network, or one location) and its level at each location. */
export async function availabilityOf(
  env: Env,
  query: { skus: readonly string[]; locationId?: string; audience: LevelAudience },
) {
  const { skus, locationId, audience } = query;
  const readModel = new CatalogReadModel(env.READ_MODEL);
  const [locations, products] = await Promise.all([readModel.locations(), readModel.products(skus)]);
  if (locationId !== undefined && !locations.some((location) => location.id === locationId)) {
    throw new ApiError('unprocessable', `Unknown location ${locationId}.`);
  }
  const locationIds = locationId === undefined ? locations.map((location) => location.id) : [locationId];
  // A SKU outside the catalog has no StockDO worth waking: it reads as 0.
  const levels = await Promise.all(
    skus.map((sku) =>
      products.has(sku) ? levelsAt(env, sku, locationIds) : locationIds.map((id) => viewLevel(emptyLevel(id))),
    ),
  );
  const items = skus.map((sku, i) => {
    const views = levels[i] ?? [];
    return {
      sku,
      available: headlineAvailable(views, locations, locationId),
      locations: views.map((view) => levelFor(audience, view)),
    };
  });
  return { items };
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
      : await levelsAt(
          env,
          sku,
          nearby.map((l) => l.id),
        );
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
