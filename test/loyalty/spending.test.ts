import { env } from 'cloudflare:workers';
import { eq, inArray } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { checkout } from '../../src/checkout/saga';
import { loadConfig } from '../../src/config';
import { connectDatabase } from '../../src/db/client';
import { orders, payments } from '../../src/db/schema';
import { api, uniqueId } from '../helpers/api';
import { device } from '../helpers/carts';
import { checkoutWith, openShop, TEST_PAYMENT, type Shop } from '../helpers/checkout';
import { seedWallet, setTestProgram, walletOf } from '../helpers/loyalty';
import { cash, postSale, saleOf } from '../helpers/pos';
import { withDatabase } from '../helpers/postgres';
import { levelAt } from '../helpers/stock';
import { customerToken, opsToken, posAt } from '../helpers/tokens';

/** `customerId`'s cart: `quantity` of the shop's first SKU, for pickup at its store. */
async function pickupCart(shop: Shop, customerId: string, quantity = 1) {
  const token = await customerToken(customerId);
  await device(token).add(shop.skus[0] ?? '', quantity);
  await device(token).fulfil('pickup', shop.storeId);
  return token;
}

/** The customer's orders and every payment row they have, straight from Postgres. */
const ordersAndPayments = (customerId: string) =>
  withDatabase(async (db) => {
    const placed = await db.select({ id: orders.id }).from(orders).where(eq(orders.customerId, customerId));
    const ids = placed.map((order) => order.id);
    const paid = ids.length === 0 ? [] : await db.select().from(payments).where(inArray(payments.orderId, ids));
    return { orders: placed, payments: paid };
  });

const postReturn = (token: string, orderId: string, lines: { sku: string; quantity: number }[]) =>
  api(`/v1/orders/${orderId}/returns`, {
    method: 'POST',
    token,
    body: { returnId: uniqueId('ret'), lines: lines.map((line) => ({ ...line, disposition: 'restock' })) },
  });

