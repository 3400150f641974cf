import { runInDurableObject } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { MIRROR_REPLICAS, mirrorReplicaName, type MirrorAnswer } from '../../src/domain/stock/mirror';
import type { StockLevel } from '../../src/domain/stock';
import { api, uniqueId } from '../helpers/api';
import { device } from '../helpers/carts';
import { seedCatalog } from '../helpers/catalog';
import { newCustomer } from '../helpers/shopper';
import { countStock, stockOf } from '../helpers/stock';
import { customerToken, opsToken, posToken } from '../helpers/tokens';

const copies = () =>
  Array.from({ length: MIRROR_REPLICAS }, (_, replica) => env.AVAILABILITY.getByName(mirrorReplicaName(replica)));

const readCopy = async (copy: ReturnType<typeof copies>[number], skus: string[]) =>
  JSON.parse(await copy.read(skus)) as MirrorAnswer<StockLevel[]>;
/** What every copy of the mirror holds for the SKU (undefined where a copy lacks it). */
const mirrored = (sku: string) => Promise.all(copies().map(async (copy) => (await readCopy(copy, [sku])).found[sku]));

/** Pins every copy's entry for the SKU to `levels` under a version its StockDO will not reach, as a copy far behind. */
const pinMirror = (sku: string, levels: { locationId: string; onHand: number }[]) =>
  Promise.all(
    copies().map((copy) =>
      copy.update({
        sku,
        version: Number.MAX_SAFE_INTEGER,
        levelsJson: JSON.stringify(
          levels.map((level) => ({ ...level, reserved: 0, safetyStock: 0, lowStockThreshold: 5 })),
        ),
        changedAt: Date.now(),
      }),
    ),
  );

/** Takes the SKU out of every copy, as if none had been fed it yet (its first push still retrying). */
const unmirror = (sku: string) =>
  Promise.all(
    copies().map((copy) =>
      runInDurableObject(copy, (instance, state) => {
        state.storage.sql.exec('DELETE FROM skus WHERE sku = ?', sku);
        (Reflect.get(instance, 'memo') as Map<string, unknown>).delete(sku);
      }),
    ),
  );

const headline = async (sku: string, locationId: string) => {
  const res = await api(`/v1/availability?skus=${sku}&locationId=${locationId}`);
  expect(res.status).toBe(200);
  return res.body.items[0].available as number;
};

