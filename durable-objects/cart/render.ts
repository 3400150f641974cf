import type { CartState, CartView } from '../../src/domain/cart';
import { buildCartView } from '../../src/domain/cart';
import { priceBasket } from '../../src/domain/pricing';
import { CatalogReadModel } from '../../src/read-model/catalog';
import { PricingReadModel, type PricingCatalog } from '../../src/read-model/pricing';
import { headlineAvailability } from '../../src/read-model/availability';
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

function availabilityForFulfilment(
  env: Env,
  catalog: CatalogReadModel,
  state: CartState,
  inCatalog: Promise<(sku: string) => boolean>,
): Promise<Map<string, number>> {
  const { type, locationId } = state.fulfillment;
  const skus = state.lines.map((line) => line.sku);
  return headlineAvailability(env, catalog, skus, type !== 'ship' ? locationId : null, inCatalog);
}