describe('spending points and store credit at checkout', () => {
  it('pays part of the order with points and store credit; the card pays the rest, and earns on it', async () => {
    await setTestProgram();
    const shop = await openShop({ units: 5, price: 1500 });
    const customerId = uniqueId('cus');
    await seedWallet(customerId, { points: 400, storeCredit: 300 });
    const token = await pickupCart(shop, customerId, 2);

    const placed = await checkoutWith(token, { payment: TEST_PAYMENT, loyaltyPoints: 400, storeCredit: 300 });

    expect(placed.status).toBe(201);
    expect(placed.body.totals).toMatchObject({ total: 3000 });
    expect(placed.body.payments).toEqual([
      expect.objectContaining({ tender: 'test', amount: 2300 }),
      expect.objectContaining({ tender: 'loyalty', amount: 400, status: 'captured' }),
      expect.objectContaining({ tender: 'store_credit', amount: 300, status: 'captured' }),
    ]);
    const wallet = await walletOf(customerId);
    // 400 - 400 redeemed + 23 earned on the 2300 the card paid; the store credit spent.
    expect(wallet).toMatchObject({ points: 23, storeCredit: 0, sum: { points: 23, amount: 0 } });
    const checkoutId = `chk_${placed.body.id.slice(4)}`;
    expect(wallet.entries.filter((entry) => entry.orderId === placed.body.id).map((entry) => entry.id)).toEqual(
      expect.arrayContaining([`${checkoutId}:redeem`, `${checkoutId}:debit`, `${placed.body.id}:earn`]),
    );
  });

  it('refuses more than the order costs (422) or than the wallet holds (409), holding nothing', async () => {
    await setTestProgram();
    const shop = await openShop({ units: 5, price: 1500 });
    const sku = shop.skus[0] ?? '';
    const customerId = uniqueId('cus');
    await seedWallet(customerId, { points: 2000, storeCredit: 100 });
    const token = await pickupCart(shop, customerId);

    const over = await checkoutWith(token, { payment: TEST_PAYMENT, loyaltyPoints: 1600 });
    expect(over.status).toBe(422);
    const short = await checkoutWith(token, { payment: TEST_PAYMENT, storeCredit: 101 });
    expect(short.status).toBe(409);
    expect(short.body).toMatchObject({ code: 'insufficient_store_credit', title: 'Not enough store credit' });
    expect(await levelAt(sku, shop.storeId)).toMatchObject({ onHand: 5, available: 5 });
    expect(await walletOf(customerId)).toMatchObject({ points: 2000, storeCredit: 100 });

    // Paid in full with points, no card at all; a repeat of the key debits nothing twice.
    const key = uniqueId('key');
    const paid = await checkoutWith(token, { payment: TEST_PAYMENT, loyaltyPoints: 1500 }, { key });
    const repeat = await checkoutWith(token, { payment: TEST_PAYMENT, loyaltyPoints: 1500 }, { key });
    expect(paid.status).toBe(201);
    expect(repeat.body.id).toBe(paid.body.id);
    expect(paid.body.payments).toEqual([expect.objectContaining({ tender: 'loyalty', amount: 1500 })]);
    expect(await walletOf(customerId)).toMatchObject({ points: 500, storeCredit: 100 });
  });

  it('gives back what a cancelled order redeemed, and takes back what it earned', async () => {
    await setTestProgram();
    const shop = await openShop({ units: 5, price: 1500 });
    const customerId = uniqueId('cus');
    await seedWallet(customerId, { points: 500, storeCredit: 200 });
    const token = await pickupCart(shop, customerId);
    const placed = await checkoutWith(token, { payment: TEST_PAYMENT, loyaltyPoints: 500, storeCredit: 200 });
    expect(placed.status).toBe(201);
    const placedWallet = await walletOf(customerId);
    expect(placedWallet).toMatchObject({ points: 8, storeCredit: 0 });

    const cancelled = await api(`/v1/orders/${placed.body.id}/cancel`, { method: 'POST', token });

    expect(cancelled.body.status).toBe('cancelled');
    expect(cancelled.body.payments).toEqual([
      expect.objectContaining({ tender: 'test', amount: 800 }),
      expect.objectContaining({ tender: 'loyalty', amount: 500, status: 'voided' }),
      expect.objectContaining({ tender: 'store_credit', amount: 200, status: 'voided' }),
    ]);
    const wallet = await walletOf(customerId);
    expect(wallet).toMatchObject({ points: 500, storeCredit: 200, sum: { points: 500, amount: 200 } });
    // The 8 the order earned no longer count towards a tier.
    expect(wallet.lifetimePoints).toBe(placedWallet.lifetimePoints - 8);
    expect(wallet.entries.map((entry) => entry.id)).toEqual(
      expect.arrayContaining([
        `${placed.body.id}:reverse`,
        `${placed.body.id}:restore`,
        `${placed.body.id}:credit-back`,
      ]),
    );
  });

  it('takes a cancelled order’s points off the tier count even when they were already spent', async () => {
    await setTestProgram();
    const shop = await openShop({ units: 5, price: 1500 });
    const customerId = uniqueId('cus');
    const token = await pickupCart(shop, customerId);
    const placed = await checkoutWith(token, { payment: TEST_PAYMENT });
    expect(placed.status).toBe(201);
    expect(await walletOf(customerId)).toMatchObject({ points: 15, lifetimePoints: 15 });
    // The 15 points are spent elsewhere before the order is cancelled.
    const spent = await api('/v1/admin/loyalty/adjustments', {
      method: 'POST',
      token: await opsToken(),
      body: { adjustmentId: uniqueId('adj'), customerId, points: -15, reason: 'spent elsewhere' },
    });
    expect(spent.status).toBe(201);

    const cancelled = await api(`/v1/orders/${placed.body.id}/cancel`, { method: 'POST', token });

    expect(cancelled.body.status).toBe('cancelled');
    // The balance cannot go below zero, but the purchase no longer counts towards a tier.
    expect(await walletOf(customerId)).toMatchObject({ points: 0, lifetimePoints: 0 });
  });

  it('of 20 concurrent checkouts each spending the whole balance, exactly one orders; the rest are 409 and hold nothing', async () => {
    await setTestProgram();
    const shop = await openShop({ units: 40, price: 1500 });
    const sku = shop.skus[0] ?? '';
    const walletId = uniqueId('cus');
    await seedWallet(walletId, { points: 1000 });
    // Twenty carts (one per shopper sub) all paying from one wallet: the saga is called as the route
    // would for that wallet's customer, so the only thing they race for is the points.
    const carts = await Promise.all(
      Array.from({ length: 20 }, () => uniqueId('cus')).map(async (sub) => {
        await pickupCart(shop, sub);
        return `customer:${sub}`;
      }),
    );
    const connection = connectDatabase(loadConfig(env).database);
    const pending: Promise<unknown>[] = [];
    const deps = {
      env,
      config: loadConfig(env),
      db: connection.db,
      waitUntil: (promise: Promise<unknown>) => void pending.push(promise),
      fault: null,
    };
    try {
      const results = await Promise.all(
        carts.map((cartName) =>
          checkout(deps, { cartName, customerId: walletId, customerGroup: null, channel: 'web' }, uniqueId('key'), {
            payment: TEST_PAYMENT,
            loyaltyPoints: 1000,
          }),
        ),
      );
      await Promise.allSettled(pending);
      const statuses = results.map((result) => result.status);
      expect(statuses.filter((status) => status === 201)).toHaveLength(1);
      expect(statuses.filter((status) => status === 409)).toHaveLength(19);
      expect(
        results
          .filter((r) => r.status === 409)
          .every((r) => (r.body as { code: string }).code === 'insufficient_points'),
      ).toBe(true);
    } finally {
      await connection.close();
    }

    const level = await levelAt(sku, shop.storeId);
    // Only the one order's unit is taken from the 40.
    expect(level.available).toBe(39);
    const placed = await ordersAndPayments(walletId);
    expect(placed.orders).toHaveLength(1);
    expect(placed.payments.map((row) => row.method).sort()).toEqual(['loyalty', 'test']);
    const wallet = await walletOf(walletId);
    expect(wallet.points).toBe(5);
    expect(wallet.sum.points).toBe(5);
  });
});

