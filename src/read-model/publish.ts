import { sql } from 'drizzle-orm';
import type { Database, Transaction } from '../db/client';

/**
 * Runs an admin write and publishes its result to the edge read model as one
 * unit: the publish happens inside the transaction, so a failed publish rolls
 * the write back (nothing half-done), and the advisory lock on each of
 * `topics` makes concurrent writers of a topic publish in commit order (no
 * stale snapshot wins). Several topics are locked in one order (by their
 * lock key), so writers sharing some of them wait for each other, never
 * deadlock.
 */
export function writeThenPublish<T>(
  db: Database,
  topics: string | readonly string[],
  write: (tx: Transaction) => Promise<T>,
  publish: (written: T, tx: Transaction) => Promise<void>,
): Promise<T> {
  const names = (typeof topics === 'string' ? [topics] : topics).map((topic) => `aisle:publish:${topic}`);
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(key) from (
      select distinct hashtext(topic) as key from unnest(array[${sql.join(
        names.map((name) => sql`${name}`),
        sql`, `,
      )}]::text[]) as topic order by key) as locks`);
    const written = await write(tx);
    await publish(written, tx);
    return written;
  });
}
