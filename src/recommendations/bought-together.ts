import { boughtTogetherWith } from '../domain/recommendations';
import { CatalogReadModel } from '../read-model/catalog';
import { RecommendationsReadModel } from '../read-model/recommendations';

/**
 * What was bought together with `sku`, from the edge read model only: its
 * published partners, the active ones with their titles, best first. A SKU
 * nobody ordered with another (or not in the catalog) has none.
 */
export async function boughtTogetherFor(env: Env, sku: string, limit: number) {
  const partners = await new RecommendationsReadModel(env.READ_MODEL).partners(sku);
  const products = await new CatalogReadModel(env.READ_MODEL).products(partners.map((partner) => partner.sku));
  const listed = (partner: string) => products.get(partner)?.active === true;
  const items = boughtTogetherWith(sku, partners, listed, limit).map((partner) => ({
    sku: partner.sku,
    title: products.get(partner.sku)?.title ?? partner.sku,
    score: partner.score,
  }));
  return { sku, items };
}
