import { eq } from 'drizzle-orm';
import { describe, expect, inject, it } from 'vitest';
import { orders, payments, refunds, walletEntries, wallets } from '../../src/db/schema';
import { api, expectIdempotent, uniqueId, type ApiResponse } from '../helpers/api';
import { device } from '../helpers/carts';
import { ownCoupon } from '../helpers/catalog';
import { checkoutWith, handOver, openShop, runDispatcher, type Shop } from '../helpers/checkout';
import { cash, outboxFor, postSale, saleOf } from '../helpers/pos';
import { withDatabase } from '../helpers/postgres';
import { levelAt } from '../helpers/stock';
import { customerToken, opsToken, posAt } from '../helpers/tokens';

type Line = { sku: string; quantity: number; disposition?: 'restock' | 'damaged' };

function returnOf(lines: Line[], fields: Record<string, unknown> = {}) {
  return {
    returnId: uniqueId('ret'),
    lines: lines.map((line) => ({ disposition: 'restock', ...line })),
    ...fields,
  };
}

const postReturn = (token: string, orderId: string, body: unknown, fault?: string): Promise<ApiResponse> =>
  api(`/v1/orders/${orderId}/returns`, {
    method: 'POST',
    token,
    body,
    headers: fault ? { 'x-inject-fault': fault } : {},
  });

/** A till sale of `lines` at the shop's store, paid in cash; the shopper is `customerId` if given. */
async function tillSale(shop: Shop, lines: { sku: string; quantity: number }[], fields: Record<string, unknown> = {}) {
  const res = await postSale(await posAt(shop.storeId), saleOf(lines, { payments: [cash(1_000_000)], ...fields }));
  expect(res.status).toBe(201);
  return res.body;
}

/** An online pickup order, collected at the shop's store. */
async function collectedOrder(shop: Shop, payment: Record<string, unknown> = { method: 'test' }) {
  const token = await customerToken(uniqueId('cus'));
  await device(token).add(shop.skus[0] ?? '', 2);
  await device(token).fulfil('pickup', shop.storeId);
  const placed = await checkoutWith(token, { payment });
  expect(placed.status).toBe(201);
  const picked = await handOver(placed.body.id, shop.storeId);
  expect(picked.body.status).toBe('picked_up');
  return { token, order: placed.body };
}

