import { describe, expect, it } from 'vitest';
import { api, expectIdempotent, uniqueId } from '../helpers/api';
import { ownCoupon, putPriceBooks, putPrices, putProducts } from '../helpers/catalog';
import { openShop, runDispatcher } from '../helpers/checkout';
import { drainLedger, levelAt, sqlRows, stockOf } from '../helpers/stock';
import { customerToken, opsToken, posAt } from '../helpers/tokens';
import { card, cash, ordersOfSale, outboxFor, postSale, saleOf, syncSales } from '../helpers/pos';
import { tokenOf } from '../contract/operations';

const DAY_MS = 24 * 60 * 60 * 1000;
const daysAgo = (days: number) => new Date(Date.now() - days * DAY_MS).toISOString();
const saleMovements = (sku: string) =>
  sqlRows<{ n: number }>(stockOf(sku), "SELECT count(*) AS n FROM movements WHERE kind = 'sale'").then(
    ([row]) => row?.n,
  );

describe('a sale at the till, online', () => {
  it('is a completed pos order at the till’s store, stock taken off its shelf, change and receipt recorded', async () => {
    const shop = await openShop({ skus: 2, units: 10, price: 1250 });
    const [a, b] = shop.skus as [string, string];
    const till = await posAt(shop.storeId);
    const sale = saleOf(
      [
        { sku: a, quantity: 2 },
        { sku: b, quantity: 1 },
      ],
      { payments: [card(2000, 'APPROVAL-77'), cash(2000)] },
    );

    const res = await postSale(till, sale);

    expect(res.status).toBe(201);
    expect(res.headers.get('idempotent-replayed')).toBeNull();
    expect(res.body).toMatchObject({
      channel: 'pos',
      status: 'completed',
      fulfillment: { type: 'in_store', locationId: shop.storeId },
      lines: [
        { sku: a, quantity: 2, unitAmount: 1250, discount: 0, lineTotal: 2500 },
        { sku: b, quantity: 1, unitAmount: 1250, discount: 0, lineTotal: 1250 },
      ],
      totals: { subtotal: 3750, discount: 0, total: 3750 },
      payments: [
        { tender: 'card', amount: 2000, status: 'captured', reference: 'APPROVAL-77' },
        { tender: 'cash', amount: 2000, status: 'captured' },
      ],
      flags: [],
      sale: { saleId: sale.saleId, changeDue: 250 },
    });
    const today = new Date().toISOString().slice(0, 10).replaceAll('-', '');
    expect(res.body.receipt).toEqual({
      number: expect.stringMatching(new RegExp(`^${today}-\\d{4}$`)),
      locationId: shop.storeId,
    });
    expect((await levelAt(a, shop.storeId)).onHand).toBe(8);
    expect((await levelAt(b, shop.storeId)).onHand).toBe(9);
    expect((await levelAt(a, shop.otherStoreId)).onHand).toBe(0);
  });

  it('gives each sale at a store that day the next receipt number', async () => {
    const shop = await openShop({ units: 10, price: 100 });
    const till = await posAt(shop.storeId);
    const sell = () => postSale(till, saleOf([{ sku: shop.skus[0] ?? '', quantity: 1 }], { payments: [cash(100)] }));
    const numbers = (await Promise.all([sell(), sell(), sell()])).map((res) => res.body.receipt.number as string);
    expect(new Set(numbers).size).toBe(3);
    expect(numbers.map((n) => Number(n.slice(-4))).sort()).toEqual([1, 2, 3]);
  });

  it('is priced exactly as a price quote for channel pos: pos books, tiers and coupons', async () => {
    const shop = await openShop({ skus: 2, units: 20, price: 1000 });
    const [a, b] = shop.skus as [string, string];
    const posBook = uniqueId('book');
    await putPriceBooks([{ id: posBook, currency: 'USD', channel: 'pos', priority: 10 }]);
    await putPrices([
      { priceBookId: posBook, sku: a, unitAmount: 950 },
      { priceBookId: posBook, sku: b, unitAmount: 700 },
      { priceBookId: posBook, sku: b, unitAmount: 600, minQuantity: 3 },
    ]);
    const { code } = await ownCoupon({
      name: 'Till ten percent',
      kind: 'percent_off',
      value: 1000,
      target: { scope: 'skus', skus: [a, b] },
      conditions: { channels: ['pos'] },
    });
    const till = await posAt(shop.storeId);
    const lines = [
      { sku: a, quantity: 1 },
      { sku: b, quantity: 3 },
    ];
    const quote = await api('/v1/price-quotes', { method: 'POST', token: till, body: { lines, coupons: [code] } });
    expect(quote.status).toBe(200);
    expect(quote.body.totals.discount).toBeGreaterThan(0);

    const res = await postSale(till, saleOf(lines, { coupons: [code], payments: [card(quote.body.totals.total)] }));

    expect(res.status).toBe(201);
    expect(res.body.totals).toEqual(quote.body.totals);
    expect(res.body.lines).toEqual(
      quote.body.lines.map((line: Record<string, number>) => ({
        sku: line.sku,
        quantity: line.quantity,
        unitAmount: line.unitAmount,
        discount: line.discount,
        lineTotal: line.lineTotal,
      })),
    );
    expect(res.body.lines[1].unitAmount).toBe(600);
  });

  it('charges a manual price as typed, flagged price_override with its reason; no reason is a 400', async () => {
    const shop = await openShop({ units: 5, price: 2000 });
    const sku = shop.skus[0] ?? '';
    const till = await posAt(shop.storeId);

    const missing = await postSale(till, saleOf([{ sku, quantity: 1, unitAmount: 1500 }], { payments: [cash(1500)] }));
    expect(missing.status).toBe(400);
    expect(missing.body.errors).toContainEqual(expect.objectContaining({ path: 'json.lines.0.overrideReason' }));

    const res = await postSale(
      till,
      saleOf([{ sku, quantity: 2, unitAmount: 1500, overrideReason: 'damaged box' }], { payments: [cash(3000)] }),
    );
    expect(res.status).toBe(201);
    expect(res.body.flags).toEqual(['price_override']);
    expect(res.body.lines[0]).toMatchObject({
      unitAmount: 1500,
      lineTotal: 3000,
      overrideReason: 'damaged box',
      flags: ['price_override'],
    });
  });

  it('refuses payments that do not add up (422 payment_mismatch with expectedTotal), moving nothing', async () => {
    const shop = await openShop({ units: 5, price: 1000 });
    const sku = shop.skus[0] ?? '';
    const till = await posAt(shop.storeId);
    const saleId = uniqueId('sale');

    const short = await postSale(till, saleOf([{ sku, quantity: 2 }], { saleId, payments: [card(1500)] }));
    expect(short.status).toBe(422);
    expect(short.body).toMatchObject({ code: 'payment_mismatch', expectedTotal: 2000, tendered: 1500 });
    const cardOver = await postSale(till, saleOf([{ sku, quantity: 2 }], { saleId, payments: [card(2500)] }));
    expect(cardOver.status).toBe(422);
    expect(cardOver.body.code).toBe('payment_mismatch');
    expect((await levelAt(sku, shop.storeId)).onHand).toBe(5);
    expect(await ordersOfSale(shop.storeId, saleId)).toEqual([]);

    // Nothing was recorded, so the corrected sale may use the same saleId.
    const fixed = await postSale(till, saleOf([{ sku, quantity: 2 }], { saleId, payments: [card(2000)] }));
    expect(fixed.status).toBe(201);
    expect((await levelAt(sku, shop.storeId)).onHand).toBe(3);
  });

  it('takes loyalty or store credit only for a customer (422 without), and offline never (422 tender_needs_online)', async () => {
    const shop = await openShop({ units: 5, price: 1000 });
    const sku = shop.skus[0] ?? '';
    const till = await posAt(shop.storeId);

    // Online the wallet tenders pay from the sale's customer's wallet (test/loyalty/spending.test.ts): none, no wallet.
    const online = await postSale(
      till,
      saleOf([{ sku, quantity: 1 }], { payments: [{ tender: 'loyalty', amount: 1000 }] }),
    );
    expect(online.status).toBe(422);
    expect(online.body).toMatchObject({ code: 'unprocessable', tender: 'loyalty' });
    const offline = await postSale(
      till,
      saleOf([{ sku, quantity: 1, unitAmount: 1000 }], {
        offline: true,
        payments: [{ tender: 'store_credit', amount: 1000 }],
      }),
    );
    expect(offline.status).toBe(422);
    expect(offline.body).toMatchObject({ code: 'tender_needs_online', tender: 'store_credit' });
    expect((await levelAt(sku, shop.storeId)).onHand).toBe(5);
  });

  it('refuses a SKU that is not sold online (422), and one that never existed either way', async () => {
    const shop = await openShop({ skus: 2, units: 5, price: 1000 });
    const [kept, retired] = shop.skus as [string, string];
    await putProducts([{ sku: retired, title: 'Retired', active: false }]);
    const till = await posAt(shop.storeId);

    const inactive = await postSale(till, saleOf([{ sku: retired, quantity: 1 }], { payments: [cash(1000)] }));
    expect(inactive.status).toBe(422);
    expect(inactive.body.inactive).toEqual([retired]);
    for (const offline of [false, true]) {
      const ghost = uniqueId('GHOST');
      const res = await postSale(
        till,
        saleOf(
          [
            { sku: kept, quantity: 1, ...(offline && { unitAmount: 1000 }) },
            { sku: ghost, quantity: 1, ...(offline && { unitAmount: 1000 }) },
          ],
          { offline, payments: [cash(2000)] },
        ),
      );
      expect(res.status).toBe(422);
      expect(res.body.unknown).toEqual([ghost]);
    }
  });

  it('validates every field, naming it', async () => {
    const shop = await openShop({ units: 5, price: 1000 });
    const sku = shop.skus[0] ?? '';
    const till = await posAt(shop.storeId);
    const bad = [
      [{ lines: [{ sku, quantity: 0 }] }, 'json.lines.0.quantity'],
      [{ lines: [{ sku, quantity: 1000 }] }, 'json.lines.0.quantity'],
      [{ lines: [] }, 'json.lines'],
      [{ lines: Array.from({ length: 201 }, (_, i) => ({ sku: `${sku}-${i}`, quantity: 1 })) }, 'json.lines'],
      [
        {
          lines: [
            { sku, quantity: 1 },
            { sku, quantity: 1 },
          ],
        },
        'json.lines.1',
      ],
      [{ payments: [{ tender: 'cash', amount: -1 }] }, 'json.payments.0.amount'],
      [{ payments: [{ tender: 'cash', amount: 1.5 }] }, 'json.payments.0.amount'],
      [{ payments: [{ tender: 'cheque', amount: 1000 }] }, 'json.payments.0.tender'],
      [{ occurredAt: 'yesterday' }, 'json.occurredAt'],
      [{ saleId: 'has spaces' }, 'json.saleId'],
      [{ offline: true }, 'json.lines.0.unitAmount'],
    ] as const;
    for (const [fields, path] of bad) {
      const res = await postSale(till, saleOf([{ sku, quantity: 1 }], { payments: [cash(1000)], ...fields }));
      expect(res.status, path).toBe(400);
      expect(res.body.code).toBe('validation_failed');
      expect(res.body.errors.map((e: { path: string }) => e.path)).toContain(path);
    }
  });

  it('is in the customer’s order history on every channel', async () => {
    const shop = await openShop({ units: 5, price: 1000 });
    const customerId = uniqueId('cus');
    const till = await posAt(shop.storeId);
    const res = await postSale(
      till,
      saleOf([{ sku: shop.skus[0] ?? '', quantity: 1 }], { customerId, payments: [cash(1000)] }),
    );
    expect(res.status).toBe(201);

    const history = await api('/v1/orders', { token: await customerToken(customerId) });
    expect(history.body.orders.map((order: { id: string; channel: string }) => [order.id, order.channel])).toEqual([
      [res.body.id, 'pos'],
    ]);
    const other = await api(`/v1/orders/${res.body.id}`, { token: await customerToken(uniqueId('cus')) });
    expect(other.status).toBe(404);
  });
});

