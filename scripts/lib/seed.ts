import { AdminClient } from './admin-client';
import { demoLocations, demoPriceBooks, demoPrices, demoProducts, demoPromotions, demoStock } from './demo-data';

/**
 * Loads the demo store through the admin API, so the read model is published
 * exactly as in production. Every call is an upsert: seeding twice changes nothing.
 */
export async function seedDemoData(
  baseUrl: string,
  opsToken: string,
): Promise<{ products: number; locations: number }> {
  const admin = new AdminClient(baseUrl, opsToken);
  await admin.send('PUT', '/v1/admin/locations', { locations: demoLocations });
  await admin.send('PUT', '/v1/admin/products', { products: demoProducts });
  await admin.send('PUT', '/v1/admin/price-books', { priceBooks: demoPriceBooks });
  await admin.send('PUT', '/v1/admin/prices', { prices: demoPrices });
  await admin.send('PUT', '/v1/admin/promotions', { promotions: demoPromotions });
  await admin.send('POST', '/v1/admin/inventory', { movements: demoStock });
  return { products: demoProducts.length, locations: demoLocations.length };
}