describe('a return at any store', () => {
  it('takes back an online pickup order at another store: restocked there, refunded to the original payment', async () => {
    const shop = await openShop({ units: 10, price: 1500 });
    const sku = shop.skus[0] ?? '';
    const { token, order } = await collectedOrder(shop);
    expect((await levelAt(sku, shop.storeId)).onHand).toBe(8);

    const res = await postReturn(
      await posAt(shop.otherStoreId),
      order.id,
      returnOf([{ sku, quantity: 1 }], { reason: 'too small' }),
    );

    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      orderId: order.id,
      locationId: shop.otherStoreId,
      lines: [{ sku, quantity: 1, disposition: 'restock', refundAmount: 1500 }],
      refundTotal: 1500,
      refundMethod: 'original',
      refunds: [{ method: 'test', amount: 1500, status: 'refunded' }],
      reason: 'too small',
      forced: false,
    });
    expect((await levelAt(sku, shop.otherStoreId)).onHand).toBe(1);
    expect((await levelAt(sku, shop.storeId)).onHand).toBe(8);
    expect((await api(`/v1/orders/${order.id}`, { token })).body.status).toBe('partially_returned');
    const events = await outboxFor('order.returned', order.id);
    expect(events.map((event) => event.payload)).toEqual([
      expect.objectContaining({ returnId: res.body.returnId, locationId: shop.otherStoreId, refundTotal: 1500 }),
    ]);
    const listed = await api(`/v1/orders/${order.id}/returns`, { token });
    expect(listed.body.returns.map((r: { id: string }) => r.id)).toEqual([res.body.id]);
  });

  it('takes back a till sale at another store’s till, cash paid out there, damaged units not restocked', async () => {
    const shop = await openShop({ skus: 2, units: 10, price: 1000 });
    const [a, b] = shop.skus as [string, string];
    const sale = await tillSale(shop, [
      { sku: a, quantity: 2 },
      { sku: b, quantity: 1 },
    ]);

    const res = await postReturn(
      await posAt(shop.otherStoreId),
      sale.id,
      returnOf([
        { sku: a, quantity: 2 },
        { sku: b, quantity: 1, disposition: 'damaged' },
      ]),
    );

    expect(res.status).toBe(201);
    expect(res.body.refunds).toEqual([{ method: 'cash', amount: 3000, status: 'refunded' }]);
    expect((await levelAt(a, shop.otherStoreId)).onHand).toBe(2);
    expect((await levelAt(b, shop.otherStoreId)).onHand).toBe(0);
    expect((await api(`/v1/orders/${sale.id}`, { token: await opsToken() })).body.status).toBe('returned');
  });

  it('refunds a discounted line to the cent over a partial and a final return, with percent and amount promotions', async () => {
    const shop = await openShop({ skus: 2, units: 10, price: 999 });
    const [a, b] = shop.skus as [string, string];
    const { code: percent } = await ownCoupon({
      name: '13.33% off',
      kind: 'percent_off',
      value: 1333,
      target: { scope: 'skus', skus: [a] },
    });
    const { code: amount } = await ownCoupon({ name: '7.77 off', value: 777 });
    const sale = await tillSale(
      shop,
      [
        { sku: a, quantity: 3 },
        { sku: b, quantity: 2 },
      ],
      { coupons: [percent, amount] },
    );
    const lineA = sale.lines.find((line: { sku: string }) => line.sku === a);
    expect(sale.totals.discount).toBeGreaterThan(0);
    expect(lineA.lineTotal % 3).not.toBe(0);
    const till = await posAt(shop.otherStoreId);

    const first = await postReturn(till, sale.id, returnOf([{ sku: a, quantity: 1 }]));
    const second = await postReturn(
      till,
      sale.id,
      returnOf([
        { sku: a, quantity: 2 },
        { sku: b, quantity: 2 },
      ]),
    );

    expect([first.status, second.status]).toEqual([201, 201]);
    const refundedA = first.body.lines[0].refundAmount + second.body.lines[0].refundAmount;
    expect(refundedA).toBe(lineA.lineTotal);
    expect(first.body.refundTotal + second.body.refundTotal).toBe(sale.totals.total);
    const more = await postReturn(till, sale.id, returnOf([{ sku: b, quantity: 1 }]));
    expect(more.status).toBe(409);
  });

  it('lets exactly one of two tills return the last unit at the same moment', async () => {
    const shop = await openShop({ units: 10, price: 1000 });
    const sku = shop.skus[0] ?? '';
    const sale = await tillSale(shop, [{ sku, quantity: 1 }]);

    const [one, two] = await Promise.all([
      postReturn(await posAt(shop.storeId), sale.id, returnOf([{ sku, quantity: 1 }])),
      postReturn(await posAt(shop.otherStoreId), sale.id, returnOf([{ sku, quantity: 1 }])),
    ]);

    expect([one.status, two.status].sort()).toEqual([201, 409]);
    expect([one, two].find((res) => res.status === 409)?.body.code).toBe('return_exceeds_purchase');
    const restocked = (await levelAt(sku, shop.storeId)).onHand + (await levelAt(sku, shop.otherStoreId)).onHand;
    expect(restocked).toBe(9 + 1);
  });

  it('puts the refund on store credit when asked, for a customer’s order only', async () => {
    const shop = await openShop({ units: 5, price: 2500 });
    const sku = shop.skus[0] ?? '';
    const customerId = uniqueId('cus');
    const sale = await tillSale(shop, [{ sku, quantity: 1 }], { customerId });
    const guestSale = await tillSale(shop, [{ sku, quantity: 1 }]);
    const till = await posAt(shop.storeId);

    const res = await postReturn(till, sale.id, returnOf([{ sku, quantity: 1 }], { refundMethod: 'store_credit' }));
    expect(res.status).toBe(201);
    expect(res.body.refunds).toEqual([{ method: 'store_credit', amount: 2500, status: 'refunded' }]);
    const credit = await withDatabase((db) =>
      db.select().from(walletEntries).where(eq(walletEntries.customerId, customerId)),
    );
    // The sale's points (earned, and reversed by the return) are entries too; the store credit is the one moving money.
    const money = credit.filter((entry) => entry.amount !== 0);
    expect(money.map((entry) => [entry.amount, entry.kind])).toEqual([[2500, 'credit']]);
    const [wallet] = await withDatabase((db) => db.select().from(wallets).where(eq(wallets.customerId, customerId)));
    expect(wallet?.storeCredit).toBe(2500);

    const guest = await postReturn(
      till,
      guestSale.id,
      returnOf([{ sku, quantity: 1 }], { refundMethod: 'store_credit' }),
    );
    expect(guest.status).toBe(422);
  });
});

