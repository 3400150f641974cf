import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, uniqueId } from '../helpers/api';
import { startPostgres, stopPostgres } from '../helpers/postgres';
import { opsToken, posAt } from '../helpers/tokens';

describe('catalog reads while Postgres is down', () => {
  const sku = uniqueId('OUT');
  const locationId = uniqueId('loc');

  beforeAll(async () => {
    const token = await opsToken();
    const products = await api('/v1/admin/products', {
      method: 'PUT',
      token,
      body: { products: [{ sku, title: 'Outage tee' }] },
    });
    expect(products.status).toBe(200);
    const locations = await api('/v1/admin/locations', {
      method: 'PUT',
      token,
      body: {
        locations: [
          {
            id: locationId,
            name: 'Outage store',
            kind: 'store',
            lat: 41.9,
            lng: -87.6,
            pickup: true,
            curbside: false,
            shipFrom: false,
          },
        ],
      },
    });
    expect(locations.status).toBe(200);
    await stopPostgres();
  });

  afterAll(() => startPostgres());

  it('serves products and locations from the read model without Postgres', async () => {
    expect((await api('/readyz')).status).toBe(503);

    const one = await api(`/v1/products/${sku}`);
    expect(one.status).toBe(200);
    expect(one.body.title).toBe('Outage tee');

    const many = await api(`/v1/products?skus=${sku}`);
    expect(many.body.products.map((p: { sku: string }) => p.sku)).toEqual([sku]);

    const locations = await api('/v1/locations');
    expect(locations.body.locations.map((l: { id: string }) => l.id)).toContain(locationId);
  });

  it("serves a till's offline catalog without Postgres", async () => {
    const res = await api('/v1/pos/catalog', { token: await posAt(locationId) });
    expect(res.status).toBe(200);
    expect(res.body.locationId).toBe(locationId);
    expect(res.body.products).toContainEqual({ sku, title: 'Outage tee' });
  });

  it('answers an admin write with 503 while Postgres is down, and publishes nothing', async () => {
    const token = await opsToken();
    const write = await api('/v1/admin/products', {
      method: 'PUT',
      token,
      body: { products: [{ sku, title: 'Never stored' }] },
    });
    expect(write.status).toBe(503);
    expect(write.body.code).toBe('unavailable');
    expect((await api(`/v1/products/${sku}`)).body.title).toBe('Outage tee');
  });
});
