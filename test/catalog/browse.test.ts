import { describe, expect, it } from 'vitest';
import { api, uniqueId } from '../helpers/api';
import { putProducts } from '../helpers/catalog';

describe('GET /v1/catalog (browsing the active products)', () => {
  it('pages through the products matching every word, in SKU order, without the inactive ones', async () => {
    const family = uniqueId('BRW').toUpperCase();
    const skus = ['A', 'B', 'C', 'D', 'E'].map((letter) => `${family}-${letter}`);
    await putProducts([
      ...skus.map((sku, index) => ({ sku, title: `Browse Lantern ${index % 2 === 0 ? 'Brass' : 'Steel'}` })),
      { sku: `${family}-F`, title: 'Browse Lantern Brass', active: false },
    ]);

    const first = await api(`/v1/catalog?q=${family.toLowerCase()}%20BRASS&limit=2`);
    expect(first.status).toBe(200);
    expect(first.body.products).toEqual([
      { sku: skus[0], title: 'Browse Lantern Brass' },
      { sku: skus[2], title: 'Browse Lantern Brass' },
    ]);
    expect(first.body.next).toBe(skus[2]);
    const second = await api(`/v1/catalog?q=${family}%20brass&limit=2&after=${first.body.next}`);
    expect(second.body).toEqual({ products: [{ sku: skus[4], title: 'Browse Lantern Brass' }], next: null });

    const all = await api(`/v1/catalog?q=${family}&limit=200`);
    expect(all.body.products.map((product: { sku: string }) => product.sku)).toEqual(skus);
  });

  it('refuses a page size over 200', async () => {
    const res = await api('/v1/catalog?limit=201');
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('validation_failed');
  });
});