describe('what may not be returned', () => {
  it('refuses an order not yet with the shopper (409), a SKU not on it (422), more than was bought (409)', async () => {
    const shop = await openShop({ skus: 2, units: 5, price: 1000 });
    const [a, b] = shop.skus as [string, string];
    const token = await customerToken(uniqueId('cus'));
    await device(token).add(a, 1);
    await device(token).fulfil('pickup', shop.storeId);
    const placed = await checkoutWith(token, { payment: { method: 'test' } });
    const sale = await tillSale(shop, [{ sku: a, quantity: 1 }]);
    const till = await posAt(shop.storeId);

    const early = await postReturn(till, placed.body.id, returnOf([{ sku: a, quantity: 1 }]));
    expect(early.status).toBe(409);
    expect(early.body).toMatchObject({ status: 409, orderStatus: 'placed' });
    const notOnIt = await postReturn(till, sale.id, returnOf([{ sku: b, quantity: 1 }]));
    expect(notOnIt.status).toBe(422);
    expect(notOnIt.body.notOnOrder).toEqual([b]);
    const tooMany = await postReturn(till, sale.id, returnOf([{ sku: a, quantity: 2 }]));
    expect(tooMany.status).toBe(409);
    expect(tooMany.body).toMatchObject({
      code: 'return_exceeds_purchase',
      lines: [{ sku: a, requested: 2, returnable: 1 }],
    });
    const zero = await postReturn(till, sale.id, returnOf([{ sku: a, quantity: 0 }]));
    expect(zero.status).toBe(400);
    // 5 counted in, one sold at the till, one committed to the pickup order; nothing came back.
    expect((await levelAt(a, shop.storeId)).onHand).toBe(3);
  });

  it('closes after the return window; ops may force it, a till may not', async () => {
    const shop = await openShop({ units: 5, price: 1000 });
    const sku = shop.skus[0] ?? '';
    const sale = await tillSale(shop, [{ sku, quantity: 1 }]);
    await withDatabase((db) =>
      db
        .update(orders)
        .set({ fulfilledAt: new Date(Date.now() - 31 * 24 * 60 * 60 * 1000) })
        .where(eq(orders.id, sale.id)),
    );
    const till = await posAt(shop.storeId);

    const late = await postReturn(till, sale.id, returnOf([{ sku, quantity: 1 }]));
    expect(late.status).toBe(422);
    expect(late.body.code).toBe('return_window_expired');
    expect((await postReturn(till, sale.id, returnOf([{ sku, quantity: 1 }], { force: true }))).status).toBe(403);
    const ops = await opsToken();
    const unnamed = await postReturn(ops, sale.id, returnOf([{ sku, quantity: 1 }], { force: true }));
    expect(unnamed.status).toBe(422);
    const forced = await postReturn(
      ops,
      sale.id,
      returnOf([{ sku, quantity: 1 }], { force: true, locationId: shop.storeId }),
    );
    expect(forced.status).toBe(201);
    expect(forced.body.forced).toBe(true);
  });

  it('is for tills and ops: a customer gets 403; the list is for who may see the order', async () => {
    const shop = await openShop({ units: 5, price: 1000 });
    const sku = shop.skus[0] ?? '';
    const customerId = uniqueId('cus');
    const sale = await tillSale(shop, [{ sku, quantity: 1 }], { customerId });
    const shopper = await customerToken(customerId);

    expect((await postReturn(shopper, sale.id, returnOf([{ sku, quantity: 1 }]))).status).toBe(403);
    const taken = await postReturn(await posAt(shop.otherStoreId), sale.id, returnOf([{ sku, quantity: 1 }]));
    expect(taken.status).toBe(201);

    const list = (token: string) => api(`/v1/orders/${sale.id}/returns`, { token });
    expect((await list(shopper)).body.returns).toHaveLength(1);
    expect((await list(await posAt(shop.otherStoreId))).status).toBe(200);
    expect((await list(await posAt(shop.storeId))).status).toBe(200);
    expect((await list(await posAt(uniqueId('store')))).status).toBe(404);
    expect((await list(await customerToken(uniqueId('cus')))).status).toBe(404);
  });
});