describe('the availability mirror', () => {
  const store = uniqueId('store');
  const [fed, pinned, racing, neverStocked, listed, sold] = ['FED', 'PIN', 'RACE', 'NEW', 'LIST', 'SOLD'].map(uniqueId);

  beforeAll(async () => {
    await seedCatalog([fed!, pinned!, racing!, neverStocked!, listed!, sold!], [{ id: store, shipFrom: true }]);
  });

  it('has a stock change in every copy by the time the change answers', async () => {
    await countStock([fed!], { [store]: 12 });
    for (const levels of await mirrored(fed!))
      expect(levels).toEqual([expect.objectContaining({ onHand: 12, reserved: 0 })]);
    await stockOf(fed!).reserve({ holdId: uniqueId('hold'), locationId: store, quantity: 5, ttlMs: 600_000 });
    for (const levels of await mirrored(fed!))
      expect(levels).toEqual([expect.objectContaining({ onHand: 12, reserved: 5 })]);
    expect(await headline(fed!, store)).toBe(7);
  });

  it('is not fed a commit, which changes nothing shoppers see; staff read the StockDO’s exact figures', async () => {
    await countStock([sold!], { [store]: 10 });
    const holdId = uniqueId('hold');
    await stockOf(sold!).reserve({ holdId, locationId: store, quantity: 2, ttlMs: 600_000 });
    expect(await stockOf(sold!).commit(holdId)).toMatchObject({ ok: true });
    // Longer than a push takes (the commit's own answer did not wait for one): none left.
    await new Promise((resolve) => setTimeout(resolve, 300));
    for (const levels of await mirrored(sold!))
      expect(levels).toEqual([expect.objectContaining({ onHand: 10, reserved: 2 })]);
    expect(await headline(sold!, store)).toBe(8);
    const staff = await api(`/v1/availability?skus=${sold}&locationId=${store}`, { token: await posToken(store) });
    expect(staff.body.items[0].locations[0]).toMatchObject({ onHand: 8, reserved: 0, available: 8 });
  });

  it('is fed a late commit, which takes units no longer held and so changes what shoppers see', async () => {
    const late = uniqueId('LATE');
    await seedCatalog([late], [{ id: store, shipFrom: true }]);
    await countStock([late], { [store]: 10 });
    const holdId = uniqueId('hold');
    await stockOf(late).reserve({ holdId, locationId: store, quantity: 2, ttlMs: 50 });
    // The alarm expires the hold: its 2 units are back on sale, in every copy.
    await vi.waitFor(async () => expect(await headline(late, store)).toBe(10), { timeout: 3_000, interval: 20 });
    expect(await stockOf(late).commit(holdId)).toMatchObject({ ok: true });
    await vi.waitFor(
      async () => {
        for (const levels of await mirrored(late))
          expect(levels).toEqual([expect.objectContaining({ onHand: 8, reserved: 0 })]);
      },
      { timeout: 500, interval: 20 },
    );
    expect(await headline(late, store)).toBe(8);
  });

  it('is what listings read: a copy pinned behind shows its figure, not the StockDO’s; staff are not shown it', async () => {
    await countStock([pinned!], { [store]: 3 });
    await pinMirror(pinned!, [{ locationId: store, onHand: 40 }]);
    expect(await headline(pinned!, store)).toBe(40);
    expect((await stockOf(pinned!).availability([store])).locations[0]?.available).toBe(3);
    for (const token of [await posToken(store), await opsToken()]) {
      const staff = await api(`/v1/availability?skus=${pinned}&locationId=${store}`, { token });
      expect(staff.body.items[0]).toMatchObject({ available: 3, locations: [{ onHand: 3, reserved: 0 }] });
    }
  });

  it('is what cart and wish-list lines show: one figure from a copy, at the pickup store or across ship-from', async () => {
    const [lined, unmirrored] = ['LINE', 'UNMIRRORED'].map(uniqueId);
    const [east, west, shop] = ['east', 'west', 'shop'].map(uniqueId);
    await seedCatalog([lined!, unmirrored!], [{ id: east! }, { id: west! }, { id: shop!, shipFrom: false }]);
    await countStock([lined!], { [east!]: 1 });
    // The copies, pinned far from the StockDO: east 7 on sale (1 kept as safety stock), west oversold
    // (counts 0, not −2), the shop 40 but shipping from nowhere.
    await Promise.all(
      copies().map((copy) =>
        copy.update({
          sku: lined!,
          version: Number.MAX_SAFE_INTEGER,
          levelsJson: JSON.stringify([
            { locationId: east!, onHand: 10, reserved: 2, safetyStock: 1, lowStockThreshold: 5 },
            { locationId: west!, onHand: 1, reserved: 3, safetyStock: 0, lowStockThreshold: 5 },
            { locationId: shop!, onHand: 40, reserved: 0, safetyStock: 0, lowStockThreshold: 5 },
          ]),
          changedAt: Date.now(),
        }),
      ),
    );
    // No copy has this one when it is read: its StockDO answers (and feeds them again).
    await countStock([unmirrored!], { [west!]: 5, [shop!]: 3 });

    const shopper = device(await customerToken(uniqueId('cus')));
    await shopper.add(lined!, 1);
    const available = async (cart: Promise<{ body: { lines: { sku: string; available: number }[] } }>) =>
      Object.fromEntries((await cart).body.lines.map((line) => [line.sku, line.available]));
    await unmirror(unmirrored!);
    expect(await available(shopper.add(unmirrored!, 1))).toEqual({ [lined!]: 7, [unmirrored!]: 5 });
    await unmirror(unmirrored!);
    expect(await available(shopper.fulfil('pickup', shop))).toEqual({ [lined!]: 40, [unmirrored!]: 3 });
    expect(await available(shopper.cart())).toEqual({ [lined!]: 40, [unmirrored!]: 3 });

    const me = await newCustomer();
    await me.wish(lined!);
    await me.wish(unmirrored!);
    const wished = async (locationId?: string) =>
      Object.fromEntries(
        ((await me.wishlist(locationId)).body.items as { sku: string; available: number }[]).map((item) => [
          item.sku,
          item.available,
        ]),
      );
    await unmirror(unmirrored!);
    expect(await wished()).toEqual({ [lined!]: 7, [unmirrored!]: 5 });
    await unmirror(unmirrored!);
    expect(await wished(west)).toEqual({ [lined!]: 0, [unmirrored!]: 5 });
    expect(await wished(shop)).toEqual({ [lined!]: 40, [unmirrored!]: 3 });
  });

  it('never decides a hold: with every copy behind, 20 shoppers racing for 3 units get exactly 3', async () => {
    await countStock([racing!], { [store]: 3 });
    await pinMirror(racing!, [{ locationId: store, onHand: 100 }]);
    const results = await Promise.all(
      Array.from({ length: 20 }, () =>
        stockOf(racing!).reserve({ holdId: uniqueId('hold'), locationId: store, quantity: 1, ttlMs: 600_000 }),
      ),
    );
    expect(results.filter((result) => result.ok)).toHaveLength(3);
    expect((await stockOf(racing!).availability([store])).locations[0]).toMatchObject({ onHand: 3, reserved: 3 });
    // The page still shows the stale copy: display may lag, holds may not.
    expect(await headline(racing!, store)).toBe(100);
  });

  it('converges on the last level in every copy after concurrent changes', async () => {
    const sku = listed!;
    await countStock([sku], { [store]: 200 });
    await Promise.all(
      Array.from({ length: 60 }, (_, i) =>
        stockOf(sku).reserve({ holdId: `hold-${i}`, locationId: store, quantity: 1, ttlMs: 600_000 }),
      ),
    );
    await Promise.all(Array.from({ length: 20 }, (_, i) => stockOf(sku).release(`hold-${i}`)));
    for (const levels of await mirrored(sku))
      expect(levels).toEqual([expect.objectContaining({ onHand: 200, reserved: 40 })]);
  });

  it('reads as the StockDO does in every copy after concurrent holds, commits and releases', async () => {
    const sku = uniqueId('MIXED');
    await seedCatalog([sku], [{ id: store, shipFrom: true }]);
    await countStock([sku], { [store]: 100 });
    await Promise.all(
      Array.from({ length: 60 }, (_, i) =>
        stockOf(sku).reserve({ holdId: `mix-${i}`, locationId: store, quantity: 1, ttlMs: 600_000 }),
      ),
    );
    // Commits (which push nothing), releases (which do) and new holds, all at once.
    await Promise.all([
      ...Array.from({ length: 30 }, (_, i) => stockOf(sku).commit(`mix-${i}`)),
      ...Array.from({ length: 20 }, (_, i) => stockOf(sku).release(`mix-${30 + i}`)),
      ...Array.from({ length: 10 }, (_, i) =>
        stockOf(sku).reserve({ holdId: `mix-new-${i}`, locationId: store, quantity: 1, ttlMs: 600_000 }),
      ),
    ]);
    // 100 counted, 30 sold, 10 + 10 still held: 50 on sale.
    const exact = (await stockOf(sku).availability([store])).locations[0];
    expect(exact).toMatchObject({ onHand: 70, reserved: 20, available: 50 });
    for (const levels of await mirrored(sku)) {
      const [level] = levels ?? [];
      expect(level!.onHand - level!.reserved - level!.safetyStock).toBe(50);
    }
    expect(await headline(sku, store)).toBe(50);
  });

  it('keeps the newer of two updates however they arrive', async () => {
    const sku = uniqueId('ORDER');
    const [copy] = copies();
    const at = (onHand: number, version: number) => ({
      sku,
      version,
      levelsJson: JSON.stringify([{ locationId: store, onHand, reserved: 0, safetyStock: 0, lowStockThreshold: 0 }]),
      changedAt: Date.now(),
    });
    await copy!.update(at(9, 2));
    await copy!.update(at(4, 1));
    expect((await readCopy(copy!, [sku])).found[sku]?.[0]?.onHand).toBe(9);
  });

  it('answers the same from storage as from memory, whole or at some locations', async () => {
    const sku = uniqueId('STORED');
    const [copy] = copies();
    const levels = ['north', 'south', 'east'].map((locationId, i) => ({
      locationId,
      onHand: 10 * (i + 1),
      reserved: i,
      safetyStock: 1,
      lowStockThreshold: 3,
    }));
    await copy!.update({ sku, version: 1, levelsJson: JSON.stringify(levels), changedAt: Date.now() });
    const answers = async () => ({
      whole: (await readCopy(copy!, [sku])).found[sku],
      some: (JSON.parse(await copy!.read([sku], ['south', 'nowhere'])) as MirrorAnswer<StockLevel[]>).found[sku],
      headline: (JSON.parse(await copy!.headlines([sku], ['north', 'east'])) as MirrorAnswer<number>).found[sku],
    });
    const expected = { whole: levels, some: [levels[1]], headline: 9 + 27 };
    expect(await answers()).toEqual(expected);
    // As after a restart: nothing in memory, the SKU read back from SQLite.
    await runInDurableObject(copy!, (instance) => (Reflect.get(instance, 'memo') as Map<string, unknown>).clear());
    expect(await answers()).toEqual(expected);
    // A figure summed once is not kept past the next version, nor for another set of locations.
    const sold = levels.map((level) => ({ ...level, onHand: level.onHand - 5 }));
    await copy!.update({ sku, version: 2, levelsJson: JSON.stringify(sold), changedAt: Date.now() });
    expect(await answers()).toEqual({ whole: sold, some: [sold[1]], headline: 4 + 22 });
    const south = JSON.parse(await copy!.headlines([sku], ['south'])) as MirrorAnswer<number>;
    expect(south.found[sku]).toBe(15 - 1 - 1);
  });

  it('asks the StockDO of a catalog SKU no copy has yet, which then feeds every copy', async () => {
    expect(await mirrored(neverStocked!)).toEqual(Array(MIRROR_REPLICAS).fill(undefined));
    expect(await headline(neverStocked!, store)).toBe(0);
    expect(await mirrored(neverStocked!)).toEqual(Array(MIRROR_REPLICAS).fill([]));
  });

  it('does not wake a StockDO for a SKU outside the catalog', async () => {
    const unknown = uniqueId('GHOST');
    expect(await headline(unknown, store)).toBe(0);
    expect(await mirrored(unknown)).toEqual(Array(MIRROR_REPLICAS).fill(undefined));
  });
});

describe('GET /v1/admin/inventory/mirror', () => {
  it('shows ops each copy with its size and lag', async () => {
    const sku = uniqueId('HEALTH');
    const store = uniqueId('store');
    await seedCatalog([sku], [{ id: store }]);
    await countStock([sku], { [store]: 2 });
    const res = await api('/v1/admin/inventory/mirror', { token: await opsToken() });
    expect(res.status).toBe(200);
    expect(res.body.replicas).toHaveLength(MIRROR_REPLICAS);
    for (const [replica, copy] of res.body.replicas.entries()) {
      expect(copy.replica).toBe(replica);
      expect(copy.skus).toBeGreaterThanOrEqual(1);
      expect(copy.lag.samples).toBeGreaterThanOrEqual(1);
      expect(copy.lag.p50Ms).toBeGreaterThanOrEqual(0);
      expect(copy.lag.p99Ms).toBeGreaterThanOrEqual(copy.lag.p50Ms);
    }
  });

  it('is for ops only', async () => {
    expect((await api('/v1/admin/inventory/mirror')).status).toBe(401);
    for (const token of [await customerToken(), await posToken('store-1')]) {
      const res = await api('/v1/admin/inventory/mirror', { token });
      expect(res.status).toBe(403);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
    }
  });
});
