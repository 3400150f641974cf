import type { CartState, CartView } from '../../src/domain/cart';
import { buildCartView } from '../../src/domain/cart';
import { priceBasket } from '../../src/domain/pricing';
import { headlineAvailable, viewLevel } from '../../src/domain/stock';
import { levelsAtLocations } from '../../src/domain/stock/mirror';
import { stockedLevels } from '../../src/read-model/availability';
import { CatalogReadModel } from '../../src/read-model/catalog';
import { PricingReadModel, type PricingCatalog } from '../../src/read-model/pricing';
import type { CartViewer } from './outcome';

/** What a change has already read of the read models, so rendering its result does not read them again. */
export interface CartReadModels {
  catalog?: CatalogReadModel;
  pricing?: PricingCatalog;
}

/**
 * Prices a cart for a viewer: prices and promotions from the pricing
 * snapshot, titles from the catalog read model, and the lines' availability
 * for the chosen fulfilment from the availability mirror (one call for every
 * line), all in parallel and none of it from Postgres.
 */
export async function renderCart(
  env: Env,
  state: CartState,
  viewer: CartViewer,
  readModels: CartReadModels = {},
  now = new Date().toISOString(),
): Promise<CartView> {
  const skus = state.lines.map((line) => line.sku);
  const catalog = readModels.catalog ?? new CatalogReadModel(env.READ_MODEL);
  const products = catalog.products(skus);
  const [pricing, found, available] = await Promise.all([
    readModels.pricing ?? new PricingReadModel(env.READ_MODEL).current(),
    products,
    availabilityForFulfilment(
      env,
      catalog,
      state,
      products.then((known) => (sku) => known.has(sku)),
    ),
  ]);
  const basket = priceBasket({
    lines: state.lines,
    coupons: state.coupons,
    context: { currency: state.currency, channel: viewer.channel, customerGroup: viewer.group, now },
    priceIndex: pricing.priceIndex,
    promotions: pricing.promotions,
  });
  const titles = new Map([...found.values()].map((product) => [product.sku, product.title]));
  return buildCartView(state, basket, { titles, available });
}

async function availabilityForFulfilment(
  env: Env,
  catalog: CatalogReadModel,
  state: CartState,
  inCatalog: Promise<(sku: string) => boolean>,
): Promise<Map<string, number>> {
  if (state.lines.length === 0) return new Map();
  const { type, locationId } = state.fulfillment;
  const atStore = type !== 'ship' && locationId !== null;
  const skus = state.lines.map((line) => line.sku);
  // The locations first (memoized in the isolate, so this rarely waits): the mirror then sends only the
  // ship-from locations' levels, not every location's, for each line.
  const locations = atStore ? [] : await catalog.locations();
  const locationIds = atStore
    ? [locationId]
    : locations.filter((location) => location.shipFrom).map((location) => location.id);
  const stocked = await stockedLevels(env, skus, inCatalog, locationIds);
  return new Map(
    skus.map((sku) => {
      const views = levelsAtLocations(stocked.get(sku) ?? [], locationIds).map(viewLevel);
      return [sku, headlineAvailable(views, locations, atStore ? locationId : undefined)] as const;
    }),
  );
}