describe('a return happens once', () => {
  it('answers a repeat with the same return, and another body under its id with 422', async () => {
    const shop = await openShop({ units: 5, price: 1000 });
    const sku = shop.skus[0] ?? '';
    const sale = await tillSale(shop, [{ sku, quantity: 2 }]);
    const till = await posAt(shop.storeId);
    const body = returnOf([{ sku, quantity: 1 }]);

    const first = await postReturn(till, sale.id, body);
    const repeat = await postReturn(till, sale.id, body);
    const changed = await postReturn(till, sale.id, { ...body, lines: [{ sku, quantity: 2, disposition: 'restock' }] });

    expect(first.status).toBe(201);
    expectIdempotent(first, repeat, changed);
    expect((await levelAt(sku, shop.storeId)).onHand).toBe(4);
  });

  it('never loses the restock when the Worker dies after the return’s transaction', async () => {
    const shop = await openShop({ units: 5, price: 1000 });
    const sku = shop.skus[0] ?? '';
    const sale = await tillSale(shop, [{ sku, quantity: 2 }]);
    const till = await posAt(shop.storeId);

    const crashed = await postReturn(till, sale.id, returnOf([{ sku, quantity: 2 }]), 'after-return-write');
    expect(crashed.status).toBe(500);
    expect((await levelAt(sku, shop.storeId)).onHand).toBe(3);
    await runDispatcher();
    await runDispatcher();
    expect((await levelAt(sku, shop.storeId)).onHand).toBe(5);
  });
});

describe('a card refund', () => {
  it('stays pending while the gateway fails, and is paid once when the outbox retries', async () => {
    const shop = await openShop({ units: 5, price: 1200 });
    const sku = shop.skus[0] ?? '';
    const { order } = await collectedOrder(shop, { method: 'card', token: 'pm_card_visa' });
    const [payment] = await withDatabase((db) => db.select().from(payments).where(eq(payments.orderId, order.id)));
    const intent = payment?.providerReference ?? '';
    const gateway = inject('cardGatewayUrl');
    const auth = { authorization: `Bearer ${inject('cardGatewaySecret')}` };
    await fetch(`${gateway}/__stub/outage/refund/${intent}`, { method: 'POST', headers: auth });

    const res = await postReturn(await posAt(shop.storeId), order.id, returnOf([{ sku, quantity: 1 }]));

    expect(res.status).toBe(201);
    expect(res.body.refunds).toEqual([{ method: 'card', amount: 1200, status: 'pending' }]);
    // The outbox retries after its backoff; a dispatcher run once the task is due pays it.
    await withDatabase((db) => db.execute(`update outbox set available_at = now() where id like '${res.body.id}:%'`));
    await runDispatcher();
    const [listed] = (await api(`/v1/orders/${order.id}/returns`, { token: await opsToken() })).body.returns;
    expect(listed.refunds).toEqual([
      { method: 'card', amount: 1200, status: 'refunded', reference: expect.any(String) },
    ]);
    const refunds = (await (
      await fetch(`${gateway}/v1/refunds?payment_intent=${intent}`, { headers: auth })
    ).json()) as {
      data: { amount: number }[];
    };
    expect(refunds.data.map((refund: { amount: number }) => refund.amount)).toEqual([1200]);
  });
});

describe('a refund over many tenders', () => {
  it('goes back to the newest first, even with ten of them', async () => {
    const shop = await openShop({ units: 20, price: 100 });
    const sku = shop.skus[0] ?? '';
    const tenders = Array.from({ length: 10 }, (_, i) => ({ tender: 'card', amount: 100, reference: `R${i + 1}` }));
    const sale = await postSale(await posAt(shop.storeId), saleOf([{ sku, quantity: 10 }], { payments: tenders }));
    expect(sale.status).toBe(201);

    const res = await postReturn(await posAt(shop.storeId), sale.body.id, returnOf([{ sku, quantity: 3 }]));

    expect(res.status).toBe(201);
    const paid = await withDatabase((db) =>
      db
        .select({ id: refunds.paymentId, amount: refunds.amount })
        .from(refunds)
        .where(eq(refunds.orderId, sale.body.id))
        .orderBy(refunds.id),
    );
    const suffix = (id: string | null) => id?.slice(-3);
    expect(paid.map((refund) => [suffix(refund.id), refund.amount])).toEqual([
      ['_10', 100],
      ['_09', 100],
      ['_08', 100],
    ]);
  });
});
