import { exports } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { seedDemoData } from '../../scripts/lib/seed';
import { demoLoyaltyProgram, demoProducts, demoStock } from '../../scripts/lib/demo-data';
import { createAisleClient, ok } from '../../src/client';
import { opsToken } from '../helpers/tokens';

const worker = (request: Request) => exports.default.fetch(request);
const BASE_URL = 'https://aisle.test';

describe('the demo seed', () => {
  it('loads the demo store through the typed client, and a second run changes nothing', async () => {
    const token = await opsToken();
    const first = await seedDemoData(BASE_URL, token, worker);
    expect(first).toMatchObject({ products: demoProducts.length, movementsApplied: demoStock.length });
    expect(await seedDemoData(BASE_URL, token, worker)).toMatchObject({ movementsApplied: 0 });

    const shopper = createAisleClient({ baseUrl: BASE_URL, fetch: worker });
    const [product] = demoProducts;
    const read = await ok(shopper.GET('/v1/products/{sku}', { params: { path: { sku: product?.sku ?? '' } } }));
    expect(read).toMatchObject({ sku: product?.sku, title: product?.title, active: true });
    const admin = createAisleClient({ baseUrl: BASE_URL, token, fetch: worker });
    expect(await ok(admin.GET('/v1/admin/loyalty'))).toEqual(demoLoyaltyProgram);
  });
});
