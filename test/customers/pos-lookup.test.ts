import { env } from 'cloudflare:workers';
import { desc, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { signGuestToken } from '../../src/auth/tokens';
import { customerLookups } from '../../src/db/schema';
import { api, uniqueId } from '../helpers/api';
import { device } from '../helpers/carts';
import { checkoutWith, openShop, TEST_PAYMENT } from '../helpers/checkout';
import { seedWallet, setTestProgram } from '../helpers/loyalty';
import { cash, postSale, saleOf } from '../helpers/pos';
import { withDatabase } from '../helpers/postgres';
import { customerToken, opsToken, posToken, tokenFor } from '../helpers/tokens';

const uniqueEmail = () => `${uniqueId('regular').toLowerCase()}@example.com`;

/**
 * A regular of the shop's store: a web pickup order ready at the store, a
 * sale at its till, store credit, and a unit still in their online cart.
 */
async function regular() {
  await setTestProgram();
  const shop = await openShop({ skus: 2, units: 10, price: 1500 });
  const [a, b] = shop.skus as [string, string];
  const id = uniqueId('cus');
  const email = uniqueEmail();
  const phone = `+1312${Math.floor(Math.random() * 1e7)}`;
  const shopper = device(await customerToken(id));
  await api('/v1/me', { method: 'PUT', token: shopper.token, body: { name: 'Ana Diaz', email, phone } });

  await shopper.add(a, 2);
  await shopper.fulfil('pickup', shop.storeId);
  const web = (await checkoutWith(shopper.token, { payment: TEST_PAYMENT })).body;
  const tillSub = uniqueId('till');
  const till = await posToken(shop.storeId, tillSub);
  expect((await api(`/v1/orders/${web.id}/ready`, { method: 'POST', token: till })).status).toBe(200);
  const sale = await postSale(till, saleOf([{ sku: b, quantity: 1 }], { customerId: id, payments: [cash(1500)] }));
  expect(sale.status).toBe(201);
  await seedWallet(id, { storeCredit: 700 });
  await shopper.add(b, 3);
  expect((await api(`/v1/wishlist/items/${a}`, { method: 'PUT', token: shopper.token })).status).toBe(200);
  return { shop, id, email, phone, till, tillSub, web, sale: sale.body, skus: [a, b] as const };
}

const lookUp = (token: string, query: string) => api(`/v1/pos/customers?${query}`, { token });
const lookupsBy = (actorSub: string) =>
  withDatabase((db) =>
    db
      .select()
      .from(customerLookups)
      .where(eq(customerLookups.actorSub, actorSub))
      .orderBy(desc(customerLookups.occurredAt)),
  );

describe('the customer at the till', () => {
  it('shows the 360 view: profile, points, store credit, wish list here, orders of every channel, open cart, pickups here', async () => {
    const { id, email, phone, till, web, sale, skus } = await regular();

    const res = await lookUp(till, `email=${encodeURIComponent(email.toUpperCase())}`);

    expect(res.status).toBe(200);
    expect(res.body.customers).toHaveLength(1);
    const [view] = res.body.customers;
    // 3000 paid online and 1500 at the till: 45 points at 1 per 100, not yet silver.
    expect(view).toMatchObject({
      id,
      name: 'Ana Diaz',
      email,
      phone,
      loyalty: { balance: 45, tier: null },
      storeCredit: 700,
    });
    expect(view.recentOrders.map((order: { id: string; channel: string }) => [order.id, order.channel])).toEqual([
      [sale.id, 'pos'],
      [web.id, 'web'],
    ]);
    // 10 at the store, 2 of them in the web order waiting there.
    expect(view.wishlist).toEqual([{ sku: skus[0], title: expect.any(String), available: 8 }]);
    expect(view.cart.lines).toEqual([expect.objectContaining({ sku: skus[1], quantity: 3, unitAmount: 1500 })]);
    expect(view.cart.totals).toMatchObject({ subtotal: 4500, total: 4500 });
    expect(view.pickupsHere).toEqual([expect.objectContaining({ id: web.id, status: 'ready_for_pickup' })]);
    // A till is never shown the pickup code: the shopper shows it.
    expect(view.pickupsHere[0].fulfillment.pickupCode).toBeUndefined();
    expect((await api(`/v1/pos/customers/${id}`, { token: till })).body).toEqual(view);
  });

  it('finds by E.164 phone, and shows no pickups waiting at another store', async () => {
    const { id, phone, shop } = await regular();
    const elsewhere = await posToken(shop.otherStoreId, uniqueId('till'));
    const res = await lookUp(elsewhere, `phone=${encodeURIComponent(phone)}`);
    expect(res.status).toBe(200);
    expect(res.body.customers.map((customer: { id: string }) => customer.id)).toEqual([id]);
    expect(res.body.customers[0].pickupsHere).toEqual([]);
  });

  it('lets ops name the store whose pickups to show, or see every store’s', async () => {
    const { id, shop, web } = await regular();
    const ops = await opsToken();
    const here = await api(`/v1/pos/customers/${id}?locationId=${shop.storeId}`, { token: ops });
    expect(here.body.pickupsHere.map((order: { id: string }) => order.id)).toEqual([web.id]);
    const other = await api(`/v1/pos/customers/${id}?locationId=${shop.otherStoreId}`, { token: ops });
    expect(other.body.pickupsHere).toEqual([]);
    const everywhere = await api(`/v1/pos/customers/${id}`, { token: ops });
    expect(everywhere.body.pickupsHere.map((order: { id: string }) => order.id)).toEqual([web.id]);
  });

  it('finds no one for an unknown email, and 404s an unknown id', async () => {
    const till = await posToken(uniqueId('store'));
    expect((await lookUp(till, `email=${uniqueEmail()}`)).body).toEqual({ customers: [] });
    const missing = await api(`/v1/pos/customers/${uniqueId('cus')}`, { token: till });
    expect(missing.status).toBe(404);
    expect(missing.body.code).toBe('not_found');
  });

  it('takes exactly one of email and phone, the phone in E.164', async () => {
    const till = await posToken(uniqueId('store'));
    for (const query of ['', 'email=a@example.com&phone=%2B13125550100', 'phone=3125550100', 'email=nope']) {
      const res = await lookUp(till, query);
      expect(res.status, query).toBe(400);
      expect(res.body.code).toBe('validation_failed');
    }
  });

  it('is for tills and ops only: customers and guests are refused, no token is 401', async () => {
    const { id, email } = await regular();
    const refused = [await customerToken(id), await signGuestToken(uniqueId('guest'), env.SIGNING_SECRET)];
    for (const token of refused) {
      expect((await lookUp(token, `email=${email}`)).status).toBe(403);
      expect((await api(`/v1/pos/customers/${id}`, { token })).status).toBe(403);
    }
    expect((await api(`/v1/pos/customers?email=${email}`)).status).toBe(401);
    expect((await api(`/v1/pos/customers/${id}`)).status).toBe(401);
  });
});

describe('the look-up audit', () => {
  it('records who looked, from which store, how, and whom it found, never what was searched', async () => {
    const { id, email, phone, shop, till, tillSub } = await regular();
    await lookUp(till, `email=${email}`);
    await lookUp(till, `phone=${encodeURIComponent(phone)}`);
    await api(`/v1/pos/customers/${id}`, { token: till });
    await lookUp(till, `email=${uniqueEmail()}`);
    await api(`/v1/pos/customers/${uniqueId('cus')}`, { token: till });

    const rows = await lookupsBy(tillSub);

    const common = { actorSub: tillSub, actorRole: 'pos', locationId: shop.storeId };
    expect(rows.map(({ method, customerIds }) => ({ method, customerIds })).reverse()).toEqual([
      { method: 'email', customerIds: [id] },
      { method: 'phone', customerIds: [id] },
      { method: 'id', customerIds: [id] },
      { method: 'email', customerIds: [] },
      { method: 'id', customerIds: [] },
    ]);
    for (const row of rows) {
      expect(row).toMatchObject(common);
      expect(JSON.stringify(row)).not.toContain(email);
      expect(JSON.stringify(row)).not.toContain(phone);
    }
  });

  it('records an ops look-up with the store they named', async () => {
    const { id, shop } = await regular();
    const opsSub = uniqueId('ops');
    await api(`/v1/pos/customers/${id}?locationId=${shop.storeId}`, {
      token: await tokenFor({ role: 'ops', sub: opsSub }),
    });
    expect(await lookupsBy(opsSub)).toEqual([
      expect.objectContaining({ actorRole: 'ops', locationId: shop.storeId, method: 'id', customerIds: [id] }),
    ]);
  });
});
