import { groupBySku, type PolicyRequest, type StockMovement } from '../domain/stock';
import { ApiError } from '../lib/errors';
import { CatalogReadModel } from '../read-model/catalog';

type Located<T> = T & { sku: string; locationId: string };

/**
 * Receipts, counts and corrections from an ERP or WMS: one call per SKU, all
 * in parallel, each StockDO applying its own batch in the order given and
 * each movement once by its id. Postgres is not on the way; the ledger fills
 * asynchronously.
 */
export async function applyStockMovements(env: Env, movements: readonly Located<StockMovement>[]) {
  await requireKnown(env, movements);
  const perSku = await Promise.all(
    [...groupBySku(movements)].map(async ([sku, batch]) => {
      const outcome = await env.STOCK.getByName(sku).applyMovements(batch);
      return {
        results: outcome.results.map((result) => ({ sku, ...result })),
        levels: outcome.levels.map((level) => ({ sku, ...level })),
      };
    }),
  );
  const results = perSku.flatMap((outcome) => outcome.results);
  const replayed = results.filter((result) => result.replayed).length;
  return { applied: results.length - replayed, replayed, results, levels: perSku.flatMap((outcome) => outcome.levels) };
}

/** Safety stock and low-stock thresholds, per SKU and location. */
export async function setStockPolicies(env: Env, policies: readonly Located<PolicyRequest>[]) {
  await requireKnown(env, policies);
  const levels = await Promise.all(
    [...groupBySku(policies)].map(async ([sku, batch]) => {
      const updated = await env.STOCK.getByName(sku).setPolicies(batch);
      return updated.map((level) => ({ sku, ...level }));
    }),
  );
  return { upserted: policies.length, levels: levels.flat() };
}

/** Stock is only ever kept for catalog SKUs at known locations, checked against the edge read model. */
async function requireKnown(env: Env, refs: readonly { sku: string; locationId: string }[]): Promise<void> {
  const readModel = new CatalogReadModel(env.READ_MODEL);
  const skus = [...new Set(refs.map((ref) => ref.sku))];
  const [locations, products] = await Promise.all([readModel.locations(), readModel.products(skus)]);
  const knownLocations = new Set(locations.map((location) => location.id));
  const unknownLocations = [...new Set(refs.map((ref) => ref.locationId))].filter((id) => !knownLocations.has(id));
  const unknownSkus = skus.filter((sku) => !products.has(sku));
  if (unknownLocations.length > 0) {
    throw new ApiError('unprocessable', `Unknown location ${unknownLocations.join(', ')}.`, {
      extensions: { unknownLocations },
    });
  }
  if (unknownSkus.length > 0) {
    throw new ApiError('unprocessable', `SKU not in the catalog: ${unknownSkus.join(', ')}.`, {
      extensions: { unknownSkus },
    });
  }
}
