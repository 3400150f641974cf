import { buildCatalogPack, catalogPackFor, isCurrentAt, type BuiltCatalogPack, type CatalogPack } from '../domain/pos';
import { ApiError } from '../lib/errors';
import { CatalogReadModel } from '../read-model/catalog';
import { PricingReadModel } from '../read-model/pricing';

// Currencies are few, but the query admits any three letters: a bound keeps
// a caller cycling through them from growing the memo.
const MEMO_CURRENCY_LIMIT = 16;

// One built pack per currency per isolate, as the read models memoize: the
// pack is rebuilt only when the catalog or pricing version moves on, or a
// book or promotion in it ends. Tills at every store share it (only the
// location and version differ per till).
const memo = new Map<string, BuiltCatalogPack>();

export interface CatalogPackRequest {
  /** The till's store: its token's `loc`. */
  locationId: string | null;
  currency: string;
}

/**
 * The till's offline catalog at its store, from the edge read model only:
 * no Postgres on the way, so a till can refresh it while Postgres is down.
 */
export async function posCatalogPack(env: Env, { locationId, currency }: CatalogPackRequest): Promise<CatalogPack> {
  const catalog = new CatalogReadModel(env.READ_MODEL);
  const pricing = new PricingReadModel(env.READ_MODEL);
  const [locations, catalogVersion, pricingCatalog] = await Promise.all([
    catalog.locations(),
    catalog.currentVersion(),
    pricing.current(),
  ]);
  if (locationId === null || !locations.some((location) => location.id === locationId)) {
    throw new ApiError('unprocessable', `The till's location ${locationId ?? '(none)'} is not a known location.`);
  }
  const now = Date.now();
  const sources = { catalogVersion, pricingVersion: pricingCatalog.version, currency };
  let built = memo.get(currency);
  if (built === undefined || !sameSources(built, sources) || !isCurrentAt(built, now)) {
    const products = await catalog.activeProducts();
    built = buildCatalogPack({
      sources,
      products,
      priceIndex: pricingCatalog.priceIndex,
      promotions: pricingCatalog.promotions,
      now,
    });
    if (!memo.has(currency) && memo.size >= MEMO_CURRENCY_LIMIT) memo.clear();
    memo.set(currency, built);
  }
  return catalogPackFor(built, locationId);
}

function sameSources(built: BuiltCatalogPack, sources: BuiltCatalogPack['sources']): boolean {
  return (
    built.sources.catalogVersion === sources.catalogVersion && built.sources.pricingVersion === sources.pricingVersion
  );
}