describe('a sale rung up offline', () => {
  it('is recorded as charged, flagged offline, and price_mismatch beside the engine’s price where it differs', async () => {
    const shop = await openShop({ skus: 2, units: 5, price: 1000 });
    const [a, b] = shop.skus as [string, string];
    const till = await posAt(shop.storeId);
    const occurredAt = daysAgo(6);

    const res = await postSale(
      till,
      saleOf(
        [
          { sku: a, quantity: 2, unitAmount: 900 },
          { sku: b, quantity: 1, unitAmount: 1000 },
        ],
        { offline: true, occurredAt, catalogVersion: 'pack-v1', payments: [cash(3000)] },
      ),
    );

    expect(res.status).toBe(201);
    expect(res.body.flags).toEqual(['offline', 'price_mismatch']);
    expect(res.body.lines).toEqual([
      {
        sku: a,
        quantity: 2,
        unitAmount: 900,
        discount: 0,
        lineTotal: 1800,
        flags: ['price_mismatch'],
        engine: { unitAmount: 1000, lineTotal: 2000 },
      },
      {
        sku: b,
        quantity: 1,
        unitAmount: 1000,
        discount: 0,
        lineTotal: 1000,
        engine: { unitAmount: 1000, lineTotal: 1000 },
      },
    ]);
    expect(res.body.totals).toEqual({ subtotal: 2800, discount: 0, total: 2800 });
    expect(res.body.sale).toMatchObject({ occurredAt, changeDue: 200, catalogVersion: 'pack-v1' });
    expect(res.body.receipt.number.startsWith(occurredAt.slice(0, 10).replaceAll('-', ''))).toBe(true);
    expect((await levelAt(a, shop.storeId)).onHand).toBe(3);
  });

  it('accepts a SKU retired since the till cached it, flagged unknown_sku', async () => {
    const shop = await openShop({ units: 5, price: 1000 });
    const sku = shop.skus[0] ?? '';
    await putProducts([{ sku, title: 'Retired', active: false }]);
    const till = await posAt(shop.storeId);
    const res = await postSale(
      till,
      saleOf([{ sku, quantity: 1, unitAmount: 1000 }], { offline: true, payments: [cash(1000)] }),
    );
    expect(res.status).toBe(201);
    expect(res.body.flags).toEqual(['offline', 'unknown_sku']);
    expect(res.body.lines[0].flags).toEqual(['unknown_sku']);
  });

  it('may be up to 7 days old; older is 422, as is a sale from the future', async () => {
    const shop = await openShop({ units: 5, price: 1000 });
    const sku = shop.skus[0] ?? '';
    const till = await posAt(shop.storeId);
    const at = (occurredAt: string) =>
      postSale(
        till,
        saleOf([{ sku, quantity: 1, unitAmount: 1000 }], { offline: true, occurredAt, payments: [cash(1000)] }),
      );

    expect((await at(daysAgo(7.01))).status).toBe(422);
    expect((await at(daysAgo(-0.1))).status).toBe(422);
    expect((await at(daysAgo(6.9))).status).toBe(201);
    expect((await levelAt(sku, shop.storeId)).onHand).toBe(4);
  });
});

