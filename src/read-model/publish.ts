import { sql } from 'drizzle-orm';
import type { Database, Transaction } from '../db/client';

/**
 * Runs an admin write and publishes its result to the edge read model as one
 * unit: the publish happens inside the transaction, so a failed publish rolls
 * the write back (nothing half-done), and the advisory lock on `topic` makes
 * concurrent writers publish in commit order (no stale snapshot wins).
 */
export function writeThenPublish<T>(
  db: Database,
  topic: string,
  write: (tx: Transaction) => Promise<T>,
  publish: (written: T, tx: Transaction) => Promise<void>,
): Promise<T> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`aisle:publish:${topic}`}))`);
    const written = await write(tx);
    await publish(written, tx);
    return written;
  });
}
