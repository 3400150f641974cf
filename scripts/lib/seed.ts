import { createAisleClient, ok } from '../../src/client';
import {
  demoLocations,
  demoLoyaltyProgram,
  demoPriceBooks,
  demoPrices,
  demoProducts,
  demoPromotions,
  demoStock,
} from './demo-data';

/**
 * Loads the demo store through the admin API, so the read model is published
 * exactly as in production. Every call is an upsert: seeding twice changes nothing.
 */
export async function seedDemoData(
  baseUrl: string,
  opsToken: string,
  fetch?: (request: Request) => Promise<Response>,
): Promise<{ products: number; locations: number; movementsApplied: number }> {
  const admin = createAisleClient({ baseUrl, token: opsToken, fetch });
  await ok(admin.PUT('/v1/admin/locations', { body: { locations: demoLocations } }));
  await ok(admin.PUT('/v1/admin/products', { body: { products: demoProducts } }));
  await ok(admin.PUT('/v1/admin/price-books', { body: { priceBooks: demoPriceBooks } }));
  await ok(admin.PUT('/v1/admin/prices', { body: { prices: demoPrices } }));
  await ok(admin.PUT('/v1/admin/promotions', { body: { promotions: demoPromotions } }));
  await ok(admin.PUT('/v1/admin/loyalty', { body: demoLoyaltyProgram }));
  const stock = await ok(admin.POST('/v1/admin/inventory', { body: { movements: demoStock } }));
  return { products: demoProducts.length, locations: demoLocations.length, movementsApplied: stock.applied };
}