describe('stock at the till', () => {
  it('is never refused: a sale beyond what is there is recorded, flagged oversold, with an inventory.oversold event', async () => {
    const shop = await openShop({ units: 2, price: 500 });
    const sku = shop.skus[0] ?? '';
    const till = await posAt(shop.storeId);

    const res = await postSale(till, saleOf([{ sku, quantity: 5 }], { payments: [cash(2500)] }));

    expect(res.status).toBe(201);
    expect(res.body.flags).toEqual(['oversold']);
    expect(res.body.lines[0].flags).toEqual(['oversold']);
    expect(await levelAt(sku, shop.storeId)).toMatchObject({ onHand: -3, available: 0 });
    const again = await api(`/v1/orders/${res.body.id}`, { token: await opsToken() });
    expect(again.body.flags).toEqual(['oversold']);

    await drainLedger(stockOf(sku));
    const events = await outboxFor('inventory.oversold', res.body.id);
    expect(events.map((event) => event.payload)).toEqual([
      expect.objectContaining({
        sku,
        locationId: shop.storeId,
        shortfall: 3,
        quantity: 5,
        onHand: -3,
        orderId: res.body.id,
      }),
    ]);
  });

  it('moves at the till’s own store only: the same saleId at another store is another sale', async () => {
    const shop = await openShop({ units: 5, price: 500 });
    const sku = shop.skus[0] ?? '';
    const sale = saleOf([{ sku, quantity: 1 }], { payments: [cash(500)] });

    const here = await postSale(await posAt(shop.storeId), sale);
    const there = await postSale(await posAt(shop.otherStoreId), sale);

    expect([here.status, there.status]).toEqual([201, 201]);
    expect(there.headers.get('idempotent-replayed')).toBeNull();
    expect(there.body.id).not.toBe(here.body.id);
    expect((await levelAt(sku, shop.storeId)).onHand).toBe(4);
    expect((await levelAt(sku, shop.otherStoreId)).onHand).toBe(-1);
  });
});

