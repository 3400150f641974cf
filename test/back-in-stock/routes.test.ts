import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { MAX_WAITING_SUBSCRIPTIONS } from '../../src/domain/back-in-stock';
import { api, uniqueId } from '../helpers/api';
import { createProducts, putProducts, seedCatalog } from '../helpers/catalog';
import { newGuest } from '../helpers/carts';
import { withDatabase } from '../helpers/postgres';
import { opsToken, posAt } from '../helpers/tokens';
import { shopper } from './helpers';

let sku: string;
let storeId: string;

beforeAll(async () => {
  storeId = uniqueId('store');
  [sku = ''] = await createProducts(1, 'BIS');
  await seedCatalog([], [{ id: storeId }]);
});

describe('POST /v1/back-in-stock', () => {
  it('creates a waiting subscription at a location, or for the network without one', async () => {
    const ana = await shopper();
    const atStore = await ana.subscribe(sku, storeId);
    expect(atStore.status).toBe(201);
    expect(atStore.body).toMatchObject({ sku, locationId: storeId, status: 'waiting', notifiedAt: null });
    expect(atStore.body.id).toMatch(/^bis_/);
    expect(Date.parse(atStore.body.createdAt)).not.toBeNaN();

    const network = await ana.subscribe(sku);
    expect(network.status).toBe(201);
    expect(network.body).toMatchObject({ sku, locationId: null, status: 'waiting' });
    expect(network.body.id).not.toBe(atStore.body.id);
  });

  it('answers the waiting subscription again, with 200, when asked twice for the same SKU and place', async () => {
    const ana = await shopper();
    const first = await ana.subscribe(sku, storeId);
    const again = await ana.subscribe(sku, storeId);
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body);
    const network = await ana.subscribe(sku);
    const networkAgain = await ana.subscribe(sku);
    expect([network.status, networkAgain.status]).toEqual([201, 200]);
    expect(networkAgain.body.id).toBe(network.body.id);
    expect((await ana.list()).body.subscriptions).toHaveLength(2);
  });

  it('keeps one waiting subscription when the same request races itself', async () => {
    const ana = await shopper();
    const answers = await Promise.all(Array.from({ length: 5 }, () => ana.subscribe(sku, storeId)));
    expect(answers.map((res) => res.status).sort()).toEqual([200, 200, 200, 200, 201]);
    expect(new Set(answers.map((res) => res.body.id)).size).toBe(1);
  });

  it('refuses a SKU that is not on sale and a location that does not exist with 422', async () => {
    const ana = await shopper();
    const [retired = ''] = await createProducts(1, 'BIS');
    await putProducts([{ sku: retired, title: 'Retired', active: false }]);
    for (const res of [
      await ana.subscribe(uniqueId('NOPE')),
      await ana.subscribe(retired),
      await ana.subscribe(sku, uniqueId('nowhere')),
    ]) {
      expect(res.status).toBe(422);
      expect(res.body.code).toBe('unprocessable');
    }
    expect((await ana.list()).body.subscriptions).toEqual([]);
  });

  it('validates the body', async () => {
    const { token } = await shopper();
    for (const body of [{}, { sku: 'bad sku!' }, { sku, locationId: '' }, { sku, locationId: 7 }]) {
      const res = await api('/v1/back-in-stock', { method: 'POST', token, body });
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.code).toBe('validation_failed');
    }
  });

  it(`allows ${MAX_WAITING_SUBSCRIPTIONS} waiting subscriptions per customer, even when the last ones race`, async () => {
    const ana = await shopper();
    const skus = await createProducts(MAX_WAITING_SUBSCRIPTIONS + 4, 'BIS');
    const early = skus.slice(0, MAX_WAITING_SUBSCRIPTIONS - 2);
    for (const each of early) expect((await ana.subscribe(each)).status).toBe(201);

    const racing = await Promise.all(skus.slice(early.length).map((each) => ana.subscribe(each)));
    expect(racing.map((res) => res.status).sort()).toEqual([201, 201, 422, 422, 422, 422]);
    const refused = racing.find((res) => res.status === 422);
    expect(refused?.body).toMatchObject({ code: 'too_many_subscriptions', max: MAX_WAITING_SUBSCRIPTIONS });
    expect((await ana.list()).body.subscriptions).toHaveLength(MAX_WAITING_SUBSCRIPTIONS);

    // A notified subscription no longer counts; a repeat of a waiting one is still answered.
    const [oldest] = (await ana.list()).body.subscriptions;
    expect((await ana.subscribe(oldest.sku)).status).toBe(200);
    await withDatabase((db) =>
      db.execute(sql`update back_in_stock_subscriptions set status = 'notified' where id = ${oldest.id}`),
    );
    const refusedSku = skus.slice(early.length)[racing.findIndex((res) => res.status === 422)] ?? '';
    expect((await ana.subscribe(refusedSku)).status).toBe(201);
  });
});

describe('GET and DELETE /v1/back-in-stock', () => {
  it("lists only the caller's own subscriptions, oldest first", async () => {
    const [ana, ben] = [await shopper(), await shopper()];
    const first = (await ana.subscribe(sku, storeId)).body;
    const second = (await ana.subscribe(sku)).body;
    await ben.subscribe(sku);
    const list = await ana.list();
    expect(list.status).toBe(200);
    expect(list.body.subscriptions).toEqual([first, second]);
  });

  it('deletes the caller’s subscription once; someone else’s or an unknown one is 404', async () => {
    const [ana, ben] = [await shopper(), await shopper()];
    const mine = (await ana.subscribe(sku, storeId)).body;

    const theirs = await ben.remove(mine.id);
    expect(theirs.status).toBe(404);
    expect(theirs.body.code).toBe('not_found');
    expect((await ana.list()).body.subscriptions).toEqual([mine]);

    const removed = await ana.remove(mine.id);
    expect(removed.status).toBe(200);
    expect(removed.body).toEqual(mine);
    expect((await ana.list()).body.subscriptions).toEqual([]);
    expect((await ana.remove(mine.id)).status).toBe(404);
    expect((await ana.remove('bis_unknown')).status).toBe(404);
  });
});

describe('who may not subscribe', () => {
  const calls = (id: string) =>
    [
      ['POST', '/v1/back-in-stock', { sku: 'ANY-1' }],
      ['GET', '/v1/back-in-stock', undefined],
      ['DELETE', `/v1/back-in-stock/${id}`, undefined],
    ] as const;

  it('answers 401 without a token and 403 to a guest, a till and ops, on every route', async () => {
    const ana = await shopper();
    const mine = (await ana.subscribe(sku, storeId)).body;
    const guest = await newGuest();
    const refused = [guest.token, await posAt(storeId), await opsToken()];
    for (const [method, path, body] of calls(mine.id)) {
      const anonymous = await api(path, { method, body });
      expect(anonymous.status, `${method} ${path}`).toBe(401);
      for (const token of refused) {
        const res = await api(path, { method, token, body });
        expect(res.status, `${method} ${path}`).toBe(403);
        expect(res.body.code).toBe('forbidden');
      }
    }
    expect((await ana.list()).body.subscriptions).toEqual([mine]);
  });
});
