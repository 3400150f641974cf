import { beforeAll, describe, expect, it } from 'vitest';
import { api, uniqueId } from '../helpers/api';
import { openSocket } from '../helpers/sockets';
import { customerToken, opsToken, posToken } from '../helpers/tokens';
import { seedCatalog } from '../helpers/catalog';
import { countStock, stockOf } from '../helpers/stock';

describe('GET /v1/availability', () => {
  const warehouse = uniqueId('wh');
  const store = uniqueId('store');
  const walkInOnly = uniqueId('kiosk');
  const tee = uniqueId('TEE');
  const neverStocked = uniqueId('NEW');

  beforeAll(async () => {
    await seedCatalog(
      [tee, neverStocked],
      [
        { id: warehouse, kind: 'warehouse', shipFrom: true, pickup: false },
        { id: store, shipFrom: true },
        { id: walkInOnly, shipFrom: false },
      ],
    );
    await countStock([tee], { [warehouse]: 30, [store]: 4, [walkInOnly]: 7 });
    await stockOf(tee).reserve({ holdId: 'cart-1', locationId: store, quantity: 1, ttlMs: 600_000 });
  });

  it('shows shoppers what they can buy, summed over ship-from locations, without the figures behind it', async () => {
    for (const token of [undefined, await customerToken()]) {
      const res = await api(`/v1/availability?skus=${tee}`, { token });
      expect(res.status).toBe(200);
      const [item] = res.body.items;
      expect(item.sku).toBe(tee);
      expect(item.available).toBe(33);
      const byId = new Map(item.locations.map((l: { locationId: string }) => [l.locationId, l]));
      expect(byId.get(warehouse)).toEqual({ locationId: warehouse, available: 30, status: 'in_stock' });
      expect(byId.get(store)).toEqual({ locationId: store, available: 3, status: 'low_stock' });
      expect(byId.get(walkInOnly)).toEqual({ locationId: walkInOnly, available: 7, status: 'in_stock' });
      for (const location of item.locations) {
        expect(location).not.toHaveProperty('onHand');
        expect(location).not.toHaveProperty('reserved');
      }
    }
  });

  it('shows POS terminals and ops onHand and reserved too', async () => {
    for (const token of [await posToken(store), await opsToken()]) {
      const res = await api(`/v1/availability?skus=${tee}&locationId=${store}`, { token });
      expect(res.body.items).toEqual([
        {
          sku: tee,
          available: 3,
          locations: [
            {
              locationId: store,
              onHand: 4,
              reserved: 1,
              safetyStock: 0,
              available: 3,
              status: 'low_stock',
              lowStockThreshold: 5,
            },
          ],
        },
      ]);
    }
  });

  it('answers one location’s figure when a locationId is given, even one that does not ship', async () => {
    const res = await api(`/v1/availability?skus=${tee}&locationId=${walkInOnly}`);
    expect(res.body.items).toEqual([
      { sku: tee, available: 7, locations: [{ locationId: walkInOnly, available: 7, status: 'in_stock' }] },
    ]);
  });

  it('reads a SKU never stocked, or not in the catalog at all, as 0 everywhere', async () => {
    const res = await api(`/v1/availability?skus=${neverStocked},NO-SUCH-SKU&locationId=${store}`);
    expect(res.status).toBe(200);
    expect(res.body.items).toEqual([
      { sku: neverStocked, available: 0, locations: [{ locationId: store, available: 0, status: 'out_of_stock' }] },
      { sku: 'NO-SUCH-SKU', available: 0, locations: [{ locationId: store, available: 0, status: 'out_of_stock' }] },
    ]);
  });

  it('takes up to 100 SKUs, calls the StockDOs and reports the time spent in them', async () => {
    const skus = [tee, ...Array.from({ length: 99 }, (_, i) => `ANY-${i}`)];
    const res = await api(`/v1/availability?skus=${skus.join(',')}&locationId=${store}`);
    expect(res.status).toBe(200);
    expect(res.body.items).toHaveLength(100);
    expect(res.headers.get('server-timing')).toMatch(/do;dur=/);
    expect((await api(`/v1/availability?skus=${[...skus, 'ONE-MORE'].join(',')}`)).status).toBe(400);
  });

  it('rejects an unknown location with 422', async () => {
    const res = await api(`/v1/availability?skus=${tee}&locationId=no-such-location`);
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('unprocessable');
  });
});