describe('a sale is recorded once', () => {
  it('answers a repeat with the same order (Idempotent-Replayed), and a different body with 422', async () => {
    const shop = await openShop({ units: 5, price: 500 });
    const sku = shop.skus[0] ?? '';
    const till = await posAt(shop.storeId);
    const sale = saleOf([{ sku, quantity: 1 }], { payments: [cash(500)] });

    const first = await postSale(till, sale);
    const repeat = await postSale(till, sale);
    const changed = await postSale(till, { ...sale, lines: [{ sku, quantity: 2 }], payments: [cash(1000)] });

    expect(first.status).toBe(201);
    expectIdempotent(first, repeat, changed);
    expect((await levelAt(sku, shop.storeId)).onHand).toBe(4);
  });

  it('makes one order and one movement of 50 concurrent copies', async () => {
    const shop = await openShop({ skus: 2, units: 100, price: 500 });
    const [a, b] = shop.skus as [string, string];
    const till = await posAt(shop.storeId);
    const sale = saleOf(
      [
        { sku: a, quantity: 3 },
        { sku: b, quantity: 1 },
      ],
      { payments: [cash(2000)] },
    );

    const responses = await Promise.all(Array.from({ length: 50 }, () => postSale(till, sale)));

    expect(responses.map((res) => res.status)).toEqual(Array(50).fill(201));
    expect(new Set(responses.map((res) => res.body.id)).size).toBe(1);
    expect(responses.filter((res) => res.headers.get('idempotent-replayed') === null)).toHaveLength(1);
    expect(await ordersOfSale(shop.storeId, sale.saleId as string)).toHaveLength(1);
    expect((await levelAt(a, shop.storeId)).onHand).toBe(97);
    expect((await levelAt(b, shop.storeId)).onHand).toBe(99);
    expect([await saleMovements(a), await saleMovements(b)]).toEqual([1, 1]);
  });

  it('finishes exactly once when the Worker dies between the order and its stock movement', async () => {
    const shop = await openShop({ units: 10, price: 500 });
    const sku = shop.skus[0] ?? '';
    const till = await posAt(shop.storeId);
    const sale = saleOf([{ sku, quantity: 4 }], { payments: [cash(2000)] });

    const crashed = await postSale(till, sale, { fault: 'after-sale-write' });
    expect(crashed.status).toBe(500);
    expect((await levelAt(sku, shop.storeId)).onHand).toBe(10);

    const retried = await postSale(till, sale);
    expect(retried.status).toBe(201);
    expect(retried.headers.get('idempotent-replayed')).toBe('true');
    expect((await levelAt(sku, shop.storeId)).onHand).toBe(6);

    await runDispatcher();
    expect(await postSale(till, sale)).toMatchObject({ status: 201, body: { id: retried.body.id } });
    expect((await levelAt(sku, shop.storeId)).onHand).toBe(6);
    expect(await saleMovements(sku)).toBe(1);
    expect(await outboxFor('order.placed', retried.body.id)).toHaveLength(1);
  });

  it('moves the stock of a crashed sale from the outbox even if the till never retries', async () => {
    const shop = await openShop({ units: 10, price: 500 });
    const sku = shop.skus[0] ?? '';
    const crashed = await postSale(
      await posAt(shop.storeId),
      saleOf([{ sku, quantity: 2 }], { payments: [cash(1000)] }),
      {
        fault: 'after-sale-write',
      },
    );
    expect(crashed.status).toBe(500);
    await runDispatcher();
    expect((await levelAt(sku, shop.storeId)).onHand).toBe(8);
  });
});

