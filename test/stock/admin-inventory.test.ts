import { beforeAll, describe, expect, it } from 'vitest';
import { api, uniqueId } from '../helpers/api';
import { customerToken, opsToken, posToken } from '../helpers/tokens';
import { seedCatalog } from '../helpers/catalog';

describe('POST /v1/admin/inventory', () => {
  const store = uniqueId('store');
  const warehouse = uniqueId('wh');
  const tee = uniqueId('TEE');
  const mug = uniqueId('MUG');
  let ops: string;

  beforeAll(async () => {
    await seedCatalog([tee, mug], [{ id: store }, { id: warehouse, kind: 'warehouse' }]);
    ops = await opsToken();
  });

  const movements = () => [
    { id: 'count-1', sku: tee, locationId: store, type: 'set', quantity: 12, reason: 'cycle count' },
    { id: 'receipt-1', sku: tee, locationId: warehouse, type: 'adjust', quantity: 40, reason: 'PO 1001' },
    { id: 'count-1', sku: mug, locationId: store, type: 'set', quantity: 3 },
    { id: 'shrink-1', sku: tee, locationId: store, type: 'adjust', quantity: -2, reason: 'damaged' },
  ];

  it('applies movements across SKUs and answers the resulting levels', async () => {
    const res = await api('/v1/admin/inventory', { method: 'POST', token: ops, body: { movements: movements() } });

    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ applied: 4, replayed: 0 });
    expect(res.body.levels).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ sku: tee, locationId: store, onHand: 10, reserved: 0, available: 10 }),
        expect.objectContaining({ sku: tee, locationId: warehouse, onHand: 40, available: 40 }),
        expect.objectContaining({ sku: mug, locationId: store, onHand: 3, available: 3, status: 'low_stock' }),
      ]),
    );
    expect(res.headers.get('server-timing')).toMatch(/do;dur=/);
  });

  it('changes nothing when the same movements are sent again', async () => {
    const res = await api('/v1/admin/inventory', { method: 'POST', token: ops, body: { movements: movements() } });

    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ applied: 0, replayed: 4 });
    expect(res.body.levels).toEqual(
      expect.arrayContaining([expect.objectContaining({ sku: tee, locationId: store, onHand: 10 })]),
    );
  });

  it('is open to ops only', async () => {
    const body = { movements: [{ id: uniqueId('m'), sku: tee, locationId: store, type: 'adjust', quantity: 1 }] };
    const anonymous = await api('/v1/admin/inventory', { method: 'POST', body });
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.code).toBe('unauthorized');
    expect((await api('/v1/admin/inventory', { method: 'POST', token: await customerToken(), body })).status).toBe(403);
    expect((await api('/v1/admin/inventory', { method: 'POST', token: await posToken(store), body })).status).toBe(403);

    const levels = await api(`/v1/availability?skus=${tee}&locationId=${store}`, { token: ops });
    expect(levels.body.items[0].locations[0].onHand).toBe(10);
  });

  it('rejects a movement at an unknown location with 422 naming it, applying nothing', async () => {
    const body = {
      movements: [
        { id: uniqueId('m'), sku: tee, locationId: store, type: 'adjust', quantity: 5 },
        { id: uniqueId('m'), sku: tee, locationId: 'no-such-store', type: 'adjust', quantity: 5 },
      ],
    };
    const res = await api('/v1/admin/inventory', { method: 'POST', token: ops, body });

    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({ code: 'unprocessable', unknownLocations: ['no-such-store'] });
    expect(res.body.detail).toContain('no-such-store');
    const levels = await api(`/v1/availability?skus=${tee}&locationId=${store}`, { token: ops });
    expect(levels.body.items[0].locations[0].onHand).toBe(10);
  });

  it('rejects a SKU that is not in the catalog with 422', async () => {
    const body = {
      movements: [{ id: uniqueId('m'), sku: 'NOT-IN-CATALOG', locationId: store, type: 'set', quantity: 5 }],
    };
    const res = await api('/v1/admin/inventory', { method: 'POST', token: ops, body });
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({ code: 'unprocessable', unknownSkus: ['NOT-IN-CATALOG'] });
  });

  it('validates the body: counts are not negative, ids are unique per SKU, at most 1000 movements', async () => {
    const negative = { movements: [{ id: 'n', sku: tee, locationId: store, type: 'set', quantity: -1 }] };
    const duplicate = { movements: [movements()[0], movements()[0]] };
    const tooMany = {
      movements: Array.from({ length: 1001 }, (_, i) => ({
        id: `m${i}`,
        sku: tee,
        locationId: store,
        type: 'adjust',
        quantity: 1,
      })),
    };
    for (const body of [negative, duplicate, tooMany]) {
      const res = await api('/v1/admin/inventory', { method: 'POST', token: ops, body });
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('validation_failed');
    }
  });

  it('applies a full batch of 1000 movements fanned out over many SKUs', async () => {
    const skus = Array.from({ length: 50 }, () => uniqueId('BULK'));
    await seedCatalog(skus, []);
    const body = {
      movements: Array.from({ length: 1000 }, (_, i) => ({
        id: `bulk-${i}`,
        sku: skus[i % 50],
        locationId: store,
        type: 'adjust',
        quantity: 1,
      })),
    };
    const res = await api('/v1/admin/inventory', { method: 'POST', token: ops, body });
    expect(res.status).toBe(200);
    expect(res.body.applied).toBe(1000);
    const check = await api(`/v1/availability?skus=${skus.slice(0, 3).join(',')}&locationId=${store}`);
    expect(check.body.items.map((item: { available: number }) => item.available)).toEqual([20, 20, 20]);
  });
});

describe('PUT /v1/admin/inventory/policies', () => {
  it('sets safety stock and low-stock threshold, which shape what shoppers see', async () => {
    const store = uniqueId('store');
    const sku = uniqueId('POL');
    await seedCatalog([sku], [{ id: store }]);
    const ops = await opsToken();
    await api('/v1/admin/inventory', {
      method: 'POST',
      token: ops,
      body: { movements: [{ id: 'c', sku, locationId: store, type: 'set', quantity: 10 }] },
    });

    const res = await api('/v1/admin/inventory/policies', {
      method: 'PUT',
      token: ops,
      body: { policies: [{ sku, locationId: store, safetyStock: 4, lowStockThreshold: 6 }] },
    });

    expect(res.status).toBe(200);
    expect(res.body.levels).toEqual([
      expect.objectContaining({
        sku,
        locationId: store,
        onHand: 10,
        safetyStock: 4,
        available: 6,
        status: 'low_stock',
      }),
    ]);
    const forbidden = await api('/v1/admin/inventory/policies', {
      method: 'PUT',
      token: await customerToken(),
      body: { policies: [{ sku, locationId: store, safetyStock: 0, lowStockThreshold: 0 }] },
    });
    expect(forbidden.status).toBe(403);
  });
});
