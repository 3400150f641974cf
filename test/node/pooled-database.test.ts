import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectDatabase, type Database } from '../../src/db/client';
import { startLocalDatabase, type LocalDatabase } from '../../scripts/lib/local-database';
import { sampleCpu } from '../../scripts/lib/bench/cpu-time';
import { removeLocalPostgresData } from '../../scripts/lib/postgres';
import { acceptsConnections } from '../../scripts/lib/process';

// initdb, the server, PgBouncer and the migrations, while the Workers tests may hold both cores.
const START_TIMEOUT_MS = 120_000;

/** A new connection through the Worker's driver and the relay: which backend served it (on a migrated schema). */
async function backendPid(database: LocalDatabase): Promise<number> {
  const { db, close } = connectDatabase(database.settings);
  try {
    const result = await db.execute<{ pid: number }>(
      sql`select pg_backend_pid() as pid from (select count(*) from orders) as migrated`,
    );
    return Number(result.rows[0]?.pid);
  } finally {
    await close();
  }
}

describe('the load stack database (npm run bench, npm run start)', () => {
  let dir: string;
  let database: LocalDatabase;
  let stopped = false;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'aisle-pooled-'));
    // Every user may enter it, so PostgreSQL (the postgres OS user under root) keeps its data here.
    chmodSync(dir, 0o755);
    database = await startLocalDatabase({
      dataDir: join(dir, 'postgres'),
      persistent: false,
      poolerDir: join(dir, 'pgbouncer'),
    });
  }, START_TIMEOUT_MS);

  afterAll(async () => {
    if (!stopped) await database?.stop();
    removeLocalPostgresData(join(dir, 'postgres'));
    rmSync(dir, { recursive: true, force: true });
  });

  it('points the Worker at PgBouncer, not at the server itself', () => {
    expect(database.directUrl).not.toBeNull();
    expect(new URL(database.settings.url).port).not.toBe(new URL(database.directUrl!).port);
  });

  it('hands one connection after another the same warm backend, migrated', async () => {
    const first = await backendPid(database);
    expect(await backendPid(database)).toBe(first);
  });

  it('pools per transaction: an open connection holds a backend only inside a transaction', async () => {
    const holder = connectDatabase(database.settings);
    const pid = async (db: Database) =>
      Number((await db.execute<{ pid: number }>(sql`select pg_backend_pid() as pid`)).rows[0]?.pid);
    try {
      // Between its statements the holder's backend serves whoever connects next.
      const between = await pid(holder.db);
      expect(await backendPid(database)).toBe(between);
      await holder.db.transaction(async (tx) => {
        const held = await pid(tx);
        expect(await backendPid(database)).not.toBe(held);
        expect(await pid(tx)).toBe(held);
      });
    } finally {
      await holder.close();
    }
  });

  it("is found by the bench's CPU sampler among this process's descendants", async () => {
    const before = sampleCpu();
    for (let i = 0; i < 20; i += 1) await backendPid(database);
    const after = sampleCpu();
    expect(before?.times.postgres).toBeGreaterThan(0);
    expect(after?.times.postgres).toBeGreaterThanOrEqual(before?.times.postgres ?? Infinity);
    expect(after?.times.workerd).toBe(0);
    expect(after?.machineTicks).toBeGreaterThan(before?.machineTicks ?? Infinity);
  });

  it('stops PgBouncer with the rest', async () => {
    const pooled = Number(new URL(database.settings.url).port);
    expect(await acceptsConnections(pooled)).toBe(true);
    stopped = true;
    await database.stop();
    expect(await acceptsConnections(pooled)).toBe(false);
  });
});
