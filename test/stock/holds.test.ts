import { evictDurableObject, runDurableObjectAlarm, runInDurableObject } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { levelAt, sqlRows, stockedSku } from '../helpers/stock';

const LONG_TTL = 600_000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('holds', () => {
  it('creates one hold for a hold id sent twice', async () => {
    const { stock } = await stockedSku({ L1: 10 });
    const request = { holdId: 'chk_1', locationId: 'L1', quantity: 3, ttlMs: LONG_TTL, reference: 'checkout:1' };

    const first = await stock.reserve(request);
    const second = await stock.reserve(request);

    expect(first).toMatchObject({
      ok: true,
      replayed: false,
      hold: { id: 'chk_1', state: 'held', quantity: 3, reference: 'checkout:1' },
    });
    expect(second).toMatchObject({ ok: true, replayed: true, hold: { id: 'chk_1', state: 'held', quantity: 3 } });
    expect(await levelAt(stock, 'L1')).toMatchObject({ reserved: 3, available: 7 });
  });

  it('holds and sells once when the same hold, then its commit, arrive 100 times at once', async () => {
    const { stock } = await stockedSku({ L1: 10 });
    const request = { holdId: 'retried', locationId: 'L1', quantity: 3, ttlMs: LONG_TTL };
    const holds = await Promise.all(Array.from({ length: 100 }, () => stock.reserve(request)));
    expect(holds.filter((hold) => hold.ok && !hold.replayed)).toHaveLength(1);
    expect(holds.every((hold) => hold.ok)).toBe(true);
    expect(await levelAt(stock, 'L1')).toMatchObject({ onHand: 10, reserved: 3, available: 7 });

    const commits = await Promise.all(Array.from({ length: 100 }, () => stock.commit('retried')));
    expect(commits.filter((commit) => commit.ok && !commit.replayed)).toHaveLength(1);
    expect(await levelAt(stock, 'L1')).toMatchObject({ onHand: 7, reserved: 0, available: 7 });
  });

  it('refuses a hold id reused for a different request, keeping the first hold', async () => {
    const { stock } = await stockedSku({ L1: 10 });
    await stock.reserve({ holdId: 'h', locationId: 'L1', quantity: 3, ttlMs: LONG_TTL });

    const reused = await stock.reserve({ holdId: 'h', locationId: 'L1', quantity: 4, ttlMs: LONG_TTL });

    expect(reused).toMatchObject({ ok: false, reason: 'hold_id_conflict', hold: { quantity: 3 } });
    expect(await levelAt(stock, 'L1')).toMatchObject({ reserved: 3 });
  });

  it('refuses a hold the location cannot cover, and holds nothing', async () => {
    const { stock } = await stockedSku({ L1: 2 });
    expect(await stock.reserve({ holdId: 'h', locationId: 'L1', quantity: 3, ttlMs: LONG_TTL })).toEqual({
      ok: false,
      reason: 'insufficient_stock',
      requested: 3,
      available: 2,
    });
    expect(await stock.hold('h')).toBeNull();
  });

  it('keeps safety stock out of reach', async () => {
    const { stock } = await stockedSku({ L1: 5 });
    await stock.setPolicies([{ locationId: 'L1', safetyStock: 2, lowStockThreshold: 1 }]);
    expect(await stock.reserve({ holdId: 'h1', locationId: 'L1', quantity: 4, ttlMs: LONG_TTL })).toMatchObject({
      ok: false,
      available: 3,
    });
    expect(await stock.reserve({ holdId: 'h2', locationId: 'L1', quantity: 3, ttlMs: LONG_TTL })).toMatchObject({
      ok: true,
    });
    expect(await levelAt(stock, 'L1')).toMatchObject({
      onHand: 5,
      reserved: 3,
      safetyStock: 2,
      available: 0,
      status: 'out_of_stock',
    });
  });

  it('turns held units into sold ones on commit, once however often it is repeated', async () => {
    const { stock } = await stockedSku({ L1: 10 });
    await stock.reserve({ holdId: 'h', locationId: 'L1', quantity: 4, ttlMs: LONG_TTL });

    const first = await stock.commit('h');
    const again = await stock.commit('h');

    expect(first).toMatchObject({
      ok: true,
      replayed: false,
      late: false,
      flagged: false,
      hold: { state: 'committed' },
    });
    expect(again).toMatchObject({ ok: true, replayed: true, hold: { state: 'committed' } });
    expect(await levelAt(stock, 'L1')).toMatchObject({ onHand: 6, reserved: 0, available: 6 });
  });

  it('gives units back on release, and a repeated release changes nothing', async () => {
    const { stock } = await stockedSku({ L1: 10 });
    await stock.reserve({ holdId: 'h', locationId: 'L1', quantity: 4, ttlMs: LONG_TTL });

    expect(await stock.release('h')).toMatchObject({ ok: true, replayed: false, hold: { state: 'released' } });
    expect(await stock.release('h')).toMatchObject({ ok: true, replayed: true });
    expect(await levelAt(stock, 'L1')).toMatchObject({ onHand: 10, reserved: 0, available: 10 });
  });

  it('refuses commit after release: the caller gave the units back, so they are not sold', async () => {
    const { stock } = await stockedSku({ L1: 10 });
    await stock.reserve({ holdId: 'h', locationId: 'L1', quantity: 4, ttlMs: LONG_TTL });
    await stock.release('h');

    const commit = await stock.commit('h');

    expect(commit).toMatchObject({ ok: false, reason: 'hold_released', hold: { state: 'released' } });
    expect(await levelAt(stock, 'L1')).toMatchObject({ onHand: 10, reserved: 0 });
  });

  it('refuses to release a committed hold: sold goods come back only as a restock', async () => {
    const { stock } = await stockedSku({ L1: 10 });
    await stock.reserve({ holdId: 'h', locationId: 'L1', quantity: 4, ttlMs: LONG_TTL });
    await stock.commit('h');

    expect(await stock.release('h')).toMatchObject({ ok: false, reason: 'hold_committed' });
    expect(await levelAt(stock, 'L1')).toMatchObject({ onHand: 6, reserved: 0 });
  });

  it('answers hold_not_found for a hold it never saw', async () => {
    const { stock } = await stockedSku({ L1: 1 });
    expect(await stock.commit('nope')).toEqual({ ok: false, reason: 'hold_not_found' });
    expect(await stock.release('nope')).toEqual({ ok: false, reason: 'hold_not_found' });
  });
});

