import { DurableObject } from 'cloudflare:workers';
import { loadConfig } from '../../src/config';
import { connectDatabase, type DatabaseConnection } from '../../src/db/client';
import { isDatabaseUnavailable } from '../../src/db/errors';
import { appendLedgerBatches, type LedgerBatch } from '../../src/db/inventory';
import type { OutboxRow } from '../../src/db/outbox';
import { describeError } from '../../src/lib/describe-error';

/** Rows one transaction writes at most: its JSON parameters stay within a few hundred kB; the rest go in the next. */
const MAX_ROWS_PER_WRITE = 5_000;

/**
 * How long a write waits for more batches before it starts. Shipping is
 * already a second behind the stock it records (SHIP_COALESCE_MS), so this
 * costs nothing anyone waits for, and StockDOs whose alarms fire together
 * (a checkout's SKUs, a stock feed's call) share one transaction.
 */
const GATHER_MS = 10;

/** How often a batch waiting for the write under way looks whether it is done. */
const POLL_MS = 2;

/**
 * What became of a batch: written, with the outbox rows to announce, or not,
 * and why. A refusal is an answer rather than a throw: thrown across the RPC it
 * would be logged as an uncaught exception here for every StockDO that
 * retries through an outage.
 */
export type ShipOutcome = { ok: true; written: OutboxRow[] } | { ok: false; error: string };
type Entry = { batch: LedgerBatch; rows: number; outcome?: ShipOutcome };

/**
 * Writes StockDOs' ledger batches to Postgres for a shard of the SKUs
 * (`LEDGER.getByName(ledgerShipperName(sku))`): the batches that arrive
 * while a write is being made go together in the next one, one connection
 * and one transaction for all of them. Shipping on their own, 10,000 StockDOs
 * stocked at once opened 10,000 connections, and each checkout's SKUs one
 * each a second after it; a Postgres (or Neon) has far fewer to give.
 *
 * It keeps no batch: a StockDO marks a batch shipped only once `append`
 * answers that it was written, and keeps it (retrying with backoff) when it
 * was refused or the call failed, so a shipper evicted mid-write loses
 * nothing. Each write is made and awaited by a request still waiting for its
 * own batch.
 *
 * It keeps its connection: a Durable Object's I/O belongs to the object, not
 * to one request, so writes a few hundred milliseconds apart (a checkout's
 * SKUs a second after it, every second of a sale) share one Postgres backend
 * instead of starting one each. The pool closes it after 10 s idle
 * (node-postgres's default) and opens a new one for the next write; one that
 * broke is dropped when its write gives it back.
 */
export class LedgerShipperDO extends DurableObject<Env> {
  private readonly waiting: Entry[] = [];
  private writing = false;
  private connection: DatabaseConnection | undefined;

  /** Writes the batch, with the others waiting, and answers once its transaction committed or failed. */
  async append(batch: LedgerBatch): Promise<ShipOutcome> {
    const entry: Entry = { batch, rows: batch.movements.length + batch.events.length };
    this.waiting.push(entry);
    while (!entry.outcome) {
      if (this.writing) {
        // Looked at rather than awaited: awaiting the leader's promise would follow a promise another
        // request made, through workerd's cross-request machinery; a look every 2 ms costs nothing here.
        await scheduler.wait(POLL_MS);
        continue;
      }
      // One write at a time; whoever finds none under way leads the next, with everything waiting by then.
      this.writing = true;
      try {
        await this.write();
      } finally {
        this.writing = false;
      }
    }
    return entry.outcome;
  }

  /** Never rejects: every batch it takes leaves with an outcome, or its StockDO would wait for ever. */
  private async write(): Promise<void> {
    await scheduler.wait(GATHER_MS);
    const entries = this.take();
    try {
      // Named (`aisle shipper:2`) so pg_stat_activity tells the kept connections apart.
      this.connection ??= connectDatabase(loadConfig(this.env).database, 'background', `aisle ${this.ctx.id.name}`);
      await writeEntries(this.connection, entries);
    } catch (error) {
      fail(entries, error);
    }
  }

  private take(): Entry[] {
    let rows = 0;
    let count = 0;
    while (count < this.waiting.length) {
      const next = this.waiting[count] as Entry;
      if (count > 0 && rows + next.rows > MAX_ROWS_PER_WRITE) break;
      rows += next.rows;
      count += 1;
    }
    return this.waiting.splice(0, count);
  }
}

/**
 * One transaction for all; should it fail on what one batch holds (Postgres
 * answered, so the connection works), each goes on its own, so one StockDO's
 * bad row holds back only its own ledger.
 */
async function writeEntries(connection: DatabaseConnection, entries: readonly Entry[]): Promise<void> {
  try {
    const written = await appendLedgerBatches(
      connection.db,
      entries.map((entry) => entry.batch),
    );
    entries.forEach((entry, i) => (entry.outcome = { ok: true, written: written[i] ?? [] }));
  } catch (error) {
    if (entries.length > 1 && !isDatabaseUnavailable(error)) {
      for (const entry of entries) await writeEntries(connection, [entry]);
      return;
    }
    fail(entries, error);
  }
}

function fail(entries: readonly Entry[], error: unknown): void {
  // The cause chain does not cross the RPC back to the StockDO; its description does.
  const failure = describeError(error);
  for (const entry of entries) entry.outcome ??= { ok: false, error: failure };
}
