import { env } from 'cloudflare:workers';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { enqueueOutboxRows } from '../../src/db/outbox';
import { BACK_IN_STOCK_NOTIFY_TOPIC, customerBackInStockEventId } from '../../src/domain/back-in-stock';
import { dispatchTasks } from '../../src/outbox/dispatcher';
import { createProducts, priceSkus, putLocations, putPrices, testLocation } from '../helpers/catalog';
import { uniqueId } from '../helpers/api';
import { withDatabase } from '../helpers/postgres';
import { newCustomer } from '../helpers/shopper';
import { countStock } from '../helpers/stock';
import { hasValidSignature, subscribedInbox } from '../helpers/webhooks';
import { noticesTo, shopper } from '../back-in-stock/helpers';

// Personal notifications ride the EVENTS queue end to end: the StockDO ships
// its transition and notify task, the queue runs the task, the task announces
// the events it wrote, the queue delivers them. Nothing here runs the
// dispatcher or the sweep (tests have no cron), so a receipt proves the path.
const WITHIN_MS = 5_000;

describe('personal notifications reach webhooks within seconds', () => {
  it('a restock with a waiting subscription: customer.back_in_stock, with the contact', async () => {
    const store = uniqueId('store');
    await putLocations([testLocation({ id: store })]);
    const [sku] = (await createProducts(1, 'BIS')) as [string];
    const ana = await shopper({ email: 'ana.notify@example.test', phone: '+15551230000' });
    const subscription = (await ana.subscribe(sku, store)).body;
    const inbox = await subscribedInbox(undefined, ['customer.back_in_stock']);

    const restockedAt = Date.now();
    await countStock([sku], { [store]: 3 });
    const [received] = await inbox.waitFor(customerBackInStockEventId(subscription.id), 1, WITHIN_MS * 2);

    expect(received).toBeDefined();
    console.info(`back in stock, restock to receiver: ${received!.receivedAt - restockedAt} ms`);
    expect(received!.receivedAt - restockedAt).toBeLessThan(WITHIN_MS);
    expect(await hasValidSignature(inbox.secret, received!)).toBe(true);
    expect(JSON.parse(received!.body)).toMatchObject({
      type: 'customer.back_in_stock',
      data: {
        stream: `customer:${ana.id}`,
        data: {
          subscriptionId: subscription.id,
          sku,
          locationId: store,
          email: 'ana.notify@example.test',
          phone: '+15551230000',
        },
      },
    });
    expect((await ana.list()).body.subscriptions).toMatchObject([{ id: subscription.id, status: 'notified' }]);
  });

  it('a lower price on a wished SKU: customer.price_drop, old and new amount', async () => {
    const [sku] = (await createProducts(1)) as [string];
    const book = await priceSkus({ [sku]: 2000 });
    const customer = await newCustomer('app');
    expect((await customer.wish(sku)).status).toBe(200);
    const inbox = await subscribedInbox(undefined, ['customer.price_drop']);

    const repricedAt = Date.now();
    await putPrices([{ priceBookId: book, sku, unitAmount: 1500 }]);
    const [received] = await inbox.waitFor(`customer.price_drop:${customer.id}:${sku}:1`, 1, WITHIN_MS * 2);

    expect(received).toBeDefined();
    console.info(`price drop, price write to receiver: ${received!.receivedAt - repricedAt} ms`);
    expect(received!.receivedAt - repricedAt).toBeLessThan(WITHIN_MS);
    expect(await hasValidSignature(inbox.secret, received!)).toBe(true);
    expect(JSON.parse(received!.body)).toMatchObject({
      type: 'customer.price_drop',
      data: {
        stream: `customer:${customer.id}`,
        data: { customerId: customer.id, sku, channel: 'app', oldAmount: 2000, newAmount: 1500 },
      },
    });
  });

  it('runs a queued task once: a repeated message changes nothing, a failing task is left to the cron', async () => {
    const store = uniqueId('store');
    await putLocations([testLocation({ id: store })]);
    const [sku] = (await createProducts(1, 'BIS')) as [string];
    const ben = await shopper();
    const subscription = (await ben.subscribe(sku, store)).body;
    const notice = { sku, locationId: store, eventId: uniqueId('transition'), occurredAt: new Date().toISOString() };
    const good = { id: uniqueId('task'), topic: BACK_IN_STOCK_NOTIFY_TOPIC, payload: notice };
    const bad = { id: uniqueId('task'), topic: BACK_IN_STOCK_NOTIFY_TOPIC, payload: { sku } };
    await withDatabase((db) => enqueueOutboxRows(db, [good, bad]));

    // Written without an announcement, so only these runs take them (or another file's dispatcher, running
    // every due task: so the first report is not asserted exactly, the rows' outcome is).
    const first = await withDatabase((db) => dispatchTasks({ env, db }, [good.id, bad.id]));
    const again = await withDatabase((db) => dispatchTasks({ env, db }, [good.id, bad.id]));
    expect(first.dead).toBe(0);
    // The good one is done and the bad one parked for the cron's retry: a repeated message leases neither.
    expect(again).toEqual({ done: 0, failed: 0, dead: 0 });
    expect(await noticesTo(ben.id)).toHaveLength(1);
    const rows = await withDatabase(
      async (db) =>
        (
          await db.execute<{ id: string; done: boolean; parked: boolean; last_error: string | null }>(
            sql`select id, processed_at is not null as done, available_at > now() as parked, last_error
              from outbox where id in (${good.id}, ${bad.id}) order by id = ${bad.id}`,
          )
        ).rows,
    );
    expect(rows).toMatchObject([
      { id: good.id, done: true },
      { id: bad.id, done: false, parked: true, last_error: expect.any(String) },
    ]);
    expect((await ben.list()).body.subscriptions).toMatchObject([{ id: subscription.id, status: 'notified' }]);
  });
});
