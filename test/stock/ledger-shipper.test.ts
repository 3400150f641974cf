import { sql } from 'drizzle-orm';
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import type { LedgerBatch } from '../../src/db/inventory';
import { LEDGER_SHIPPERS, ledgerShipperName } from '../../src/domain/stock';
import { uniqueId } from '../helpers/api';
import { withDatabase } from '../helpers/postgres';
import { drainLedger, stockedSku } from '../helpers/stock';

/** How many Postgres transactions wrote the SKUs' ledger rows: rows committed together share their `xmin`. */
const ledgerOf = (skus: readonly string[]) =>
  withDatabase(async (db) => {
    const result = await db.execute<{ sku: string; transaction: string }>(
      sql`SELECT sku, xmin::text AS transaction FROM inventory_movements WHERE sku IN ${skus}`,
    );
    return result.rows;
  });

const receipt = (sku: string, quantity: number): LedgerBatch => ({
  movements: [
    {
      id: `${sku}/receipt`,
      sku,
      locationId: 'L1',
      kind: 'adjust',
      onHandDelta: quantity,
      reservedDelta: 0,
      quantity,
      reference: null,
      flagged: false,
      occurredAt: new Date().toISOString(),
    },
  ],
  events: [],
});

/** The backends of a shipper's connections (named `aisle shipper:N`, see shipper.ts). */
const backendsOf = (shipperName: string) =>
  withDatabase(async (db) => {
    const result = await db.execute<{ pid: number }>(
      sql`SELECT pid FROM pg_stat_activity WHERE application_name = ${`aisle ${shipperName}`}`,
    );
    return result.rows.map((row) => row.pid);
  });

describe('the ledger shippers', () => {
  it('write the batches of StockDOs shipping at once in shared transactions, each movement once', async () => {
    const stocked = await Promise.all(Array.from({ length: 40 }, () => stockedSku({ L1: 5, L2: 3 }, 'SHIP')));
    await Promise.all(stocked.map(({ stock }) => drainLedger(stock)));

    const rows = await ledgerOf(stocked.map(({ sku }) => sku));
    expect(rows).toHaveLength(80);
    const transactions = new Set(rows.map((row) => row.transaction));
    // On their own, 40 StockDOs would be 40 transactions on 40 connections.
    expect(transactions.size).toBeLessThan(20);
  });

  it('spread the SKUs over every shipper, each SKU always to the same one', () => {
    const skus = Array.from({ length: 200 }, (_, i) => `SKU-${i}`);
    const names = new Set(skus.map(ledgerShipperName));
    expect(names.size).toBe(LEDGER_SHIPPERS);
    expect(skus.map(ledgerShipperName)).toEqual(skus.map(ledgerShipperName));
  });

  it('write what arrives together in one transaction, and a batch Postgres refuses fails alone', async () => {
    const shipper = env.LEDGER.getByName(ledgerShipperName(uniqueId('any')));
    const good = Array.from({ length: 5 }, () => uniqueId('GOOD'));
    const together = await Promise.all(good.map((sku) => shipper.append(receipt(sku, 4))));
    expect(together).toEqual(good.map(() => ({ ok: true, written: [] })));
    expect(new Set((await ledgerOf(good)).map((row) => row.transaction)).size).toBe(1);

    // An integer column refuses 3 billion: the whole transaction fails, so each batch is then written alone.
    const poisoned = uniqueId('POISON');
    const others = Array.from({ length: 5 }, () => uniqueId('OTHER'));
    const [refused, ...accepted] = await Promise.all([
      shipper.append(receipt(poisoned, 3_000_000_000)),
      ...others.map((sku) => shipper.append(receipt(sku, 2))),
    ]);
    expect(refused).toMatchObject({ ok: false, error: expect.stringMatching(/out of range for type integer/) });
    expect(accepted).toEqual(others.map(() => ({ ok: true, written: [] })));
    const written = await ledgerOf([poisoned, ...others]);
    expect(written.map((row) => row.sku).sort()).toEqual([...others].sort());
  });

  it('keep their connection between writes: one backend serves writes made apart', async () => {
    const name = ledgerShipperName(uniqueId('kept'));
    const shipper = env.LEDGER.getByName(name);
    const [first, second] = [uniqueId('KEPT'), uniqueId('KEPT')];
    expect(await shipper.append(receipt(first, 1))).toEqual({ ok: true, written: [] });
    const backends = await backendsOf(name);
    expect(backends).toHaveLength(1);

    await scheduler.wait(50);
    expect(await shipper.append(receipt(second, 1))).toEqual({ ok: true, written: [] });
    // Two transactions, so two writes; the same backend, so no new connection for the second.
    expect(new Set((await ledgerOf([first, second])).map((row) => row.transaction)).size).toBe(2);
    expect(await backendsOf(name)).toEqual(backends);
  });
});
