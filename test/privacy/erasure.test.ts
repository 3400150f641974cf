import { runDurableObjectAlarm } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { eq } from 'drizzle-orm';
import { describe, expect, it, vi } from 'vitest';
import { signGuestToken } from '../../src/auth/tokens';
import { customers, orders, outbox, wishlistIndex } from '../../src/db/schema';
import { api, uniqueId } from '../helpers/api';
import { abandonmentEvents, cartOf, device } from '../helpers/carts';
import { createProducts, priceSkus } from '../helpers/catalog';
import { advanceClock } from '../helpers/clock';
import { writeEvents } from '../helpers/events';
import { cash, postSale, saleOf } from '../helpers/pos';
import { withDatabase } from '../helpers/postgres';
import { customerToken, opsToken, posAt } from '../helpers/tokens';
import { everyFeatureShopper, redactions } from './helpers';

const exportOf = (token: string) => api('/v1/me/export', { token });
const eraseMe = (token: string) => api('/v1/me', { method: 'DELETE', token });
const eraseAsOps = async (id: string, token?: string) =>
  api(`/v1/admin/customers/${id}`, { method: 'DELETE', token: token ?? (await opsToken()) });

const sum = (entries: { points: number; amount: number }[], field: 'points' | 'amount') =>
  entries.reduce((total, entry) => total + entry[field], 0);

describe('the export', () => {
  it('holds everything: profile, orders with contact and address, returns, wallet, lists, subscriptions, cart, events, look-ups', async () => {
    const { id, token, personal, webOrderId, saleId } = await everyFeatureShopper();

    const res = await exportOf(token);

    expect(res.status).toBe(200);
    const data = res.body;
    expect(data.profile).toMatchObject({ id, name: personal.name, email: personal.email, phone: personal.phone });
    const web = data.orders.find((order: { id: string }) => order.id === webOrderId);
    expect(web.contact).toEqual({ email: personal.email, phone: personal.phone });
    expect(web.shippingAddress).toMatchObject({ line1: personal.line1, city: personal.city, country: 'US' });
    expect(web.lines).toHaveLength(1);
    expect(web.payments).toHaveLength(1);
    expect(data.orders.map((order: { id: string }) => order.id)).toContain(saleId);
    expect(data.returns).toHaveLength(1);
    expect(data.returns[0].refunds.length).toBeGreaterThan(0);
    expect(data.wallet.storeCredit).toBe(200);
    expect(sum(data.wallet.entries, 'amount')).toBe(data.wallet.storeCredit);
    expect(sum(data.wallet.entries, 'points')).toBe(data.wallet.points);
    expect(data.wallet.points).toBeGreaterThan(0);
    expect(data.wishlist).toHaveLength(1);
    expect(data.recentlyViewed).toHaveLength(1);
    expect(data.backInStock.map((row: { status: string }) => row.status).sort()).toEqual(['notified', 'waiting']);
    expect(data.cart.lines).toHaveLength(1);
    const topics = data.events.map((event: { topic: string }) => event.topic);
    expect(topics).toEqual(expect.arrayContaining(['order.placed', 'customer.back_in_stock']));
    expect(data.lookups).toEqual([expect.objectContaining({ actorRole: 'pos', method: 'email' })]);
  });
});