describe('spending at the till', () => {
  it('takes loyalty and store credit tenders from the customer’s wallet, and earns on the rest', async () => {
    await setTestProgram();
    const shop = await openShop({ units: 5, price: 1500 });
    const sku = shop.skus[0] ?? '';
    const customerId = uniqueId('cus');
    await seedWallet(customerId, { points: 1000, storeCredit: 200 });
    const till = await posAt(shop.storeId);

    const sale = await postSale(
      till,
      saleOf([{ sku, quantity: 1 }], {
        customerId,
        payments: [{ tender: 'loyalty', amount: 700 }, { tender: 'store_credit', amount: 200 }, cash(600)],
      }),
    );

    expect(sale.status).toBe(201);
    // 1000 - 700 + 6 earned on the 600 cash.
    expect(await walletOf(customerId)).toMatchObject({ points: 306, storeCredit: 0, sum: { points: 306, amount: 0 } });

    const short = await postSale(
      till,
      saleOf([{ sku, quantity: 1 }], { customerId, payments: [{ tender: 'loyalty', amount: 1500 }] }),
    );
    expect(short.status).toBe(409);
    expect(short.body).toMatchObject({ code: 'insufficient_points', title: 'Not enough points' });
    expect((await levelAt(sku, shop.storeId)).onHand).toBe(4);
  });

  it('a return puts the wallet tenders back on the wallet and reverses earned points pro rata, all of them once all is back', async () => {
    await setTestProgram();
    const shop = await openShop({ units: 5, price: 1000 });
    const sku = shop.skus[0] ?? '';
    const customerId = uniqueId('cus');
    await seedWallet(customerId, { points: 400 });
    const till = await posAt(shop.storeId);
    const sale = await postSale(
      till,
      saleOf([{ sku, quantity: 3 }], { customerId, payments: [{ tender: 'loyalty', amount: 400 }, cash(2600)] }),
    );
    expect(sale.status).toBe(201);
    const sold = await walletOf(customerId);
    expect(sold).toMatchObject({ points: 26 });

    // 1000 of 3000 refunded: a third of the 26 earned, rounded down; the cash (newest) goes back first.
    const first = await postReturn(till, sale.body.id, [{ sku, quantity: 1 }]);
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ loyaltyPointsReversed: 8, refunds: [{ method: 'cash', amount: 1000 }] });
    // What came back no longer counts towards a tier either.
    expect(await walletOf(customerId)).toMatchObject({ points: 18, lifetimePoints: sold.lifetimePoints - 8 });

    // The rest: the cash left (1600), then the 400 points back on the wallet, and every earned point reversed.
    const rest = await postReturn(till, sale.body.id, [{ sku, quantity: 2 }]);
    expect(rest.status).toBe(201);
    expect(rest.body.loyaltyPointsReversed).toBe(18);
    expect(rest.body.refunds).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ method: 'cash', amount: 1600, status: 'refunded' }),
        expect.objectContaining({ method: 'loyalty', amount: 400, status: 'refunded' }),
      ]),
    );
    const wallet = await walletOf(customerId);
    expect(wallet).toMatchObject({ points: 400, sum: { points: 400 }, lifetimePoints: sold.lifetimePoints - 26 });
  });

  it('of 20 concurrent sales each paying with the whole balance, exactly one is recorded; the rest are 409 and move nothing', async () => {
    await setTestProgram();
    const shop = await openShop({ units: 40, price: 1000 });
    const sku = shop.skus[0] ?? '';
    const customerId = uniqueId('cus');
    await seedWallet(customerId, { points: 1000 });
    const till = await posAt(shop.storeId);

    const results = await Promise.all(
      Array.from({ length: 20 }, () =>
        postSale(till, saleOf([{ sku, quantity: 1 }], { customerId, payments: [{ tender: 'loyalty', amount: 1000 }] })),
      ),
    );

    expect(results.filter((res) => res.status === 201)).toHaveLength(1);
    const refused = results.filter((res) => res.status === 409);
    expect(refused).toHaveLength(19);
    expect(refused.every((res) => res.body.code === 'insufficient_points')).toBe(true);
    expect((await levelAt(sku, shop.storeId)).onHand).toBe(39);
    const recorded = await ordersAndPayments(customerId);
    expect(recorded.orders).toHaveLength(1);
    expect(recorded.payments).toHaveLength(1);
    expect(await walletOf(customerId)).toMatchObject({ points: 0, sum: { points: 0 } });
  });
});
