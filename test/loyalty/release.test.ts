import { env } from 'cloudflare:workers';
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { outbox, orders } from '../../src/db/schema';
import { sha256 } from '../../src/lib/hash';
import { debitForCheckout, releaseCheckoutSpend } from '../../src/loyalty/wallet-flows';
import { uniqueId } from '../helpers/api';
import { device } from '../helpers/carts';
import { checkoutWith, openShop, runDispatcher, TEST_PAYMENT } from '../helpers/checkout';
import { seedWallet, setTestProgram, TEST_PROGRAM, walletOf } from '../helpers/loyalty';
import { withDatabase } from '../helpers/postgres';
import { levelAt } from '../helpers/stock';
import { customerToken } from '../helpers/tokens';

const checkoutIdOf = async (customerId: string, key: string) =>
  `chk_${(await sha256(`checkout:customer:${customerId}:${key}`)).slice(0, 24)}`;

const releaseTask = (checkoutId: string) =>
  withDatabase(async (db) => {
    const [row] = await db
      .select()
      .from(outbox)
      .where(eq(outbox.id, `${checkoutId}:wallet.release`));
    return row;
  });

describe("a checkout's wallet spend without an order", () => {
  it('is given back by its release task when the Worker died between the spend and the order', async () => {
    await setTestProgram();
    const customerId = uniqueId('cus');
    await seedWallet(customerId, { points: 300, storeCredit: 200 });
    const checkoutId = uniqueId('chk');

    // All a checkout did before its Worker died: the spend.
    await withDatabase((db) =>
      debitForCheckout(
        db,
        TEST_PROGRAM,
        { checkoutId, customerId, channel: 'web' },
        { points: 300, storeCredit: 150 },
        1000,
      ),
    );
    expect(await walletOf(customerId)).toMatchObject({ points: 0, storeCredit: 50 });
    const pending = await releaseTask(checkoutId);
    // Not before any checkout could still be placing its order.
    expect(Date.parse(pending?.availableAt ?? '') - Date.now()).toBeGreaterThan(15 * 60_000);

    await withDatabase((db) =>
      db
        .update(outbox)
        .set({ availableAt: new Date().toISOString() })
        .where(eq(outbox.id, pending?.id ?? '')),
    );
    await runDispatcher();
    await runDispatcher();

    const wallet = await walletOf(customerId);
    expect(wallet).toMatchObject({ points: 300, storeCredit: 200, sum: { points: 300, amount: 200 } });
    expect(wallet.entries.map((entry) => entry.id)).toEqual(
      expect.arrayContaining([`${checkoutId}:restore`, `${checkoutId}:credit-back`]),
    );
    expect((await releaseTask(checkoutId))?.processedAt).not.toBeNull();
  });

  it('stays spent once its order is placed: the release task finds it taken', async () => {
    await setTestProgram();
    const shop = await openShop({ units: 5, price: 1500 });
    const customerId = uniqueId('cus');
    await seedWallet(customerId, { points: 500 });
    const token = await customerToken(customerId);
    await device(token).add(shop.skus[0] ?? '', 1);
    await device(token).fulfil('pickup', shop.storeId);

    const placed = await checkoutWith(token, { payment: TEST_PAYMENT, loyaltyPoints: 500 });
    expect(placed.status).toBe(201);
    const checkoutId = `chk_${String(placed.body.id).slice(4)}`;
    expect((await releaseTask(checkoutId))?.processedAt).not.toBeNull();

    // The task run anyway (a dispatcher that leased it before the order marked it): nothing comes back.
    await withDatabase((db) =>
      releaseCheckoutSpend({ env, db }, { checkoutId, customerId, points: 500, storeCredit: 0 }),
    );
    const wallet = await walletOf(customerId);
    // 500 redeemed; earned 10 on the 1000 the card paid.
    expect(wallet).toMatchObject({ points: 10, sum: { points: 10 } });
    expect(wallet.entries.some((entry) => entry.kind === 'restore')).toBe(false);
  });

  it('goes either to the order or back to the wallet, never both, when the release races the checkout', async () => {
    await setTestProgram();
    const shop = await openShop({ units: 20, price: 1000 });
    const sku = shop.skus[0] ?? '';
    const rounds = await Promise.all(
      Array.from({ length: 12 }, async (_, round) => {
        const customerId = uniqueId('cus');
        await seedWallet(customerId, { points: 400 });
        const token = await customerToken(customerId);
        await device(token).add(sku, 1);
        await device(token).fulfil('pickup', shop.storeId);
        const key = uniqueId('key');
        const checkoutId = await checkoutIdOf(customerId, key);
        const release = () =>
          withDatabase((db) =>
            releaseCheckoutSpend({ env, db }, { checkoutId, customerId, points: 400, storeCredit: 0 }),
          );
        const stagger = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
        const [placed] = await Promise.all([
          checkoutWith(token, { payment: TEST_PAYMENT, loyaltyPoints: 400 }, { key }),
          // Each round gives back at another moment: before the spend, amid the checkout, after the order.
          stagger(round * 25).then(release),
        ]);
        return { customerId, placed };
      }),
    );

    for (const { customerId, placed } of rounds) {
      const wallet = await walletOf(customerId);
      const restored = wallet.entries.some((entry) => entry.kind === 'restore');
      const ordered = await withDatabase((db) => db.select().from(orders).where(eq(orders.customerId, customerId)));
      expect(wallet.points).toBe(wallet.sum.points);
      if (placed.status === 201) {
        // The order took the points: none came back; it earned 6 on the 600 the card paid.
        expect(restored).toBe(false);
        expect(ordered).toHaveLength(1);
        expect(wallet.points).toBe(6);
      } else {
        expect(placed.status).toBe(409);
        expect(restored).toBe(true);
        expect(ordered).toHaveLength(0);
        expect(wallet.points).toBe(400);
      }
    }
    // What no order took went back to the shelf.
    const sold = rounds.filter((round) => round.placed.status === 201).length;
    await runDispatcher();
    expect((await levelAt(sku, shop.storeId)).available).toBe(20 - sold);
  });
});