describe('hold expiry', () => {
  it('frees the stock when the alarm finds the hold past its TTL', async () => {
    const { stock } = await stockedSku({ L1: 5 });
    const reserved = await stock.reserve({ holdId: 'h', locationId: 'L1', quantity: 5, ttlMs: 200 });
    expect(reserved).toMatchObject({ ok: true, levels: [{ available: 0 }] });
    expect(await runInDurableObject(stock, (_, state) => state.storage.getAlarm())).not.toBeNull();

    await sleep(250);
    // The alarm may already have fired on its own; either way it is what expired the hold.
    await runDurableObjectAlarm(stock);

    const holds = await sqlRows<{ state: string }>(stock, "SELECT state FROM holds WHERE id = 'h'");
    expect(holds).toEqual([{ state: 'expired' }]);
    const levels = await sqlRows<{ reserved: number }>(stock, "SELECT reserved FROM levels WHERE location_id = 'L1'");
    expect(levels).toEqual([{ reserved: 0 }]);
    expect(await levelAt(stock, 'L1')).toMatchObject({ onHand: 5, reserved: 0, available: 5 });
  });

  it('is idempotent when the alarm is delivered again, and correct in a restarted object', async () => {
    const { stock } = await stockedSku({ L1: 5 });
    await stock.reserve({ holdId: 'h', locationId: 'L1', quantity: 2, ttlMs: 100 });
    await sleep(150);

    await evictDurableObject(stock);
    await runInDurableObject(stock, async (instance) => {
      await instance.alarm();
      await instance.alarm();
    });

    const expiries = await sqlRows(stock, "SELECT id FROM movements WHERE kind = 'expire'");
    expect(expiries).toHaveLength(1);
    expect(await levelAt(stock, 'L1')).toMatchObject({ onHand: 5, reserved: 0, available: 5 });
  });

  it('never lets a hold outlive its TTL in an answer, even before a late alarm runs', async () => {
    const { stock } = await stockedSku({ L1: 3 });
    await stock.reserve({ holdId: 'h', locationId: 'L1', quantity: 3, ttlMs: 50 });
    await sleep(80);
    expect(await stock.reserve({ holdId: 'h2', locationId: 'L1', quantity: 3, ttlMs: LONG_TTL })).toMatchObject({
      ok: true,
    });
  });

  it('still sells on a commit after expiry, flagged when the units went to someone else meanwhile', async () => {
    const { stock } = await stockedSku({ L1: 3 });
    await stock.reserve({ holdId: 'late', locationId: 'L1', quantity: 2, ttlMs: 50 });
    await sleep(80);
    await stock.reserve({ holdId: 'other', locationId: 'L1', quantity: 3, ttlMs: LONG_TTL });

    const commit = await stock.commit('late');

    expect(commit).toMatchObject({ ok: true, late: true, flagged: true, hold: { state: 'committed' } });
    expect(await levelAt(stock, 'L1')).toMatchObject({ onHand: 1, reserved: 3, available: 0 });
    const [movement] = await sqlRows<{ flagged: number; on_hand_delta: number; reserved_delta: number }>(
      stock,
      "SELECT flagged, on_hand_delta, reserved_delta FROM movements WHERE kind = 'commit'",
    );
    expect(movement).toEqual({ flagged: 1, on_hand_delta: -2, reserved_delta: 0 });
  });

  it('does not flag a late commit that the stock still covers', async () => {
    const { stock } = await stockedSku({ L1: 10 });
    await stock.reserve({ holdId: 'late', locationId: 'L1', quantity: 2, ttlMs: 50 });
    await sleep(80);
    expect(await stock.commit('late')).toMatchObject({ ok: true, late: true, flagged: false });
    expect(await levelAt(stock, 'L1')).toMatchObject({ onHand: 8, reserved: 0 });
  });

  it('arms the alarm for the earliest live hold once the ledger is shipped', async () => {
    const { stock } = await stockedSku({ L1: 10 });
    const soon = await stock.reserve({ holdId: 'soon', locationId: 'L1', quantity: 1, ttlMs: 300_000 });
    await stock.reserve({ holdId: 'later', locationId: 'L1', quantity: 1, ttlMs: 500_000 });
    await runInDurableObject(stock, (instance) => instance.alarm());
    if (!soon.ok) throw new Error('expected a hold');
    expect(await runInDurableObject(stock, (_, state) => state.storage.getAlarm())).toBe(
      Date.parse(soon.hold.expiresAt),
    );
  });
});
