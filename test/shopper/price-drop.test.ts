import { env } from 'cloudflare:workers';
import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config';
import { connectDatabase } from '../../src/db/client';
import { wishlistIndex } from '../../src/db/schema';
import { checkWishedPrices } from '../../src/shopper/price-drop';
import { api } from '../helpers/api';
import { createProducts, priceSkus, putPriceBooks, putPrices } from '../helpers/catalog';
import { indexRow, newCustomer, priceChecksDone, priceDrops } from '../helpers/shopper';
import { withDatabase } from '../helpers/postgres';
import { opsToken } from '../helpers/tokens';

/**
 * A SKU priced at `amount` in a book of its own, wished by a fresh customer on
 * `channel`. `reprice` waits for the write's check: one run after two quick
 * writes would see only the second price (one drop, the net one).
 */
async function wishedAt(amount: number, channel = 'web') {
  const [sku] = await createProducts(1);
  const book = await priceSkus({ [sku!]: amount });
  const customer = await newCustomer(channel);
  await customer.wish(sku!);
  const reprice = async (unitAmount: number) => {
    await putPrices([{ priceBookId: book, sku, unitAmount }]);
    await priceChecksDone(sku!);
  };
  return { sku: sku!, book, customer, reprice };
}

describe('price drops on the wish list', () => {
  it('announces a lower price once, with the old and new amount', async () => {
    const { sku, customer, reprice } = await wishedAt(2000, 'app');
    await reprice(1500);
    expect(await priceDrops(customer.id, sku)).toEqual([
      { customerId: customer.id, sku, channel: 'app', currency: 'USD', oldAmount: 2000, newAmount: 1500 },
    ]);
    expect((await indexRow(customer.id, sku))?.lastAmount).toBe(1500);
  });

  it('announces each drop: two drops make two events', async () => {
    const { sku, customer, reprice } = await wishedAt(2000);
    await reprice(1800);
    await reprice(1600);
    const drops = await priceDrops(customer.id, sku);
    expect(drops.map((drop) => [drop.oldAmount, drop.newAmount])).toEqual([
      [2000, 1800],
      [1800, 1600],
    ]);
  });

  it('moves silently on a rise, and a later drop is announced from the risen price', async () => {
    const { sku, customer, reprice } = await wishedAt(2000);
    await reprice(1800);
    await reprice(2500);
    expect(await priceDrops(customer.id, sku)).toHaveLength(1);
    expect((await indexRow(customer.id, sku))?.lastAmount).toBe(2500);
    await reprice(1800);
    const drops = await priceDrops(customer.id, sku);
    expect(drops.map((drop) => [drop.oldAmount, drop.newAmount])).toEqual([
      [2000, 1800],
      [2500, 1800],
    ]);
  });

  it('announces nothing when the same price is written again, or a higher one', async () => {
    const { sku, customer, reprice } = await wishedAt(2000);
    await reprice(2000);
    await reprice(2100);
    expect(await priceDrops(customer.id, sku)).toEqual([]);
  });

  it('announces a drop once when the same lower price is written by concurrent admin writes', async () => {
    const { sku, book, customer } = await wishedAt(2000);
    const token = await opsToken();
    const writes = await Promise.all(
      Array.from({ length: 5 }, () =>
        api('/v1/admin/prices', {
          method: 'PUT',
          token,
          body: { prices: [{ priceBookId: book, sku, unitAmount: 1700 }] },
        }),
      ),
    );
    expect(writes.map((res) => res.status)).toEqual([200, 200, 200, 200, 200]);
    expect(await priceDrops(customer.id, sku)).toHaveLength(1);
  });

  it('watches the price of the channel and group the item was wished under', async () => {
    const [sku] = await createProducts(1);
    await priceSkus({ [sku!]: 2000 });
    const appBook = await priceSkus({ [sku!]: 1900 }, { channel: 'app' });
    const onWeb = await newCustomer('web');
    const onApp = await newCustomer('app');
    await onWeb.wish(sku!);
    await onApp.wish(sku!);
    await putPrices([{ priceBookId: appBook, sku, unitAmount: 1500 }]);
    expect(await priceDrops(onWeb.id, sku!)).toEqual([]);
    expect(await priceDrops(onApp.id, sku!)).toEqual([expect.objectContaining({ oldAmount: 1900, newAmount: 1500 })]);
  });

  it('announces a drop a new price book brings for the customer’s group', async () => {
    const [sku] = await createProducts(1);
    await priceSkus({ [sku!]: 2000 });
    const vip = await newCustomer('web', 'vip');
    await vip.wish(sku!);
    await priceSkus({ [sku!]: 1400 }, { customerGroup: 'vip' });
    expect(await priceDrops(vip.id, sku!)).toEqual([expect.objectContaining({ oldAmount: 2000, newAmount: 1400 })]);
  });

  it('announces a drop a price book change brings (its window opening)', async () => {
    const [sku] = await createProducts(1);
    await priceSkus({ [sku!]: 2000 });
    const sale = await priceSkus({ [sku!]: 1000 }, { priority: 10, validFrom: '2100-01-01T00:00:00Z' });
    const me = await newCustomer();
    await me.wish(sku!);
    await putPriceBooks([{ id: sale, currency: 'USD', priority: 10, validFrom: '2000-01-01T00:00:00Z' }]);
    expect(await priceDrops(me.id, sku!)).toEqual([expect.objectContaining({ oldAmount: 2000, newAmount: 1000 })]);
  });

  it('says nothing to a shopper who no longer wishes the SKU', async () => {
    const { sku, customer, reprice } = await wishedAt(2000);
    await customer.unwish(sku);
    await reprice(1000);
    expect(await priceDrops(customer.id, sku)).toEqual([]);
  });

  it('announces a drop once however often its check runs, even concurrently (a retried or raced task)', async () => {
    const { sku, customer, reprice } = await wishedAt(2000);
    await reprice(1500);
    // Put the row back as if the check had not run yet: last seen at 2000 (its first drop stays counted).
    await withDatabase((db) =>
      db
        .update(wishlistIndex)
        .set({ lastAmount: 2000 })
        .where(and(eq(wishlistIndex.customerId, customer.id), eq(wishlistIndex.sku, sku))),
    );
    const connection = connectDatabase(loadConfig(env).database);
    try {
      const check = () => checkWishedPrices({ env, db: connection.db }, { skus: [sku] });
      await Promise.all(Array.from({ length: 5 }, check));
      await check();
    } finally {
      await connection.close();
    }
    const drops = await priceDrops(customer.id, sku);
    expect(drops.map((drop) => [drop.oldAmount, drop.newAmount])).toEqual([
      [2000, 1500],
      [2000, 1500],
    ]);
    expect((await indexRow(customer.id, sku))?.drops).toBe(2);
  });

  it('restarts a row left behind (a refused or failed wish) at today’s price when the SKU is wished anew', async () => {
    const [sku] = await createProducts(1);
    const book = await priceSkus({ [sku!]: 2000 });
    const customer = await newCustomer();
    await withDatabase((db) =>
      db.insert(wishlistIndex).values({
        customerId: customer.id,
        sku: sku!,
        channel: 'kiosk',
        currency: 'USD',
        lastAmount: 9999,
        drops: 3,
      }),
    );
    await customer.wish(sku!);
    expect(await indexRow(customer.id, sku!)).toMatchObject({ channel: 'web', lastAmount: 2000, drops: 3 });
    await putPrices([{ priceBookId: book, sku, unitAmount: 1500 }]);
    expect(await priceDrops(customer.id, sku!)).toEqual([
      expect.objectContaining({ oldAmount: 2000, newAmount: 1500 }),
    ]);
    expect((await indexRow(customer.id, sku!))?.drops).toBe(4);
  });
});
