import { sql } from 'drizzle-orm';
import { runInDurableObject } from 'cloudflare:test';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DO_BACKLOG_RETRY } from '../../src/domain/delivery';
import { api, uniqueId } from '../helpers/api';
import { startPostgres, stopPostgres, withDatabase } from '../helpers/postgres';
import { opsToken } from '../helpers/tokens';
import { seedCatalog } from '../helpers/catalog';
import { drainLedger, sqlRows, stockOf } from '../helpers/stock';

describe('the stock ledger across a Postgres outage', () => {
  const sku = uniqueId('OUTAGE');
  const store = uniqueId('store');
  const stock = stockOf(sku);
  let postgresDown = false;

  beforeAll(async () => {
    await seedCatalog([sku], [{ id: store }]);
  });

  afterAll(async () => {
    if (postgresDown) await startPostgres();
  });

  it('keeps serving while Postgres is down, then ships every movement exactly once', async () => {
    const token = await opsToken();
    await stopPostgres();
    postgresDown = true;

    // Stock keeps moving: none of this waits for Postgres.
    const receipt = await api('/v1/admin/inventory', {
      method: 'POST',
      token,
      body: { movements: [{ id: 'receipt-1', sku, locationId: store, type: 'adjust', quantity: 20 }] },
    });
    expect(receipt.status).toBe(200);
    expect(await stock.reserve({ holdId: 'chk-1', locationId: store, quantity: 3, ttlMs: 600_000 })).toMatchObject({
      ok: true,
    });
    expect(await stock.commit('chk-1')).toMatchObject({ ok: true });
    await stock.sell({ saleId: 'pos-1', locationId: store, quantity: 12 });
    await stock.restock({ id: 'return-1', locationId: store, quantity: 1 });
    const availability = await api(`/v1/availability?skus=${sku}&locationId=${store}`);
    expect(availability.body.items[0].available).toBe(6);

    // A shipping attempt now fails and is rescheduled with backoff, the backlog intact.
    await runInDurableObject(stock, (instance) => instance.alarm());
    const failing = await stock.ledgerStatus();
    expect(failing.attempts).toBeGreaterThanOrEqual(1);
    expect(failing.dead).toBe(false);
    expect(failing.pendingMovements).toBe(5);
    expect(failing.lastError).toMatch(/connect|terminat|refused|timeout|closed/i);
    expect(Date.parse(failing.nextAttemptAt ?? '')).toBeGreaterThan(Date.now());
    expect(await runInDurableObject(stock, (_, state) => state.storage.getAlarm())).toBe(
      Date.parse(failing.nextAttemptAt ?? ''),
    );

    // Past the policy's attempts the ledger is flagged dead, but never parked: it keeps its backlog and its alarm.
    await sqlRows(stock, 'UPDATE ledger_state SET failures = ?', DO_BACKLOG_RETRY.maxAttempts - 1);
    await runInDurableObject(stock, (instance) => instance.alarm());
    const dead = await stock.ledgerStatus();
    expect(dead).toMatchObject({ attempts: DO_BACKLOG_RETRY.maxAttempts, dead: true, pendingMovements: 5 });
    expect(Date.parse(dead.nextAttemptAt ?? '')).toBeGreaterThan(Date.now());
    expect(await runInDurableObject(stock, (_, state) => state.storage.getAlarm())).toBe(
      Date.parse(dead.nextAttemptAt ?? ''),
    );

    await startPostgres();
    postgresDown = false;
    await drainLedger(stock);
    // A redelivered alarm after the backlog is shipped adds nothing.
    await runInDurableObject(stock, (instance) => instance.alarm());

    const local = await sqlRows<{ id: string }>(stock, 'SELECT id FROM movements ORDER BY seq');
    const ledger = await withDatabase(
      async (db) =>
        (
          await db.execute<{ id: string; copies: number }>(
            sql`SELECT id, COUNT(*)::int AS copies FROM inventory_movements WHERE sku = ${sku} GROUP BY id`,
          )
        ).rows,
    );
    expect(local).toHaveLength(5);
    expect(ledger.map((row) => row.id).sort()).toEqual(local.map((row) => row.id).sort());
    expect(ledger.every((row) => row.copies === 1)).toBe(true);
    expect(await stock.ledgerStatus()).toMatchObject({
      pendingMovements: 0,
      pendingEvents: 0,
      attempts: 0,
      nextAttemptAt: null,
      lastError: null,
      dead: false,
    });
  });
});
