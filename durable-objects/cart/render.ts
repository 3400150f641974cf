import type { CartState, CartView } from '../../src/domain/cart';
import { buildCartView } from '../../src/domain/cart';
import { priceBasket } from '../../src/domain/pricing';
import { headlineAvailable } from '../../src/domain/stock';
import { CatalogReadModel } from '../../src/read-model/catalog';
import { PricingReadModel } from '../../src/read-model/pricing';
import type { CartViewer } from './outcome';

/**
 * Prices a cart for a viewer: prices and promotions from the pricing
 * snapshot, titles from the catalog read model, and each line's availability
 * for the chosen fulfilment from its StockDO, all in parallel and none of
 * it from Postgres.
 */
export async function renderCart(
  env: Env,
  state: CartState,
  viewer: CartViewer,
  now = new Date().toISOString(),
): Promise<CartView> {
  const skus = state.lines.map((line) => line.sku);
  const catalog = new CatalogReadModel(env.READ_MODEL);
  const [pricing, products, available] = await Promise.all([
    new PricingReadModel(env.READ_MODEL).current(),
    catalog.products(skus),
    availabilityForFulfilment(env, catalog, state),
  ]);
  const basket = priceBasket({
    lines: state.lines,
    coupons: state.coupons,
    context: { currency: state.currency, channel: viewer.channel, customerGroup: viewer.group, now },
    priceIndex: pricing.priceIndex,
    promotions: pricing.promotions,
  });
  const titles = new Map([...products.values()].map((product) => [product.sku, product.title]));
  return buildCartView(state, basket, { titles, available });
}

async function availabilityForFulfilment(
  env: Env,
  catalog: CatalogReadModel,
  state: CartState,
): Promise<Map<string, number>> {
  if (state.lines.length === 0) return new Map();
  const { type, locationId } = state.fulfillment;
  const atStore = type !== 'ship' && locationId !== null;
  const locations = atStore ? [] : await catalog.locations();
  const locationIds = atStore
    ? [locationId]
    : locations.filter((location) => location.shipFrom).map((location) => location.id);
  const figures = await Promise.all(
    state.lines.map(async ({ sku }) => {
      const { locations: views } = await env.STOCK.getByName(sku).availability(locationIds);
      return [sku, headlineAvailable(views, locations, atStore ? locationId : undefined)] as const;
    }),
  );
  return new Map(figures);
}