describe('GET /v1/locations/nearby', () => {
  // A corner of the map no other test uses, so the result lists are exactly ours.
  const origin = { lat: 69.5, lng: 100.5 };
  const near = uniqueId('near');
  const middle = uniqueId('middle');
  const far = uniqueId('far');
  const outside = uniqueId('outside');
  const sku = uniqueId('BOOT');

  beforeAll(async () => {
    await seedCatalog(
      [sku],
      [
        { id: far, lat: 69.7, lng: 100.5, curbside: true },
        { id: near, lat: 69.51, lng: 100.5 },
        { id: outside, lat: 71.0, lng: 100.5 },
        { id: middle, lat: 69.6, lng: 100.5, pickup: false },
      ],
    );
    await countStock([sku], { [near]: 1, [far]: 9 });
  });

  it('lists the locations within the radius, nearest first, with their distance and services', async () => {
    const res = await api(`/v1/locations/nearby?lat=${origin.lat}&lng=${origin.lng}&radiusKm=50`);
    expect(res.status).toBe(200);
    expect(res.body.locations.map((l: { id: string }) => l.id)).toEqual([near, middle, far]);
    expect(res.body.locations[0]).toMatchObject({ id: near, distanceKm: 1.11, pickup: true, curbside: false });
    expect(res.body.locations[1]).toMatchObject({ id: middle, pickup: false });
    expect(res.body.locations[2]).toMatchObject({ id: far, distanceKm: 22.24, curbside: true });
    expect(res.body.locations[0]).not.toHaveProperty('available');
  });

  it('adds the SKU’s availability at each location, and whether it covers the quantity', async () => {
    const res = await api(`/v1/locations/nearby?lat=${origin.lat}&lng=${origin.lng}&radiusKm=50&sku=${sku}&quantity=2`);
    expect(
      res.body.locations.map((l: { id: string; available: number; covers: boolean }) => [l.id, l.available, l.covers]),
    ).toEqual([
      [near, 1, false],
      [middle, 0, false],
      [far, 9, true],
    ]);
  });

  it('answers 404 for a SKU that is not in the catalog', async () => {
    const res = await api(`/v1/locations/nearby?lat=${origin.lat}&lng=${origin.lng}&sku=NO-SUCH-SKU`);
    expect(res.status).toBe(404);
    expect(res.body.code).toBe('not_found');
  });

  it('validates coordinates and needs a SKU for a quantity', async () => {
    expect((await api('/v1/locations/nearby?lat=91&lng=0')).status).toBe(400);
    expect((await api('/v1/locations/nearby?lng=0')).status).toBe(400);
    expect((await api(`/v1/locations/nearby?lat=0&lng=0&quantity=2`)).status).toBe(400);
  });
});

describe('GET /v1/availability/{sku}/live', () => {
  const store = uniqueId('store');
  const sku = uniqueId('LIVE');

  beforeAll(() => seedCatalog([sku], [{ id: store }]));

  it('sends the availability on connect and after every change', async () => {
    const socket = await openSocket(`/v1/availability/${sku}/live`);
    try {
      await socket.waitFor<{ type: string; locations: unknown[] }>(
        (message) => message.type === 'availability' && message.locations.length === 0,
      );
      await countStock([sku], { [store]: 8 });
      const update = await socket.waitFor<{ locations: { available: number }[] }>(
        (message) => message.locations.length > 0,
      );
      expect(update).toEqual({
        type: 'availability',
        sku,
        locations: [{ locationId: store, available: 8, status: 'in_stock' }],
      });
    } finally {
      socket.close();
    }
  });

  it('answers 404 for an unknown SKU and 426 without a WebSocket upgrade', async () => {
    expect((await api('/v1/availability/NO-SUCH-SKU/live', { headers: { upgrade: 'websocket' } })).status).toBe(404);
    const plain = await api(`/v1/availability/${sku}/live`);
    expect(plain.status).toBe(426);
    expect(plain.body.code).toBe('upgrade_required');
    expect(plain.headers.get('upgrade')).toBe('websocket');
  });
});
