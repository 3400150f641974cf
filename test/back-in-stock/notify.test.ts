import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { customerBackInStockEventId } from '../../src/domain/back-in-stock';
import { api, uniqueId } from '../helpers/api';
import { createProducts, putLocations, testLocation } from '../helpers/catalog';
import { runDispatcher } from '../helpers/checkout';
import { withDatabase } from '../helpers/postgres';
import { countStock, drainLedger, stockOf } from '../helpers/stock';
import { opsToken } from '../helpers/tokens';
import { noticesTo, notifyTasksOf, runNotifyTask, shopper, type Shopper } from './helpers';

/** Two stores that do not ship and a warehouse that does, and a fresh SKU with no stock anywhere. */
async function outOfStockShop() {
  const [storeA, storeB, warehouse] = [uniqueId('store'), uniqueId('store'), uniqueId('wh')];
  await putLocations([
    testLocation({ id: storeA, shipFrom: false }),
    testLocation({ id: storeB, shipFrom: false }),
    testLocation({ id: warehouse, kind: 'warehouse', pickup: false }),
  ]);
  const [sku = ''] = await createProducts(1, 'BIS');
  return { sku, storeA, storeB, warehouse };
}

/** Stock moved through the admin API (signed adjustments), as receipts and sales would move it. */
async function adjust(sku: string, locationId: string, quantity: number) {
  const movements = [{ id: uniqueId('adj'), sku, locationId, type: 'adjust', quantity }];
  const res = await api('/v1/admin/inventory', { method: 'POST', token: await opsToken(), body: { movements } });
  expect(res.status).toBe(200);
}

/** Ships the SKU's log to Postgres and runs every notify task it queued. */
async function deliver(sku: string) {
  await drainLedger(stockOf(sku));
  for (const task of await notifyTasksOf(sku)) await runNotifyTask(task);
}

async function statusOf(who: Shopper, id: string) {
  const { subscriptions } = (await who.list()).body as { subscriptions: { id: string; status: string }[] };
  return subscriptions.find((subscription) => subscription.id === id)?.status;
}

describe('back in stock at a location', () => {
  it('notifies the location’s waiting subscriptions once, with the contact, and not another location’s', async () => {
    const { sku, storeA, storeB } = await outOfStockShop();
    const ana = await shopper({ email: 'ana@example.test', phone: '+15551234567' });
    const ben = await shopper();
    const atA = (await ana.subscribe(sku, storeA)).body;
    const atB = (await ben.subscribe(sku, storeB)).body;

    await countStock([sku], { [storeB]: 4 });
    await deliver(sku);
    expect(await noticesTo(ana.id)).toEqual([]);
    expect(await statusOf(ana, atA.id)).toBe('waiting');
    expect(await statusOf(ben, atB.id)).toBe('notified');

    await countStock([sku], { [storeA]: 2 });
    await deliver(sku);
    await deliver(sku); // delivered again: nothing new
    const notices = await noticesTo(ana.id);
    expect(notices).toEqual([
      {
        id: customerBackInStockEventId(atA.id),
        payload: expect.objectContaining({
          subscriptionId: atA.id,
          customerId: ana.id,
          sku,
          locationId: storeA,
          email: 'ana@example.test',
          phone: '+15551234567',
        }),
      },
    ]);
    const [subscription] = (await ana.list()).body.subscriptions;
    expect(subscription).toMatchObject({ id: atA.id, status: 'notified' });
    expect(Date.parse(subscription.notifiedAt)).not.toBeNaN();
    expect(await noticesTo(ben.id)).toHaveLength(1);
  });

  it('is the dispatcher’s work: the notify task runs like every other task', async () => {
    const { sku, storeA } = await outOfStockShop();
    const ana = await shopper();
    const mine = (await ana.subscribe(sku, storeA)).body;
    await countStock([sku], { [storeA]: 1 });
    await drainLedger(stockOf(sku));
    const [task] = await notifyTasksOf(sku);
    expect(task?.payload).toMatchObject({ sku, locationId: storeA });

    // Another test file's dispatcher may hold the task's lease; it runs it all the same.
    await expect
      .poll(async () => (await runDispatcher(), statusOf(ana, mine.id)), { timeout: 10_000 })
      .toBe('notified');
    const processed = await withDatabase(
      async (db) =>
        (
          await db.execute<{ done: boolean }>(
            sql`select processed_at is not null as done from outbox where id = ${task?.id}`,
          )
        ).rows,
    );
    expect(processed).toEqual([{ done: true }]);
  });

  it('tells a shopper without a known contact too, with the contact empty', async () => {
    const { sku, storeA } = await outOfStockShop();
    const unknown = await shopper(null);
    const mine = (await unknown.subscribe(sku, storeA)).body;
    await countStock([sku], { [storeA]: 3 });
    await deliver(sku);
    expect((await noticesTo(unknown.id)).map((event) => event.payload)).toEqual([
      expect.objectContaining({ subscriptionId: mine.id, email: null, phone: null }),
    ]);
  });

  it('leaves a deleted subscription out, and one made after the transition waits for the next', async () => {
    const { sku, storeA } = await outOfStockShop();
    const [ana, ben] = [await shopper(), await shopper()];
    const deleted = (await ana.subscribe(sku, storeA)).body;
    expect((await ana.remove(deleted.id)).status).toBe(200);

    await countStock([sku], { [storeA]: 2 });
    await drainLedger(stockOf(sku));
    const late = (await ben.subscribe(sku, storeA)).body; // after the transition, before its task ran
    await deliver(sku);
    expect(await noticesTo(ana.id)).toEqual([]);
    expect(await noticesTo(ben.id)).toEqual([]);
    expect(await statusOf(ben, late.id)).toBe('waiting');

    await countStock([sku], { [storeA]: 0 });
    await countStock([sku], { [storeA]: 5 });
    await deliver(sku);
    expect((await noticesTo(ben.id)).map((event) => event.id)).toEqual([customerBackInStockEventId(late.id)]);
    expect(await noticesTo(ana.id)).toEqual([]);
  });
});

