import { sql } from 'drizzle-orm';
import { runInDurableObject } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { SHIP_COALESCE_MS } from '../../durable-objects/stock/ledger';
import { withDatabase } from '../helpers/postgres';
import { drainLedger, sqlRows, stockedSku } from '../helpers/stock';

interface LedgerRow extends Record<string, unknown> {
  id: string;
  kind: string;
  location_id: string;
  on_hand_delta: number;
  reserved_delta: number;
  flagged: boolean;
}

const ledgerOf = (sku: string) =>
  withDatabase(
    async (db) =>
      (await db.execute<LedgerRow>(sql`SELECT * FROM inventory_movements WHERE sku = ${sku} ORDER BY occurred_at, id`))
        .rows,
  );

describe('the inventory ledger in Postgres', () => {
  it('receives every movement exactly once, and adds up to the live levels', async () => {
    const { sku, stock } = await stockedSku({ L1: 10, L2: 4 });
    await stock.reserve({ holdId: 'h1', locationId: 'L1', quantity: 3, ttlMs: 600_000 });
    await stock.commit('h1');
    await stock.sell({ saleId: 'pos-1', locationId: 'L2', quantity: 6 });
    await drainLedger(stock);

    // A batch shipped again (e.g. the acknowledgement was lost in a crash) inserts nothing twice.
    await sqlRows(stock, 'UPDATE movements SET shipped = 0');
    await drainLedger(stock);

    const ledger = await ledgerOf(sku);
    const local = await sqlRows<{ id: string }>(stock, 'SELECT id FROM movements ORDER BY seq');
    expect(ledger.map((row) => row.id).sort()).toEqual(local.map((row) => row.id).sort());
    expect(new Set(ledger.map((row) => row.id)).size).toBe(ledger.length);

    const onHand = (location: string) =>
      ledger.filter((row) => row.location_id === location).reduce((sum, row) => sum + row.on_hand_delta, 0);
    expect(onHand('L1')).toBe(7);
    expect(onHand('L2')).toBe(-2);
    expect(ledger.find((row) => row.kind === 'sale')).toMatchObject({ flagged: true, on_hand_delta: -6 });
  });

  it('writes stock transitions to the outbox for the dispatcher', async () => {
    const { sku, stock } = await stockedSku({ L1: 8 });
    await stock.sell({ saleId: 'pos-low', locationId: 'L1', quantity: 4 });
    await drainLedger(stock);

    const outbox = await withDatabase(
      async (db) =>
        (
          await db.execute<{
            id: string;
            topic: string;
            payload: Record<string, unknown>;
            processed_at: string | null;
          }>(
            sql`SELECT id, topic, payload, processed_at FROM outbox WHERE payload->>'sku' = ${sku} ORDER BY created_at, id`,
          )
        ).rows,
    );
    // Nobody waits for this SKU, so its return from nothing queues no notify task (test/back-in-stock).
    expect(outbox.map((row) => row.topic).sort()).toEqual(['inventory.back_in_stock', 'inventory.low_stock']);
    expect(outbox.find((row) => row.topic === 'inventory.low_stock')).toMatchObject({
      id: `${sku}/sale/pos-low:low_stock`,
      payload: { sku, locationId: 'L1', available: 4 },
      processed_at: null,
    });
  });

  it('ships movements made close together in one go, shortly after the first', async () => {
    const { stock } = await stockedSku({});
    await stock.applyMovements([{ id: 'first', locationId: 'L1', type: 'set', quantity: 5 }]);
    const [first] = await sqlRows<{ occurred_at: number }>(
      stock,
      "SELECT occurred_at FROM movements WHERE id LIKE '%first'",
    );
    const alarmAt = () => runInDurableObject(stock, (_, state) => state.storage.getAlarm());
    expect(await alarmAt()).toBe((first?.occurred_at ?? 0) + SHIP_COALESCE_MS);
    // A hold and its commit a moment later do not move the alarm: all three travel together.
    await stock.reserve({ holdId: 'h', locationId: 'L1', quantity: 1, ttlMs: 600_000 });
    await stock.commit('h');
    expect(await alarmAt()).toBe((first?.occurred_at ?? 0) + SHIP_COALESCE_MS);
    expect(await stock.ledgerStatus()).toMatchObject({ pendingMovements: 3 });
  });

  it('reports no backlog once shipped, and keeps no alarm when nothing is pending', async () => {
    const { stock } = await stockedSku({ L1: 1 });
    await drainLedger(stock);
    expect(await stock.ledgerStatus()).toEqual({
      pendingMovements: 0,
      pendingEvents: 0,
      attempts: 0,
      nextAttemptAt: null,
      lastError: null,
      dead: false,
    });
  });

  it('arms the alarm again for the first movement after a shipment, from that movement', async () => {
    const { stock } = await stockedSku({});
    await stock.applyMovements([{ id: 'before', locationId: 'L1', type: 'set', quantity: 5 }]);
    await drainLedger(stock);
    const alarmAt = () => runInDurableObject(stock, (_, state) => state.storage.getAlarm());
    expect(await alarmAt()).toBeNull();
    await stock.applyMovements([{ id: 'after', locationId: 'L1', type: 'adjust', quantity: -1 }]);
    const [after] = await sqlRows<{ occurred_at: number }>(
      stock,
      "SELECT occurred_at FROM movements WHERE id LIKE '%after'",
    );
    expect(await alarmAt()).toBe((after?.occurred_at ?? 0) + SHIP_COALESCE_MS);
    await drainLedger(stock);
    expect(await alarmAt()).toBeNull();
  });

  it('prunes what retention let go on its first alarm, then at most hourly, through indexes', async () => {
    const { stock } = await stockedSku({});
    const dayMs = 24 * 60 * 60 * 1000;
    // Rows settled and shipped 91 days ago, beside the fresh ones: retention is 90 days.
    const age = (sql: SqlStorage, ago: number) => {
      const at = Date.now() - ago;
      sql.exec(
        `INSERT INTO movements (id, location_id, kind, on_hand_delta, reserved_delta, quantity, reference, flagged, occurred_at, shipped)
         VALUES (?, 'L1', 'adjust', 0, 0, 0, NULL, 0, ?, 1)`,
        `old-${at}`,
        at,
      );
      sql.exec(
        `INSERT INTO holds (id, location_id, quantity, reference, expires_at, state, settled_at) VALUES (?, 'L1', 1, NULL, ?, 'released', ?)`,
        `old-${at}`,
        at,
        at,
      );
    };
    const counts = () =>
      sqlRows<{ movements: number; holds: number }>(
        stock,
        `SELECT (SELECT COUNT(*) FROM movements WHERE id LIKE 'old-%') AS movements,
                (SELECT COUNT(*) FROM holds WHERE id LIKE 'old-%') AS holds`,
      );
    const alarmNow = () => runInDurableObject(stock, (instance) => instance.alarm());

    // Before this instance's first alarm (whichever delivers it, this call or its own timer).
    await runInDurableObject(stock, (_instance, state) => age(state.storage.sql, 91 * dayMs));
    await stock.applyMovements([{ id: 'count', locationId: 'L1', type: 'set', quantity: 5 }]);
    await stock.reserve({ holdId: 'kept', locationId: 'L1', quantity: 1, ttlMs: 600_000 });
    await stock.commit('kept');
    await alarmNow();
    expect(await counts()).toEqual([{ movements: 0, holds: 0 }]);
    // The kept hold and its movements are younger than retention.
    expect(await sqlRows(stock, "SELECT id FROM holds WHERE id = 'kept'")).toHaveLength(1);

    // Within the hour the next alarm leaves what has just become old for the next prune.
    await runInDurableObject(stock, (_instance, state) => age(state.storage.sql, 92 * dayMs));
    await alarmNow();
    expect(await counts()).toEqual([{ movements: 1, holds: 1 }]);

    const plans = await runInDurableObject(stock, (_instance, state) =>
      [
        'DELETE FROM movements WHERE shipped = 1 AND occurred_at < 0',
        'DELETE FROM events WHERE shipped = 1 AND created_at < 0',
        "DELETE FROM holds WHERE state <> 'held' AND settled_at < 0",
      ].map((query) =>
        state.storage.sql
          .exec<{ detail: string }>(`EXPLAIN QUERY PLAN ${query}`)
          .toArray()
          .map((row) => row.detail)
          .join('; '),
      ),
    );
    expect(plans).toEqual([
      expect.stringContaining('USING INDEX movements_shipped'),
      expect.stringContaining('USING INDEX events_shipped'),
      expect.stringContaining('USING INDEX holds_settled'),
    ]);
  });
});
