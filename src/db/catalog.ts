import { asc, eq } from 'drizzle-orm';
import type { ListedProduct, Location, Product } from '../schemas/catalog';
import type { Transaction } from './client';
import { replaceOnConflict } from './upsert';
import { locations, products } from './schema';

/** Inserts or replaces products; returns them as stored, ready to publish. */
export async function upsertProducts(tx: Transaction, rows: readonly Product[]): Promise<Product[]> {
  return tx
    .insert(products)
    .values(rows.map((row) => ({ ...row })))
    .onConflictDoUpdate({
      target: products.sku,
      set: replaceOnConflict(products, ['title', 'description', 'attributes', 'active']),
    })
    .returning({
      sku: products.sku,
      title: products.title,
      description: products.description,
      attributes: products.attributes,
      active: products.active,
    });
}

/** Inserts or replaces locations; returns the full list, which is published whole. */
export async function upsertLocations(tx: Transaction, rows: readonly Location[]): Promise<Location[]> {
  await tx
    .insert(locations)
    .values(rows.map((row) => ({ ...row })))
    .onConflictDoUpdate({
      target: locations.id,
      set: replaceOnConflict(locations, ['name', 'kind', 'lat', 'lng', 'pickup', 'curbside', 'shipFrom']),
    });
  return tx
    .select({
      id: locations.id,
      name: locations.name,
      kind: locations.kind,
      lat: locations.lat,
      lng: locations.lng,
      pickup: locations.pickup,
      curbside: locations.curbside,
      shipFrom: locations.shipFrom,
    })
    .from(locations)
    .orderBy(asc(locations.id));
}

/** Every active product, slim (SKU and title) and in SKU order: the list the read model publishes whole. */
export async function listActiveProducts(tx: Transaction): Promise<ListedProduct[]> {
  return tx
    .select({ sku: products.sku, title: products.title })
    .from(products)
    .where(eq(products.active, true))
    .orderBy(asc(products.sku));
}
