import type { WishOutcome } from '../../durable-objects/shopper/shopper';
import type { Database } from '../db/client';
import { indexWishes, unindexWishes } from '../db/wishlist-index';
import { DEFAULT_CURRENCY } from '../domain/pricing';
import { MAX_WISHLIST_ITEMS, type PriceViewer, type Shopper, type WishedItem } from '../domain/shopper';
import { ApiError } from '../lib/errors';
import { CatalogReadModel } from '../read-model/catalog';
import { PricingReadModel, type PricingCatalog } from '../read-model/pricing';
import { headlineAvailability } from '../read-model/availability';
import { requireKnownLocation } from '../stock/availability';
import { unitAmountFor } from './prices';

export interface WishlistView {
  items: { sku: string; title: string; unitAmount: number | null; available: number; addedAt: string }[];
}

/**
 * A shopper's wish list priced for `viewer` (channel and group) with each
 * SKU's availability network-wide or at `locationId`: the ShopperDO, the
 * pricing and catalog read models and the availability mirror, never Postgres.
 * The wish list route, the till's 360 view and the export all render it so.
 */
export async function renderWishlist(
  env: Env,
  shopperName: string,
  viewer: PriceViewer & { locationId?: string },
): Promise<WishlistView> {
  // The read models' versions are fetched while the ShopperDO answers, not after.
  const catalog = new CatalogReadModel(env.READ_MODEL);
  const [items, pricing, locations] = await Promise.all([
    env.SHOPPER.getByName(shopperName).wishlist(),
    new PricingReadModel(env.READ_MODEL).current(),
    catalog.locations(),
  ]);
  if (viewer.locationId !== undefined) requireKnownLocation(locations, viewer.locationId);
  return renderItems(env, items, viewer, { catalog, pricing });
}

async function renderItems(
  env: Env,
  items: readonly WishedItem[],
  viewer: PriceViewer & { locationId?: string },
  readModels: { catalog?: CatalogReadModel; pricing?: PricingCatalog } = {},
): Promise<WishlistView> {
  const skus = items.map((item) => item.sku);
  const catalog = readModels.catalog ?? new CatalogReadModel(env.READ_MODEL);
  const found = catalog.products(skus);
  const [pricing, products, available] = await Promise.all([
    readModels.pricing ?? new PricingReadModel(env.READ_MODEL).current(),
    found,
    headlineAvailability(
      env,
      catalog,
      skus,
      viewer.locationId ?? null,
      found.then((known) => (sku) => known.has(sku)),
    ),
  ]);
  const now = new Date().toISOString();
  return {
    items: items.map((item) => ({
      sku: item.sku,
      title: products.get(item.sku)?.title ?? item.sku,
      unitAmount: unitAmountFor(pricing.priceIndex, item.sku, viewer, now),
      // A SKU no longer in the catalog reads as 0 wherever the mirror last saw it.
      available: products.has(item.sku) ? (available.get(item.sku) ?? 0) : 0,
      addedAt: item.addedAt,
    })),
  };
}

/** A SKU the catalog sells, or the 422 that says why not. */
export async function sellableSku(env: Env, sku: string): Promise<void> {
  const product = await new CatalogReadModel(env.READ_MODEL).product(sku);
  if (!product) throw new ApiError('unprocessable', `There is no product with SKU ${sku}.`);
  if (!product.active) throw new ApiError('unprocessable', `${sku} is no longer sold.`);
}

/**
 * Wishes a SKU (idempotent) and answers the wish list. A customer's wish is
 * indexed for price drops BEFORE the ShopperDO takes it: if the object's
 * write then fails, the index holds a row the price check confirms against
 * the object and ignores, whereas the other order could leave a wished item
 * no price drop would ever find. Once the object has newly taken it, the row
 * is refreshed: a row left behind (a refused or failed wish, an unwish that
 * raced this wish) restarts at today's price and channel. A concurrent
 * unwish of the same SKU can still remove the row after that; the next wish
 * of it repairs it.
 */
export async function wishSku(deps: { env: Env; db: Database }, shopper: Shopper, sku: string): Promise<WishlistView> {
  const { env, db } = deps;
  await sellableSku(env, sku);
  const { customerId } = shopper;
  const wish = { sku, channel: shopper.channel, group: shopper.group };
  if (customerId !== null) await indexWish(env, db, customerId, 'keep', wish);
  const outcome: WishOutcome = await env.SHOPPER.getByName(shopper.name).wish(wish);
  if (!outcome.ok) {
    throw new ApiError('wishlist_full', `The wish list already holds ${MAX_WISHLIST_ITEMS} items; remove one first.`, {
      extensions: { limit: MAX_WISHLIST_ITEMS },
    });
  }
  if (customerId !== null && outcome.added) await indexWish(env, db, customerId, 'refresh', wish);
  return renderItems(env, outcome.items, shopper);
}

/**
 * Unwishes a SKU: the object first, then the index row (one left behind is
 * ignored by the price check, see checkWishedPrices). A SKU that was not
 * wished is 404, as for a cart line, after clearing any row left behind.
 */
export async function unwishSku(
  deps: { env: Env; db: Database },
  shopper: Shopper,
  sku: string,
): Promise<WishlistView> {
  const { removed, items } = await deps.env.SHOPPER.getByName(shopper.name).unwish(sku);
  if (shopper.customerId !== null) await unindexWishes(deps.db, shopper.customerId, [sku]);
  if (!removed) throw new ApiError('not_found', `${sku} is not on the wish list.`);
  return renderItems(deps.env, items, shopper);
}

/** Index rows for a customer's wished items, each at the price it would be bought at now. */
export async function indexWish(
  env: Env,
  db: Database,
  customerId: string,
  existing: 'keep' | 'refresh',
  ...items: (PriceViewer & { sku: string })[]
): Promise<void> {
  const { priceIndex } = await new PricingReadModel(env.READ_MODEL).current();
  await indexWishes(
    db,
    items.map((item) => ({
      customerId,
      sku: item.sku,
      channel: item.channel,
      customerGroup: item.group,
      currency: DEFAULT_CURRENCY,
      lastAmount: unitAmountFor(priceIndex, item.sku, item),
    })),
    existing,
  );
}
