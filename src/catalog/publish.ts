import type { Database } from '../db/client';
import { listActiveProducts, upsertLocations, upsertProducts } from '../db/catalog';
import { CatalogReadModel } from '../read-model/catalog';
import { writeThenPublish } from '../read-model/publish';
import type { Location, Product } from '../schemas/catalog';

// Admin catalog writes: Postgres first, then the edge read model, as one unit
// (writeThenPublish), so the next read on every channel sees them.

export async function publishProducts(env: Env, db: Database, products: readonly Product[]): Promise<number> {
  const readModel = new CatalogReadModel(env.READ_MODEL);
  const stored = await writeThenPublish(
    db,
    'products',
    (tx) => upsertProducts(tx, products),
    // The whole active list is read in the same transaction, so it moves with the products it lists.
    async (rows, tx) => readModel.publishProducts(rows, await listActiveProducts(tx)),
  );
  return stored.length;
}

export async function publishLocations(env: Env, db: Database, locations: readonly Location[]): Promise<number> {
  const readModel = new CatalogReadModel(env.READ_MODEL);
  await writeThenPublish(
    db,
    'locations',
    (tx) => upsertLocations(tx, locations),
    (all) => readModel.publishLocations(all),
  );
  return locations.length;
}