describe('erasure', () => {
  it('erases personal data everywhere and keeps orders and money movements without it', async () => {
    const { id, token, till, personal, webOrderId, shop } = await everyFeatureShopper();
    const before = (await exportOf(token)).body;
    // The wallet page has been read, so the ShopperDO holds a copy of it.
    expect((await api('/v1/loyalty', { token })).body.balance).toBeGreaterThan(0);

    const res = await eraseMe(token);

    expect(res.status).toBe(200);
    expect(res.body).toEqual({ erased: true });
    const after = (await exportOf(token)).body;
    const text = JSON.stringify(after);
    for (const value of Object.values(personal)) expect(text).not.toContain(value);
    expect(text).not.toContain(personal.phone.slice(1));
    expect(after.profile).toMatchObject({ name: null, email: null, phone: null });
    // Orders stay, with their amounts; of the address only the country (tax) is left.
    expect(after.orders.map((o: { id: string; total: number }) => [o.id, o.total])).toEqual(
      before.orders.map((o: { id: string; total: number }) => [o.id, o.total]),
    );
    const web = after.orders.find((order: { id: string }) => order.id === webOrderId);
    expect(web).toMatchObject({ contact: {}, shippingAddress: { country: 'US' } });
    expect(after.returns).toHaveLength(1);
    expect(after.wallet).toMatchObject({ points: 0, storeCredit: 0, lifetimePoints: 0, tierId: null });
    expect(after.wallet.closedAt).not.toBeNull();
    expect((await api('/v1/loyalty', { token })).body).toMatchObject({ balance: 0, storeCredit: 0 });
    expect(after.wallet.entries).toHaveLength(before.wallet.entries.length + 1);
    expect(sum(after.wallet.entries, 'points')).toBe(0);
    expect(sum(after.wallet.entries, 'amount')).toBe(0);
    expect(after).toMatchObject({ wishlist: [], recentlyViewed: [], backInStock: [], cart: { lines: [] } });
    // The events stay (for replay), without the contact the back-in-stock notice carried.
    const notice = after.events.find((event: { topic: string }) => event.topic === 'customer.back_in_stock');
    expect(notice.payload).toMatchObject({ customerId: id });
    expect(notice.payload).not.toHaveProperty('email');
    expect(await redactions(id)).toHaveLength(1);
    expect(await withDatabase((db) => db.select().from(wishlistIndex).where(eq(wishlistIndex.customerId, id)))).toEqual(
      [],
    );

    const lookup = await api(`/v1/pos/customers?email=${encodeURIComponent(personal.email)}`, { token: till });
    expect(lookup.status).toBe(200);
    expect(lookup.body.customers).toEqual([]);
    expect((await api('/v1/me', { token })).body).toMatchObject({ name: null, email: null, phone: null });

    // A closed wallet earns nothing: a later till sale in their name leaves it at zero.
    const sale = saleOf([{ sku: shop.skus[0]!, quantity: 1 }], { customerId: id, payments: [cash(1500)] });
    expect((await postSale(await posAt(shop.storeId), sale)).status).toBe(201);
    expect((await exportOf(token)).body.wallet.points).toBe(0);
  });

  it('is idempotent, and two erasures at once erase once and record one customer.redacted', async () => {
    const { id, token, webOrderId } = await everyFeatureShopper();

    const [mine, theirs] = await Promise.all([eraseMe(token), eraseAsOps(id)]);

    expect([mine.status, theirs.status]).toEqual([200, 200]);
    expect((await eraseMe(token)).status).toBe(200);
    expect(await redactions(id)).toHaveLength(1);
    const after = (await exportOf(token)).body;
    const closing = after.wallet.entries.filter((entry: { reason: string | null }) =>
      entry.reason?.startsWith('wallet closed'),
    );
    expect(closing).toHaveLength(1);
    expect(sum(after.wallet.entries, 'amount')).toBe(0);
    const [order] = await withDatabase((db) => db.select().from(orders).where(eq(orders.id, webOrderId)));
    expect(order?.contact).toEqual({});
  });

  it('scrubs the personal keys from every stored event naming them, and keeps the event', async () => {
    const id = uniqueId('cus');
    const eventId = uniqueId('evt');
    const payload = {
      subscriptionId: uniqueId('bis'),
      customerId: id,
      sku: 'SKU-X',
      locationId: null,
      email: `${id}@erase.example`,
      phone: '+13125550100',
      transitionEventId: uniqueId('evt'),
    };
    await writeEvents([{ id: eventId, topic: 'customer.back_in_stock', payload }]);

    expect((await eraseMe(await customerToken(id))).status).toBe(200);

    const [row] = await withDatabase((db) => db.select().from(outbox).where(eq(outbox.id, eventId)));
    const { email: _email, phone: _phone, ...kept } = payload;
    expect(row?.payload).toEqual(kept);
  });

  it('takes the contact out of their cart.abandoned events, and keeps the lines and totals', async () => {
    const id = uniqueId('cus');
    await withDatabase((db) =>
      db.insert(customers).values({ id, email: `${id}@erase.example`, phone: '+13125550199' }),
    );
    const [sku] = (await createProducts(1)) as [string];
    await priceSkus({ [sku]: 800 });
    const cartId = `customer:${id}`;
    const token = await customerToken(id);
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      await device(token).add(sku, 2);
      advanceClock(3600_000 + 1000);
      expect(await runDurableObjectAlarm(cartOf(cartId))).toBe(true);
    } finally {
      vi.useRealTimers();
    }
    const [before] = await abandonmentEvents(cartId);
    expect(before?.payload).toMatchObject({ contact: { email: `${id}@erase.example`, phone: '+13125550199' } });

    expect((await eraseMe(token)).status).toBe(200);

    const [after] = await abandonmentEvents(cartId);
    const { contact: _contact, ...kept } = before?.payload ?? {};
    expect(after?.payload).toEqual(kept);
    expect(kept).toMatchObject({
      customerId: id,
      lines: [{ sku, quantity: 2, lineTotal: 1600 }],
      totals: { total: 1600 },
    });
  });

  it('is 404 to ops for an id Aisle holds nothing under, and erases nothing; the customer themself may erase it', async () => {
    const id = uniqueId('cus');

    const res = await eraseAsOps(id);

    expect({ status: res.status, code: res.body.code }).toEqual({ status: 404, code: 'not_found' });
    expect(await redactions(id)).toEqual([]);
    const token = await customerToken(id);
    expect((await eraseMe(token)).status).toBe(200);
    const exported = (await exportOf(token)).body;
    expect(exported.profile).toMatchObject({ id, name: null, email: null });
    expect(exported.wallet.closedAt).not.toBeNull();
    expect(await redactions(id)).toHaveLength(1);
    // Erased, the id stays known (its empty profile): ops repeating it get 200, not 404.
    expect((await eraseAsOps(id)).status).toBe(200);
  });
});

describe('who may export and erase', () => {
  it('lets only the customer export and erase themself; tills, ops and guests are refused, no token is 401', async () => {
    const guest = await signGuestToken(uniqueId('guest'), env.SIGNING_SECRET);
    for (const token of [await posAt(uniqueId('store')), await opsToken(), guest]) {
      expect((await exportOf(token)).status).toBe(403);
      expect((await eraseMe(token)).status).toBe(403);
    }
    expect((await api('/v1/me/export')).status).toBe(401);
    expect((await api('/v1/me', { method: 'DELETE' })).status).toBe(401);
  });

  it('lets only ops erase someone else: tills and customers (even the one named) are refused, no token is 401', async () => {
    const id = uniqueId('cus');
    for (const token of [await posAt(uniqueId('store')), await customerToken(id), await customerToken()]) {
      expect((await eraseAsOps(id, token)).status).toBe(403);
    }
    expect((await api(`/v1/admin/customers/${id}`, { method: 'DELETE' })).status).toBe(401);
    expect(await redactions(id)).toEqual([]);
  });
});
