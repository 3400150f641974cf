import { MAX_VIEWS_SHOWN, type ViewedItem } from '../domain/shopper';
import { CatalogReadModel } from '../read-model/catalog';
import { sellableSku } from './wishlist';

/** A product view on any channel, kept in the shopper's ShopperDO (deduplicated, newest first). */
export async function recordView(env: Env, shopperName: string, sku: string): Promise<void> {
  await sellableSku(env, sku);
  await env.SHOPPER.getByName(shopperName).recordView(sku);
}

/** The SKUs the shopper viewed, newest first, each once: what recommendations start from. */
export function viewedSkus(env: Env, shopperName: string, limit?: number): Promise<ViewedItem[]> {
  return env.SHOPPER.getByName(shopperName).recentlyViewed(limit);
}

/** `GET /v1/me/recently-viewed`: the newest views with their titles, from the ShopperDO and the catalog read model. */
export async function recentlyViewed(env: Env, shopperName: string) {
  const views = await viewedSkus(env, shopperName, MAX_VIEWS_SHOWN);
  const products = await new CatalogReadModel(env.READ_MODEL).products(views.map((view) => view.sku));
  return {
    items: views.map(({ sku, viewedAt }) => ({ sku, title: products.get(sku)?.title ?? sku, viewedAt })),
  };
}
