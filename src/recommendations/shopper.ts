import type { Database } from '../db/client';
import { customerOwnerName } from '../domain/shopper';
import { skusBoughtBy } from '../db/recommendations';
import { recommendForShopper } from '../domain/recommendations';
import { CatalogReadModel } from '../read-model/catalog';
import { RecommendationsReadModel } from '../read-model/recommendations';
import { viewedSkus } from '../shopper/views';
import { availabilityOf } from '../stock/availability';

/** The partners of this many of the shopper's most recent purchases are looked at. */
const BOUGHT_LOOKED_AT = 50;
/** At most this many candidates have their availability read (one StockDO each), best first. */
const CANDIDATES_CHECKED = 100;

export interface ShopperRecommendationsQuery {
  customerId: string;
  locationId?: string;
  limit: number;
}

/**
 * "For you": what the shopper viewed and did not buy, then what was bought
 * together with what they bought (on any channel), never what they bought,
 * only active SKUs available (at `locationId`, or from the ship-from
 * network). One Postgres query (what they bought); what they viewed comes from
 * their ShopperDO, the rest from the read model and the StockDOs.
 */
export async function shopperRecommendations(deps: { env: Env; db: Database }, query: ShopperRecommendationsQuery) {
  const { env } = deps;
  const [bought, views] = await Promise.all([
    skusBoughtBy(deps.db, query.customerId),
    viewedSkus(env, customerOwnerName(query.customerId)),
  ]);
  const viewed = views.map((view) => view.sku);
  const boughtTogether = await new RecommendationsReadModel(env.READ_MODEL).partnersOf(
    bought.slice(0, BOUGHT_LOOKED_AT),
  );
  const candidates = recommendForShopper({
    viewed,
    bought,
    boughtTogether,
    isAvailable: () => true,
    limit: CANDIDATES_CHECKED,
  }).map((candidate) => candidate.sku);
  const [products, availability] = await Promise.all([
    new CatalogReadModel(env.READ_MODEL).products(candidates),
    availabilityOf(env, { skus: candidates, locationId: query.locationId, audience: 'public' }),
  ]);
  const available = new Map(availability.items.map((item) => [item.sku, item.available]));
  const offered = (sku: string) => products.get(sku)?.active === true && (available.get(sku) ?? 0) > 0;
  const chosen = recommendForShopper({
    viewed,
    bought,
    boughtTogether,
    isAvailable: offered,
    limit: query.limit,
  });
  return {
    items: chosen.map(({ sku, reason }) => ({
      sku,
      title: products.get(sku)?.title ?? sku,
      reason,
      available: available.get(sku) ?? 0,
    })),
  };
}