describe('a till uploading its offline queue', () => {
  it('records each sale in order, one result each; a duplicate and a bad sale do not stop the rest', async () => {
    const shop = await openShop({ units: 10, price: 500 });
    const sku = shop.skus[0] ?? '';
    const till = await posAt(shop.storeId);
    const offline = (quantity: number, fields: Record<string, unknown> = {}) =>
      saleOf([{ sku, quantity, unitAmount: 500 }], { offline: true, payments: [cash(500 * quantity)], ...fields });
    const first = offline(1);
    const mismatched = offline(1, { payments: [cash(100)] });
    const last = offline(2);

    const res = await syncSales(till, [first, first, { saleId: 'broken', lines: [] }, mismatched, last]);

    expect(res.status).toBe(200);
    const results = res.body.results as {
      saleId: string;
      status: string;
      orderId?: string;
      problem?: { code: string };
    }[];
    expect(results.map((r) => [r.saleId, r.status, r.problem?.code])).toEqual([
      [first.saleId, 'created', undefined],
      [first.saleId, 'replayed', undefined],
      ['broken', 'rejected', 'validation_failed'],
      [mismatched.saleId, 'rejected', 'payment_mismatch'],
      [last.saleId, 'created', undefined],
    ]);
    expect(results[1]?.orderId).toBe(results[0]?.orderId);
    expect((await levelAt(sku, shop.storeId)).onHand).toBe(7);
    const order = await api(`/v1/orders/${results[4]?.orderId}`, { token: till });
    expect(order.body).toMatchObject({ channel: 'pos', flags: ['offline'], sale: { saleId: last.saleId } });
  });

  it('takes at most 200 sales per upload', async () => {
    const shop = await openShop({ units: 1, price: 500 });
    const res = await syncSales(
      await posAt(shop.storeId),
      Array.from({ length: 201 }, () => ({})),
    );
    expect(res.status).toBe(400);
    expect(res.body.errors[0].path).toBe('json.sales');
  });
});

