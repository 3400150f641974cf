import { env } from 'cloudflare:workers';
import { eq, inArray, or } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { outbox, skuPairs } from '../../src/db/schema';
import { PAIRED_SKUS_PER_ORDER } from '../../src/domain/recommendations';
import { publishBoughtTogether, SKUS_PER_TRANSACTION } from '../../src/recommendations/publish';
import { api, uniqueId } from '../helpers/api';
import { putProducts } from '../helpers/catalog';
import { openShop, runDispatcher } from '../helpers/checkout';
import { withDatabase } from '../helpers/postgres';
import { cash, outboxFor, saleOf, syncSales } from '../helpers/pos';
import { customerToken, opsToken, posAt } from '../helpers/tokens';
import { checkoutOf, recommendationsFor, tillSaleOf } from './orders';

const pairsOf = (sku: string) =>
  withDatabase((db) =>
    db
      .select()
      .from(skuPairs)
      .where(or(eq(skuPairs.skuA, sku), eq(skuPairs.skuB, sku))),
  );

describe('bought together, from the orders of every channel', () => {
  it('scores each SKU by the orders, web and till, that held both: highest first, then SKU', async () => {
    const shop = await openShop({ skus: 5, units: 50 });
    const [a, b, c, d, e] = shop.skus as [string, string, string, string, string];
    await checkoutOf(shop, [a, b, c]);
    await tillSaleOf(shop, [a, b]);
    await tillSaleOf(shop, [a, d, e]);
    await checkoutOf(shop, [b, a, e]);

    await runDispatcher();
    const res = await recommendationsFor(a);

    expect(res.status).toBe(200);
    // b: 3 orders; e: 2; c and d: 1 each, in SKU order.
    const [first, second] = [c, d].sort();
    expect(res.body).toEqual({
      sku: a,
      items: [
        { sku: b, title: `Product ${b}`, score: 3 },
        { sku: e, title: `Product ${e}`, score: 2 },
        { sku: first, title: `Product ${first}`, score: 1 },
        { sku: second, title: `Product ${second}`, score: 1 },
      ],
    });
    // The other side of each pair sees the same count.
    expect((await recommendationsFor(e)).body.items).toEqual([
      { sku: a, title: `Product ${a}`, score: 2 },
      { sku: b, title: `Product ${b}`, score: 1 },
      { sku: d, title: `Product ${d}`, score: 1 },
    ]);
  });

  it('is published by the order’s own outbox task, written with the order', async () => {
    const shop = await openShop({ skus: 2, units: 10 });
    const [a, b] = shop.skus as [string, string];
    const sold = await tillSaleOf(shop, [a, b]);

    const [task] = await outboxFor('recommendations.publish', sold.body.id);
    expect(task?.payload).toMatchObject({ orderId: sold.body.id, skus: [a, b] });
    await runDispatcher();
    expect((await recommendationsFor(b)).body.items).toEqual([{ sku: a, title: `Product ${a}`, score: 1 }]);
  });

  it('counts a till’s offline sales once they sync, published by the dispatcher', async () => {
    const shop = await openShop({ skus: 2, units: 10 });
    const [a, b] = shop.skus as [string, string];
    const hourAgo = new Date(Date.now() - 60 * 60_000).toISOString();
    const offline = saleOf(
      [
        { sku: a, quantity: 1, unitAmount: 900 },
        { sku: b, quantity: 2, unitAmount: 500 },
      ],
      { offline: true, occurredAt: hourAgo, payments: [cash(1900)] },
    );
    const synced = await syncSales(await posAt(shop.storeId), [offline]);
    expect(synced.body.results).toMatchObject([{ status: 'created' }]);

    await runDispatcher();

    expect((await recommendationsFor(a)).body.items).toEqual([{ sku: b, title: `Product ${b}`, score: 1 }]);
  });

  it('answers `limit` at most, 10 unless asked, and never the SKU asked about', async () => {
    const shop = await openShop({ skus: 13, units: 10 });
    const [asked, ...others] = shop.skus as [string, ...string[]];
    await tillSaleOf(shop, [asked, ...others]);
    await runDispatcher();

    const byDefault = await recommendationsFor(asked);
    const three = await recommendationsFor(asked, '&limit=3');

    expect(byDefault.body.items.map((item: { sku: string }) => item.sku)).toEqual([...others].sort().slice(0, 10));
    expect(three.body.items).toHaveLength(3);
    expect(byDefault.body.items.every((item: { sku: string; score: number }) => item.sku !== asked)).toBe(true);
    expect(byDefault.body.items.every((item: { score: number }) => item.score === 1)).toBe(true);
  });

  it('leaves out SKUs no longer sold', async () => {
    const shop = await openShop({ skus: 3, units: 10 });
    const [a, retired, kept] = shop.skus as [string, string, string];
    await checkoutOf(shop, [a, retired, kept]);
    await runDispatcher();

    await putProducts([{ sku: retired, title: `Product ${retired}`, active: false }]);

    expect((await recommendationsFor(a)).body.items).toEqual([{ sku: kept, title: `Product ${kept}`, score: 1 }]);
  });

  it('publishes the orders of one run together: a SKU in several of them is written once, with every count', async () => {
    const shop = await openShop({ skus: 3, units: 10 });
    const [a, b, c] = shop.skus as [string, string, string];
    const orders = [await tillSaleOf(shop, [a, b]), await tillSaleOf(shop, [a, c]), await tillSaleOf(shop, [b, a])];
    const payloads = await Promise.all(
      orders.map(async (sold) => (await outboxFor('recommendations.publish', sold.body.id))[0]?.payload),
    );
    const { kv, written } = countingPuts();
    await withDatabase((db) => publishBoughtTogether({ env: { ...env, READ_MODEL: kv }, db }, payloads));

    expect(written.sort()).toEqual([a, b, c].map((sku) => `bought-together:${sku}`).sort());
    expect((await recommendationsFor(a)).body.items).toEqual([
      { sku: b, title: `Product ${b}`, score: 2 },
      { sku: c, title: `Product ${c}`, score: 1 },
    ]);
  });

  it('publishes a large run in transactions of at most SKUS_PER_TRANSACTION SKUs, each SKU once', async () => {
    const skus = Array.from({ length: 2 * SKUS_PER_TRANSACTION + 30 }, (_, i) => uniqueId(`BULK${i}`));
    // Orders of up to 50 SKUs, as tasks carry them; neighbouring orders share one SKU.
    const payloads = Array.from({ length: Math.ceil(skus.length / 49) }, (_, i) => ({
      orderId: uniqueId('order'),
      skus: skus.slice(i * 49, i * 49 + 50),
    }));
    // The real database, its transactions counted on the way through.
    const { kv, written } = countingPuts();
    const transactions: number[] = [];
    await withDatabase((db) => {
      const counted = new Proxy(db, {
        get: (target, name) =>
          name === 'transaction'
            ? (work: Parameters<typeof db.transaction>[0]) =>
                target.transaction((tx) => {
                  transactions.push(written.length);
                  return work(tx);
                })
            : Reflect.get(target, name, target),
      });
      return publishBoughtTogether({ env: { ...env, READ_MODEL: kv }, db: counted }, payloads);
    });

    expect(written.sort()).toEqual(skus.map((sku) => `bought-together:${sku}`).sort());
    // Three transactions, each begun after the one before it had written its SKUs' lists.
    expect(transactions).toEqual([0, SKUS_PER_TRANSACTION, 2 * SKUS_PER_TRANSACTION]);
  });

  it('publishes a dispatcher run’s orders, failing only a task it cannot read', async () => {
    const shop = await openShop({ skus: 3, units: 10 });
    const [a, b, c] = shop.skus as [string, string, string];
    const sold = [await checkoutOf(shop, [a, b]), await tillSaleOf(shop, [c, a])];
    const unreadable = uniqueId('task');
    await withDatabase((db) =>
      db.insert(outbox).values({ id: unreadable, topic: 'recommendations.publish', payload: { skus: 'not a list' } }),
    );
    await runDispatcher();

    const ids = [...sold.map((order) => `${order.body.id}:recommendations.publish`), unreadable];
    const rows = await withDatabase((db) =>
      db
        .select({ id: outbox.id, processedAt: outbox.processedAt, lastError: outbox.lastError })
        .from(outbox)
        .where(inArray(outbox.id, ids)),
    );
    const byId = new Map(rows.map((row) => [row.id, row]));
    for (const order of sold) expect(byId.get(`${order.body.id}:recommendations.publish`)?.processedAt).not.toBeNull();
    expect(byId.get(unreadable)).toMatchObject({ processedAt: null, lastError: expect.stringContaining('orderId') });
    expect((await recommendationsFor(a)).body.items).toEqual([
      { sku: b, title: `Product ${b}`, score: 1 },
      { sku: c, title: `Product ${c}`, score: 1 },
    ]);
  });

  it('runs each task of a run alone when their merged publish fails, so only the one at fault fails', async () => {
    const shop = await openShop({ skus: 2, units: 10 });
    const [a, b] = shop.skus as [string, string];
    const sold = await checkoutOf(shop, [a, b]);
    // Readable, so it joins the merged publish, but its SKU makes a key KV refuses (over 512 bytes).
    const poisoned = uniqueId('task');
    await withDatabase((db) =>
      db.insert(outbox).values({
        id: poisoned,
        topic: 'recommendations.publish',
        payload: { orderId: poisoned, skus: ['X'.repeat(600)] },
      }),
    );
    await runDispatcher();

    const published = `${sold.body.id}:recommendations.publish`;
    const rows = await withDatabase((db) =>
      db
        .select({
          id: outbox.id,
          processedAt: outbox.processedAt,
          lastError: outbox.lastError,
          attempts: outbox.attempts,
        })
        .from(outbox)
        .where(inArray(outbox.id, [published, poisoned])),
    );
    const byId = new Map(rows.map((row) => [row.id, row]));
    expect(byId.get(published)).toMatchObject({ processedAt: expect.any(String), lastError: null });
    expect(byId.get(poisoned)).toMatchObject({
      processedAt: null,
      attempts: 1,
      lastError: expect.stringMatching(/key/i),
    });
    expect((await recommendationsFor(a)).body.items).toEqual([{ sku: b, title: `Product ${b}`, score: 1 }]);
    // Left pending it would join, and fail, every later test's dispatcher run in this file.
    await withDatabase((db) => db.delete(outbox).where(eq(outbox.id, poisoned)));
  });

  it('counts concurrent orders of the same pair exactly', async () => {
    const shop = await openShop({ skus: 2, units: 50 });
    const [a, b] = shop.skus as [string, string];

    await Promise.all(Array.from({ length: 10 }, () => tillSaleOf(shop, [b, a])));
    await runDispatcher();

    expect(await pairsOf(a)).toEqual([{ skuA: [a, b].sort()[0], skuB: [a, b].sort()[1], orders: 10 }]);
    expect((await recommendationsFor(a)).body.items).toEqual([{ sku: b, title: `Product ${b}`, score: 10 }]);
  });

  it('lets concurrent orders sharing several pairs, in any line order, all through with exact counts', async () => {
    const shop = await openShop({ skus: 4, units: 50 });
    const skus = shop.skus as [string, string, string, string];
    const reversed = [...skus].reverse();

    // Web checkouts, which share no other row (till sales at one store take turns on its receipt
    // counter first). Each order locks six pair rows: taken in line order, opposite orders would deadlock.
    await Promise.all(Array.from({ length: 12 }, (_, i) => checkoutOf(shop, i % 2 === 0 ? skus : reversed)));
    await runDispatcher();

    for (const sku of skus) {
      expect((await pairsOf(sku)).map((pair) => pair.orders)).toEqual([12, 12, 12]);
      const listed = (await recommendationsFor(sku)).body.items;
      expect(listed.map((item: { score: number }) => item.score)).toEqual([12, 12, 12]);
    }
  });

  it('pairs the first 50 distinct SKUs of a very large order, in line order', async () => {
    const shop = await openShop({ skus: PAIRED_SKUS_PER_ORDER + 2, units: 10 });
    const [first, ...rest] = shop.skus as [string, ...string[]];
    const beyond = rest.slice(PAIRED_SKUS_PER_ORDER - 1);
    await tillSaleOf(shop, shop.skus);
    await runDispatcher();

    expect(await pairsOf(first)).toHaveLength(PAIRED_SKUS_PER_ORDER - 1);
    for (const sku of beyond) expect(await pairsOf(sku)).toEqual([]);
  });

  it('has nothing for a SKU never ordered with another', async () => {
    const shop = await openShop({ skus: 1, units: 10 });
    const [alone] = shop.skus as [string];
    const sold = await tillSaleOf(shop, [alone]);

    expect(await outboxFor('recommendations.publish', sold.body.id)).toEqual([]);
    expect((await recommendationsFor(alone)).body).toEqual({ sku: alone, items: [] });
    expect((await recommendationsFor('NOT-IN-CATALOG')).body).toEqual({ sku: 'NOT-IN-CATALOG', items: [] });
  });
});

