import { inArray, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { orders } from '../../src/db/schema';
import { api, uniqueId } from '../helpers/api';
import { device } from '../helpers/carts';
import { ADDRESS, checkoutWith, openShop, TEST_PAYMENT } from '../helpers/checkout';
import { collectedOrder, writeEvents } from '../helpers/events';
import { cash, postSale, saleOf } from '../helpers/pos';
import { withDatabase } from '../helpers/postgres';
import { customerToken, opsToken, posAt } from '../helpers/tokens';

const kpis = async (query: string) => api(`/v1/admin/kpis${query}`, { token: await opsToken() });

/** A day of its own far in the past, so other files' orders (placed now) never fall in it. */
function ownDay() {
  const day = new Date(Date.UTC(1990, 0, 1) + Math.floor(Math.random() * 3000) * 86_400_000);
  return day.toISOString().slice(0, 10);
}

/** Moves the orders into `day` (a till sale by when it was rung up), one minute apart. */
const placeOn = (day: string, ids: string[]) =>
  withDatabase((db) =>
    db
      .update(orders)
      .set({
        createdAt: sql`${`${day}T10:00:00Z`}::timestamptz + (array_position(string_to_array(${ids.join(',')}, ','), ${orders.id}) * interval '1 minute')`,
        occurredAt: sql`case when ${orders.occurredAt} is null then null else ${`${day}T10:00:00Z`}::timestamptz end`,
      })
      .where(inArray(orders.id, ids)),
  );

async function returnAt(storeId: string, orderId: string, sku: string, quantity: number) {
  const returned = await api(`/v1/orders/${orderId}/returns`, {
    method: 'POST',
    token: await posAt(storeId),
    body: { returnId: uniqueId('ret'), lines: [{ sku, quantity, disposition: 'damaged' }] },
  });
  expect(returned.status).toBe(201);
}

async function tillSale(storeId: string, sku: string, quantity: number, customerId?: string) {
  const sale = saleOf([{ sku, quantity }], { payments: [cash(100_000)], ...(customerId && { customerId }) });
  const res = await postSale(await posAt(storeId), sale);
  expect(res.status).toBe(201);
  return res.body.id as string;
}

/**
 * The dataset, by hand (every price 10.00 but the anonymous till sale's 10.01):
 * web  A pickup 2 units (1 returned, 10.00 back); B pickup, cancelled
 * app  A pickup 3 units; C shipped 1 unit
 * pos  A 2 units; anonymous 1 unit at 10.01 (returned, 10.01 back)
 * and two carts abandoned that day.
 */
async function dataset(day: string) {
  const shop = await openShop({ skus: 3, units: 20, warehouseUnits: 5 });
  const dearer = await openShop({ units: 5, price: 1001 });
  const [first, second, third] = shop.skus as [string, string, string];
  const a = uniqueId('cus');
  const webA = await collectedOrder(shop, { sub: a, quantity: 2, sku: first });
  await returnAt(shop.storeId, webA.id, first, 1);
  const b = await customerToken(uniqueId('cus'));
  await device(b).add(first, 1);
  await device(b).fulfil('pickup', shop.storeId);
  const webB = await checkoutWith(b, { payment: TEST_PAYMENT });
  expect((await api(`/v1/orders/${webB.body.id}/cancel`, { method: 'POST', token: b })).status).toBe(200);
  const appA = await collectedOrder(shop, { sub: a, channel: 'app', quantity: 3, sku: second });
  const c = await customerToken(uniqueId('cus'));
  await device(c, 'app').add(third, 1);
  await device(c, 'app').fulfil('ship');
  const appC = await checkoutWith(c, { payment: TEST_PAYMENT, shippingAddress: ADDRESS }, { channel: 'app' });
  expect(appC.status).toBe(201);
  const posA = await tillSale(shop.storeId, first, 2, a);
  const posAnonymous = await tillSale(dearer.storeId, dearer.skus[0]!, 1);
  await returnAt(dearer.storeId, posAnonymous, dearer.skus[0]!, 1);
  await placeOn(day, [webA.id, webB.body.id, appA.id, appC.body.id, posA, posAnonymous]);
  const abandoned = (cartId: string) => ({
    id: uniqueId('cart.abandoned'),
    topic: 'cart.abandoned',
    createdAt: `${day}T11:00:00Z`,
    payload: {
      cartId,
      ownerKind: 'guest',
      customerId: null,
      version: 1,
      lastActivityAt: `${day}T10:00:00Z`,
      abandonedAt: `${day}T11:00:00Z`,
      currency: 'USD',
      lines: [],
      totals: { subtotal: 0, discount: 0, total: 0 },
      coupons: [],
      contact: null,
    },
  });
  await writeEvents([abandoned(`guest:${uniqueId('cart')}`), abandoned(`guest:${uniqueId('cart')}`)]);
}

const zero = { orders: 0, revenue: 0, averageOrderValue: 0, unitsSold: 0, unitsReturned: 0, refunds: 0 };

describe('KPIs', () => {
  it('counts a day of web, app and till orders, with returns and a cancel, to the minor unit', async () => {
    const day = ownDay();
    await dataset(day);

    const res = await kpis(`?from=${day}&to=${day}`);

    expect(res.status).toBe(200);
    const next = new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString();
    expect(res.body).toEqual({
      from: `${day}T00:00:00.000Z`,
      to: next,
      currency: 'USD',
      channels: [
        {
          channel: 'web',
          orders: 1,
          revenue: 2000,
          averageOrderValue: 2000,
          unitsSold: 2,
          unitsReturned: 1,
          refunds: 1000,
        },
        {
          channel: 'app',
          orders: 2,
          revenue: 4000,
          averageOrderValue: 2000,
          unitsSold: 4,
          unitsReturned: 0,
          refunds: 0,
        },
        { channel: 'kiosk', ...zero },
        // 30.01 over two orders: 15.00, rounded down.
        {
          channel: 'pos',
          orders: 2,
          revenue: 3001,
          averageOrderValue: 1500,
          unitsSold: 3,
          unitsReturned: 1,
          refunds: 1001,
        },
      ],
      totals: { orders: 5, revenue: 9001, averageOrderValue: 1800, refunds: 2001 },
      pickupShare: 0.6667, // web A and app A of the three online orders left
      cartAbandonmentRate: 0.3333, // 2 abandoned ÷ (2 + 4 checkouts, the cancelled one included)
      returnRate: 0.2222, // 2 ÷ 9 units
      crossChannelCustomers: 1, // A: web, app and pos
      loyaltyRevenueShare: 0.8888, // 80.00 of 90.01 with a customer; the anonymous sale is the rest
    });
  });

  it('answers nothing but zeros for a window without orders', async () => {
    const res = await kpis('?from=1980-01-01T00:00:00Z&to=1980-01-01T12:00:00Z');
    expect(res.body.totals).toEqual({ orders: 0, revenue: 0, averageOrderValue: 0, refunds: 0 });
    expect(res.body).toMatchObject({ pickupShare: null, returnRate: null, cartAbandonmentRate: null });
  });

  it('refuses a window that ends before it starts, or spans more than a year', async () => {
    expect((await kpis('?from=2026-02-01&to=2026-01-01')).status).toBe(400);
    expect((await kpis('?from=2020-01-01&to=2026-01-01')).status).toBe(400);
    expect((await kpis('?from=yesterday&to=2026-01-01')).status).toBe(400);
    expect((await kpis('?to=2026-01-01')).status).toBe(400);
  });

  it('answers ops only', async () => {
    const query = '?from=2026-01-01&to=2026-01-02';
    expect((await api(`/v1/admin/kpis${query}`)).status).toBe(401);
    expect((await api(`/v1/admin/kpis${query}`, { token: await customerToken(uniqueId('cus')) })).status).toBe(403);
    expect((await api(`/v1/admin/kpis${query}`, { token: await posAt(uniqueId('store')) })).status).toBe(403);
  });

  it('finds a window’s orders through the index on when they were placed', async () => {
    const plan = await withDatabase((db) =>
      db.transaction(async (tx) => {
        // The test database is small enough that a scan is cheapest; the question is whether the index serves the cut.
        await tx.execute(sql`set local enable_seqscan = off`);
        const explained = await tx.execute<{ 'QUERY PLAN': string }>(sql`
          explain select count(*) from orders o
          where coalesce(o.occurred_at, o.created_at) >= '2026-01-01'::timestamptz
            and coalesce(o.occurred_at, o.created_at) < '2026-01-02'::timestamptz`);
        return explained.rows.map((row) => row['QUERY PLAN']).join('\n');
      }),
    );
    expect(plan).toContain('orders_placed_at_idx');
  });
});
