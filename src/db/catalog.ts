import { asc, sql } from 'drizzle-orm';
import type { Location, Product } from '../schemas/catalog';
import type { Database } from './client';
import { locations, products } from './schema';

const excluded = (column: string) => sql.raw(`excluded.${column}`);

/** Inserts or replaces products; returns them as stored, ready to publish. */
export async function upsertProducts(db: Database, rows: readonly Product[]): Promise<Product[]> {
  return db
    .insert(products)
    .values(rows.map((row) => ({ ...row })))
    .onConflictDoUpdate({
      target: products.sku,
      set: {
        title: excluded('title'),
        description: excluded('description'),
        attributes: excluded('attributes'),
        active: excluded('active'),
        updatedAt: sql`now()`,
      },
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
export async function upsertLocations(db: Database, rows: readonly Location[]): Promise<Location[]> {
  return db.transaction(async (tx) => {
    await tx
      .insert(locations)
      .values(rows.map((row) => ({ ...row })))
      .onConflictDoUpdate({
        target: locations.id,
        set: {
          name: excluded('name'),
          kind: excluded('kind'),
          lat: excluded('lat'),
          lng: excluded('lng'),
          pickup: excluded('pickup'),
          curbside: excluded('curbside'),
          shipFrom: excluded('ship_from'),
          updatedAt: sql`now()`,
        },
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
  });
}
