import { decodeJwt } from 'jose';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { allOrdersPage, type OrderFilters } from '../../src/db/orders';
import { orders } from '../../src/db/schema';
import { api, uniqueId } from '../helpers/api';
import { device } from '../helpers/carts';
import { ADDRESS, checkoutWith, openShop, TEST_PAYMENT } from '../helpers/checkout';
import { cash, postSale, saleOf } from '../helpers/pos';
import { withDatabase } from '../helpers/postgres';
import { customerToken, opsToken, posAt } from '../helpers/tokens';

const DAY_MS = 86_400_000;

/** A UTC day of its own for each dataset: every test's orders share one database, and the window isolates them. */
const ownDay = () => new Date(Date.UTC(1990, 0, 1) + Math.floor(Math.random() * 3000) * DAY_MS).toISOString();

async function checkout(sku: string, customerId: string, channel: string, fulfilment: [string, string?], body = {}) {
  const token = await customerToken(customerId);
  await device(token, channel).add(sku, 1);
  await device(token, channel).fulfil(...fulfilment);
  const placed = await checkoutWith(token, { payment: TEST_PAYMENT, ...body }, { channel });
  expect(placed.status).toBe(201);
  return { id: placed.body.id as string, token };
}

async function tillSale(sku: string, storeId: string, customerId?: string) {
  const sale = saleOf([{ sku, quantity: 1 }], { payments: [cash(1000)], ...(customerId && { customerId }) });
  const sold = await postSale(await posAt(storeId), sale);
  expect(sold.status).toBe(201);
  return sold.body.id as string;
}

/**
 * Orders of every channel, through the real checkout and till, then moved to
 * `day` a minute apart in the order placed (`at`: their instants instead):
 * web  A pickup at the store
 * app  B pickup at the store, cancelled
 * pos  A at the store (completed)
 * web  C shipped from the warehouse
 * pos  anonymous at the other store (completed)
 */
async function dataset(at?: (day: string, index: number) => string) {
  const shop = await openShop({ units: 20, warehouseUnits: 5 });
  const sku = shop.skus[0]!;
  const [a, b, c] = [uniqueId('cus'), uniqueId('cus'), uniqueId('cus')];
  const webA = await checkout(sku, a, 'web', ['pickup', shop.storeId]);
  const appB = await checkout(sku, b, 'app', ['pickup', shop.storeId]);
  expect((await api(`/v1/orders/${appB.id}/cancel`, { method: 'POST', token: appB.token })).status).toBe(200);
  const posA = await tillSale(sku, shop.storeId, a);
  const webC = await checkout(sku, c, 'web', ['ship'], { shippingAddress: ADDRESS });
  const posOther = await tillSale(sku, shop.otherStoreId);
  const placed = [webA.id, appB.id, posA, webC.id, posOther];
  const day = ownDay().slice(0, 10);
  const instant =
    at ?? ((on: string, index: number) => new Date(Date.parse(`${on}T10:00:00Z`) + index * 60_000).toISOString());
  const ids = placed.join(',');
  const instants = placed.map((_, i) => instant(day, i)).join(',');
  await withDatabase((db) =>
    db.execute(sql`update ${orders} set created_at = moved.at::timestamptz
      from (select unnest(string_to_array(${ids}, ',')) as id, unnest(string_to_array(${instants}, ',')) as at) moved
      where ${orders.id} = moved.id`),
  );
  const window = `from=${day}T00:00:00Z&to=${new Date(Date.parse(`${day}T00:00:00Z`) + DAY_MS).toISOString()}`;
  return { shop, a, b, c, day, window, webA: webA.id, appB: appB.id, posA, webC: webC.id, posOther };
}

const list = async (query: string, token?: string) =>
  api(`/v1/admin/orders?${query}`, { token: token ?? (await opsToken()) });
const idsOf = (res: { body: { orders: { id: string }[] } }) => res.body.orders.map((order) => order.id);

