import { describe, expect, it } from 'vitest';
import { api, uniqueId } from '../helpers/api';
import { testLocation } from '../helpers/catalog';
import { customerToken, opsToken, posToken } from '../helpers/tokens';

describe('catalog administration', () => {
  it('makes an upserted product visible to the very next read', async () => {
    const sku = uniqueId('TEE');
    const token = await opsToken();
    const created = await api('/v1/admin/products', {
      method: 'PUT',
      token,
      body: { products: [{ sku, title: 'Tee v1' }] },
    });
    expect(created).toMatchObject({ status: 200, body: { upserted: 1 } });
    expect((await api(`/v1/products/${sku}`)).body).toEqual({
      sku,
      title: 'Tee v1',
      description: '',
      attributes: {},
      active: true,
    });

    await api('/v1/admin/products', {
      method: 'PUT',
      token,
      body: {
        products: [{ sku, title: 'Tee v2', description: 'Now organic', attributes: { size: 'M' }, active: false }],
      },
    });
    expect((await api(`/v1/products/${sku}`)).body).toEqual({
      sku,
      title: 'Tee v2',
      description: 'Now organic',
      attributes: { size: 'M' },
      active: false,
    });
  });

  it('replaces the published location list after an upsert', async () => {
    const id = uniqueId('loc');
    const token = await opsToken();
    await api('/v1/admin/locations', { method: 'PUT', token, body: { locations: [testLocation({ id })] } });
    await api('/v1/admin/locations', {
      method: 'PUT',
      token,
      body: { locations: [testLocation({ id, name: 'Renamed', curbside: true })] },
    });
    const listed = (await api('/v1/locations')).body.locations.filter((l: { id: string }) => l.id === id);
    expect(listed).toEqual([testLocation({ id, name: 'Renamed', curbside: true })]);
  });

  it.each([
    ['a customer', () => customerToken()],
    ['a pos terminal', () => posToken('store-1')],
  ])('refuses admin writes from %s with 403', async (_, token) => {
    const res = await api('/v1/admin/products', {
      method: 'PUT',
      token: await token(),
      body: { products: [{ sku: 'X1', title: 'x' }] },
    });
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('forbidden');
  });

  it('refuses admin writes without a token with 401', async () => {
    const res = await api('/v1/admin/locations', { method: 'PUT', body: { locations: [testLocation({ id: 'x' })] } });
    expect(res.status).toBe(401);
  });

  it('lists every offending field of an invalid bulk body', async () => {
    const res = await api('/v1/admin/products', {
      method: 'PUT',
      token: await opsToken(),
      body: {
        products: [
          { sku: 'bad sku!', title: '' },
          { sku: 'OK-1', title: 'fine', active: 'yes' },
        ],
      },
    });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    const paths = res.body.errors.map((e: { path: string }) => e.path);
    expect(paths).toEqual(
      expect.arrayContaining(['json.products.0.sku', 'json.products.0.title', 'json.products.1.active']),
    );
  });

  it('refuses a bulk body naming the same SKU twice', async () => {
    const res = await api('/v1/admin/products', {
      method: 'PUT',
      token: await opsToken(),
      body: {
        products: [
          { sku: 'DUP-1', title: 'a' },
          { sku: 'DUP-1', title: 'b' },
        ],
      },
    });
    expect(res.status).toBe(400);
    expect(res.body.errors[0]).toMatchObject({ path: 'json.products.1', message: 'duplicate sku DUP-1' });
  });

  it('refuses more than 1000 products in one call', async () => {
    const products = Array.from({ length: 1001 }, (_, i) => ({ sku: `BULK-${i}`, title: 't' }));
    const res = await api('/v1/admin/products', { method: 'PUT', token: await opsToken(), body: { products } });
    expect(res.status).toBe(400);
  });

  it('accepts a bulk upsert of 1000 products and serves them all', async () => {
    const prefix = uniqueId('B');
    const products = Array.from({ length: 1000 }, (_, i) => ({ sku: `${prefix}-${i}`, title: `Bulk ${i}` }));
    const res = await api('/v1/admin/products', { method: 'PUT', token: await opsToken(), body: { products } });
    expect(res.body).toEqual({ upserted: 1000 });
    const skus = products.slice(0, 100).map((p) => p.sku);
    const read = await api(`/v1/products?skus=${skus.join(',')}`);
    expect(read.body.products).toHaveLength(100);
  });
});

describe('catalog reads', () => {
  it('answers 404 problem for an unknown SKU', async () => {
    const res = await api('/v1/products/NO-SUCH-SKU');
    expect(res.status).toBe(404);
    expect(res.body).toMatchObject({ code: 'not_found', status: 404 });
  });

  it('returns several products in the order asked and names the missing ones', async () => {
    const [a, b] = [uniqueId('A'), uniqueId('B')];
    await api('/v1/admin/products', {
      method: 'PUT',
      token: await opsToken(),
      body: {
        products: [
          { sku: a, title: 'A' },
          { sku: b, title: 'B' },
        ],
      },
    });
    const res = await api(`/v1/products?skus=${b},NOPE-1,${a}`);
    expect(res.body.products.map((p: { sku: string }) => p.sku)).toEqual([b, a]);
    expect(res.body.missing).toEqual(['NOPE-1']);
  });

  it('validates the SKU list', async () => {
    expect((await api('/v1/products?skus=')).status).toBe(400);
    expect((await api('/v1/products?skus=ok,not%20ok')).status).toBe(400);
    const tooMany = Array.from({ length: 101 }, (_, i) => `S${i}`).join(',');
    expect((await api(`/v1/products?skus=${tooMany}`)).body.errors[0].message).toMatch(/at most 100/);
  });
});