describe('GET /v1/recommendations: access and input', () => {
  it('needs no token, and answers the same to every role', async () => {
    const shop = await openShop({ skus: 2, units: 10 });
    const [a, b] = shop.skus as [string, string];
    await checkoutOf(shop, [a, b]);
    await runDispatcher();

    const anonymous = await recommendationsFor(a);
    expect(anonymous.status).toBe(200);
    expect(anonymous.body.items).toEqual([{ sku: b, title: `Product ${b}`, score: 1 }]);
    for (const token of [await customerToken(), await posAt(shop.storeId), await opsToken()]) {
      expect((await recommendationsFor(a, '', token)).body).toEqual(anonymous.body);
    }
  });

  it('refuses a missing or malformed SKU and a limit outside 1-50 (400)', async () => {
    for (const path of [
      '/v1/recommendations',
      '/v1/recommendations?sku=',
      '/v1/recommendations?sku=bad%20sku',
      '/v1/recommendations?sku=A&limit=0',
      '/v1/recommendations?sku=A&limit=51',
      '/v1/recommendations?sku=A&limit=two',
    ]) {
      const res = await api(path);
      expect(res.status, path).toBe(400);
      expect(res.body.code, path).toBe('validation_failed');
    }
  });
});

/** The real KV, the keys it is asked to write counted on the way through. */
function countingPuts(): { kv: KVNamespace; written: string[] } {
  const written: string[] = [];
  const kv = new Proxy(env.READ_MODEL, {
    get: (target, name) =>
      name === 'put'
        ? (key: string, ...rest: [string]) => {
            written.push(key);
            return target.put(key, ...rest);
          }
        : Reflect.get(target, name, target),
  });
  return { kv, written };
}