describe('GET /v1/admin/orders', () => {
  it('lists every channel’s orders across customers, newest first, as ops see them', async () => {
    const data = await dataset();
    const res = await list(data.window);
    expect(res.status).toBe(200);
    expect(idsOf(res)).toEqual([data.posOther, data.webC, data.posA, data.appB, data.webA]);
    expect(res.body.nextCursor).toBeNull();
    expect(res.body.orders.map((order: { channel: string }) => order.channel)).toEqual([
      'pos',
      'web',
      'pos',
      'app',
      'web',
    ]);
    expect(res.body.orders.map((order: { customerId: string | null }) => order.customerId)).toEqual([
      null,
      data.c,
      data.a,
      data.b,
      data.a,
    ]);
    // Ops see the pickup code, as in GET /v1/orders/{id}.
    const webA = res.body.orders.at(-1);
    expect(webA.fulfillment).toMatchObject({ type: 'pickup', locationId: data.shop.storeId });
    expect(webA.fulfillment.pickupCode).toMatch(/^\w{4,}$/);
    const { pickupPass: listedPass, ...listed } = webA;
    const { pickupPass: detailPass, ...detail } = (await api(`/v1/orders/${data.webA}`, { token: await opsToken() }))
      .body;
    expect(listed).toEqual(detail);
    // The pass is signed when the order is read: the two reads may fall in different seconds (`iat`).
    const claims = (pass: string) => ({ ...decodeJwt(pass), iat: undefined });
    expect(claims(listedPass)).toEqual(claims(detailPass));
  });

  it('narrows by channel, status, location, customer and time, each alone and together', async () => {
    const data = await dataset();
    const { window, day } = data;
    const cases: [string, string[]][] = [
      [`${window}&channel=pos`, [data.posOther, data.posA]],
      [`${window}&channel=app`, [data.appB]],
      [`${window}&channel=kiosk`, []],
      [`${window}&status=cancelled`, [data.appB]],
      [`${window}&status=completed`, [data.posOther, data.posA]],
      [`${window}&status=placed`, [data.webC, data.webA]],
      [`locationId=${data.shop.storeId}`, [data.posA, data.appB, data.webA]],
      [`locationId=${data.shop.otherStoreId}`, [data.posOther]],
      [`customerId=${data.a}`, [data.posA, data.webA]],
      [`customerId=${data.a}&channel=web`, [data.webA]],
      [`locationId=${data.shop.storeId}&status=placed`, [data.webA]],
      // [from, to): 10:01 is in, 10:04 is not.
      [`from=${day}T10:01:00.000Z&to=${day}T10:04:00Z`, [data.webC, data.posA, data.appB]],
      [`from=${day}T10:03:00Z&to=${day}T10:03:00.001Z`, [data.webC]],
      [`from=${day}T10:03:00Z&locationId=${data.shop.storeId}`, []],
      [`to=${day}T10:01:00Z&locationId=${data.shop.storeId}`, [data.webA]],
      [`from=${day}T12:01:00%2B02:00&to=${day}T12:02:00%2B02:00&locationId=${data.shop.storeId}`, [data.appB]],
    ];
    for (const [query, expected] of cases) {
      const res = await list(query);
      expect(res.status, query).toBe(200);
      expect(idsOf(res), query).toEqual(expected);
    }
  });

  it('pages with the cursor through every order exactly once, keeping the filters', async () => {
    // Three in one millisecond a few microseconds apart, two in the next: a cursor keeps milliseconds only.
    const data = await dataset((day, i) => `${day}T10:00:00.${['1231', '1232', '1233', '1240', '1241'][i]}00Z`);
    const pages = async (query: string, limit: number) => {
      const seen: string[] = [];
      let cursor: string | null = null;
      for (let page = 0; page < 10; page += 1) {
        const res = await list(`${query}&limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
        expect(res.status).toBe(200);
        expect(res.body.orders.length).toBeLessThanOrEqual(limit);
        seen.push(...idsOf(res));
        cursor = res.body.nextCursor;
        if (!cursor) break;
      }
      return seen;
    };
    const all = (await list(data.window)).body.orders.map((order: { id: string }) => order.id);
    expect([...all].sort()).toEqual([data.webA, data.appB, data.posA, data.webC, data.posOther].sort());
    // The two newer orders first; each millisecond's by id, highest first.
    expect(all.slice(0, 2)).toEqual([data.webC, data.posOther].sort().reverse());
    expect(await pages(data.window, 1)).toEqual(all);
    expect(await pages(data.window, 2)).toEqual(all);
    expect(await pages(`${data.window}&channel=web`, 1)).toEqual(
      all.filter((id: string) => [data.webA, data.webC].includes(id)),
    );
  });

  it('refuses a bad range, filter or cursor with a problem', async () => {
    const bad = [
      'from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z',
      'from=2026-01-01T00:00:00Z&to=2026-01-01T00:00:00Z',
      'from=yesterday',
      'to=2026-01-01',
      'channel=fax',
      'status=lost',
      'locationId=no%20such',
      'limit=0',
      'limit=101',
      'cursor=not-ours',
    ];
    for (const query of bad) {
      const res = await list(query);
      expect(res.status, query).toBe(400);
      expect(res.headers.get('content-type'), query).toContain('application/problem+json');
      expect(res.body.code, query).toBe('validation_failed');
    }
    const backwards = await list('from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z');
    expect(backwards.body.errors).toEqual([
      expect.objectContaining({ path: 'query.to', message: 'must be after from' }),
    ]);
  });

  it('answers ops only', async () => {
    expect((await api('/v1/admin/orders')).status).toBe(401);
    expect((await list('', await customerToken(uniqueId('cus')))).status).toBe(403);
    expect((await list('', await posAt(uniqueId('store')))).status).toBe(403);
  });

  it('reads its common shapes along an index, with no sort', async () => {
    const last = { createdAt: new Date('2026-01-01T00:00:00Z'), id: 'ord_x' };
    // Which of the orders' indexes the planner picks for a filter depends on the statistics of a table every
    // test file shares (a store's own index, or the time index with a filter); what must hold is that one of
    // them serves the page in its order.
    const shapes: OrderFilters[] = [
      {},
      { channel: 'pos', status: 'completed' },
      { from: new Date('2025-01-01T00:00:00Z'), to: last.createdAt },
      { locationId: 'store-1' },
      { customerId: 'cus-1' },
      { locationId: 'store-1', status: 'ready_for_pickup' },
    ];
    for (const filters of shapes) {
      const plan = await withDatabase((db) =>
        db.transaction(async (tx) => {
          // The test database is small enough that a scan and a sort are cheapest; the question is whether an index
          // serves the page in its order (a sort is only discouraged: without such an index the plan still has one).
          await tx.execute(sql`set local enable_seqscan = off`);
          await tx.execute(sql`set local enable_sort = off`);
          const explained = await tx.execute<{ 'QUERY PLAN': string }>(
            sql`explain ${allOrdersPage(tx, filters, 21, last)}`,
          );
          return explained.rows.map((row) => row['QUERY PLAN']).join('\n');
        }),
      );
      expect(plan, JSON.stringify(filters)).toMatch(/Index Scan(?: Backward)? using orders_\w+_idx on orders/);
      expect(plan, JSON.stringify(filters)).not.toMatch(/\bSort\b/);
    }
  });
});