describe('voiding a sale', () => {
  it('is for a till at its store, the same day: stock back on the shelf, tenders voided', async () => {
    const shop = await openShop({ units: 5, price: 500 });
    const sku = shop.skus[0] ?? '';
    const customerId = uniqueId('cus');
    const till = await posAt(shop.storeId);
    const sale = await postSale(till, saleOf([{ sku, quantity: 2 }], { customerId, payments: [cash(1000)] }));
    const id = sale.body.id as string;

    const byCustomer = await api(`/v1/orders/${id}/cancel`, { method: 'POST', token: await customerToken(customerId) });
    expect(byCustomer.status).toBe(403);
    const elsewhere = await api(`/v1/orders/${id}/cancel`, { method: 'POST', token: await posAt(shop.otherStoreId) });
    expect(elsewhere.status).toBe(404);

    const voided = await api(`/v1/orders/${id}/cancel`, { method: 'POST', token: till });
    expect(voided.status).toBe(200);
    expect(voided.body).toMatchObject({ status: 'cancelled', payments: [{ tender: 'cash', status: 'voided' }] });
    expect((await levelAt(sku, shop.storeId)).onHand).toBe(5);
    await runDispatcher();
    expect((await levelAt(sku, shop.storeId)).onHand).toBe(5);
  });

  it('is refused after the day of the sale: that is a return', async () => {
    const shop = await openShop({ units: 5, price: 500 });
    const sku = shop.skus[0] ?? '';
    const till = await posAt(shop.storeId);
    const sale = await postSale(
      till,
      saleOf([{ sku, quantity: 1, unitAmount: 500 }], { offline: true, occurredAt: daysAgo(2), payments: [cash(500)] }),
    );
    const res = await api(`/v1/orders/${sale.body.id}/cancel`, { method: 'POST', token: till });
    expect(res.status).toBe(409);
    expect((await levelAt(sku, shop.storeId)).onHand).toBe(4);
  });
});

describe('who may sell', () => {
  it('is a till only: customers, guests and ops get 403 and sell nothing; no token is 401', async () => {
    const shop = await openShop({ units: 5, price: 500 });
    const sku = shop.skus[0] ?? '';
    const sale = saleOf([{ sku, quantity: 1 }], { payments: [cash(500)] });
    for (const role of ['customer', 'guest', 'ops'] as const) {
      const token = await tokenOf(role);
      expect((await postSale(token, sale)).status, role).toBe(403);
      expect((await syncSales(token, [sale])).status, role).toBe(403);
    }
    expect((await api('/v1/pos/sales', { method: 'POST', body: sale })).status).toBe(401);
    expect((await levelAt(sku, shop.storeId)).onHand).toBe(5);
    expect(await ordersOfSale(shop.storeId, sale.saleId as string)).toEqual([]);
  });
});