describe('a transition nobody waits for', () => {
  it('writes its event but no notify task, while one with a waiting subscription gets its task', async () => {
    const { sku, storeA, storeB, warehouse } = await outOfStockShop();
    const ana = await shopper();
    await ana.subscribe(sku, storeB);
    await countStock([sku], { [storeA]: 3, [storeB]: 2, [warehouse]: 5 });
    await drainLedger(stockOf(sku));
    const tasks = await notifyTasksOf(sku);
    expect(tasks.map((task) => task.payload.locationId)).toEqual([storeB]);
    const transitions = await withDatabase(
      async (db) =>
        (
          await db.execute<{ location: string | null }>(
            sql`select payload->>'locationId' as location from outbox
                where topic = 'inventory.back_in_stock' and payload->>'sku' = ${sku}`,
          )
        ).rows,
    );
    expect(transitions.map((row) => row.location).sort()).toEqual([null, storeA, storeB, warehouse].sort());
  });
});

describe('back in stock across the ship-from network', () => {
  it('notifies network subscriptions when the shipping locations come back, not when a store that does not ship does', async () => {
    const { sku, storeA, warehouse } = await outOfStockShop();
    const ana = await shopper();
    const network = (await ana.subscribe(sku)).body;
    const atWarehouse = (await ana.subscribe(sku, warehouse)).body;

    await countStock([sku], { [storeA]: 6 }); // the store does not ship: the network still has none
    await deliver(sku);
    expect(await noticesTo(ana.id)).toEqual([]);

    await countStock([sku], { [warehouse]: 2 });
    await deliver(sku);
    const notices = await noticesTo(ana.id);
    expect(notices.map((event) => event.id).sort()).toEqual(
      [customerBackInStockEventId(network.id), customerBackInStockEventId(atWarehouse.id)].sort(),
    );
    expect(notices.find((event) => event.payload.subscriptionId === network.id)?.payload).toMatchObject({
      locationId: null,
      sku,
    });
    const tasks = await notifyTasksOf(sku);
    expect(tasks.filter((task) => task.payload.locationId === null)).toHaveLength(1);
  });

  it('comes back again after running out again, for a new subscription', async () => {
    const { sku, warehouse } = await outOfStockShop();
    const ana = await shopper();
    await countStock([sku], { [warehouse]: 2 });
    await deliver(sku);
    await adjust(sku, warehouse, -2);
    const next = (await ana.subscribe(sku)).body;
    await adjust(sku, warehouse, 3);
    await deliver(sku);
    expect((await noticesTo(ana.id)).map((event) => event.id)).toEqual([customerBackInStockEventId(next.id)]);
    // The first return had nobody waiting, so only the second queued a notify task.
    expect((await notifyTasksOf(sku)).filter((task) => task.payload.locationId === null)).toHaveLength(1);
  });
});

describe('under concurrency, exactly one event per subscription', () => {
  it('when several receipts land at once', async () => {
    const { sku, storeA, warehouse } = await outOfStockShop();
    const shoppers = await Promise.all([shopper(), shopper(), shopper()]);
    const subscriptions = await Promise.all(
      shoppers.flatMap((who) => [who.subscribe(sku, storeA), who.subscribe(sku)]),
    );
    await Promise.all(Array.from({ length: 6 }, (_, index) => adjust(sku, index % 2 === 0 ? storeA : warehouse, 1)));
    await deliver(sku);
    for (const who of shoppers) {
      const { subscriptions: mine } = (await who.list()).body;
      expect(mine.map((subscription: { status: string }) => subscription.status)).toEqual(['notified', 'notified']);
      expect(await noticesTo(who.id)).toHaveLength(2);
    }
    expect(subscriptions.every((res) => res.status === 201)).toBe(true);
    // One task for each place someone waits (the store, the network; nobody waits at the warehouse itself),
    // however the receipts interleaved.
    expect((await notifyTasksOf(sku)).map((task) => task.payload.locationId).sort()).toEqual([storeA, null].sort());
  });

  it('when two transitions’ tasks race, and each runs twice at once', async () => {
    const { sku, storeA } = await outOfStockShop();
    const shoppers = await Promise.all([shopper(), shopper(), shopper(), shopper()]);
    const ids = await Promise.all(shoppers.map(async (who) => (await who.subscribe(sku, storeA)).body.id as string));
    await adjust(sku, storeA, 2); // back in stock
    await adjust(sku, storeA, -2);
    await adjust(sku, storeA, 1); // back in stock again, before anyone was told
    await drainLedger(stockOf(sku));
    const tasks = await notifyTasksOf(sku);
    expect(tasks).toHaveLength(2);

    // Two runs of each task at once, racing the EVENTS queue's run of each: every subscription is told once.
    await Promise.all([...tasks, ...tasks].map((task) => runNotifyTask(task)));
    for (const [index, who] of shoppers.entries()) {
      expect((await noticesTo(who.id)).map((event) => event.id)).toEqual([
        customerBackInStockEventId(ids[index] ?? ''),
      ]);
      expect(await statusOf(who, ids[index] ?? '')).toBe('notified');
    }
  });
});
