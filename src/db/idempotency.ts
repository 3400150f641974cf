import { and, eq, lt, sql } from 'drizzle-orm';
import type { Database, Transaction } from './client';
import { idempotencyKeys } from './schema';

/** How long a claimed key is reserved for the request working on it before a retry may take over. */
const LEASE_SECONDS = 60;

export interface StoredResponse {
  status: number;
  body: Record<string, unknown>;
}

export type Claim =
  | { kind: 'claimed'; attempt: number }
  | { kind: 'replay'; response: StoredResponse }
  | { kind: 'mismatch' }
  | { kind: 'in_progress' };

/**
 * Claims `key` for a request whose body hashes to `requestHash`. Exactly one
 * of any number of concurrent requests with the same key gets `claimed`; the
 * others see the stored response once it is there. A claim whose lease ran
 * out (the request died mid-way) can be taken over: every step after the
 * claim is itself idempotent, so running it again is safe.
 */
export async function claimIdempotencyKey(db: Database, key: string, requestHash: string): Promise<Claim> {
  const inserted = await db
    .insert(idempotencyKeys)
    .values({
      key,
      requestHash,
      status: 'in_progress',
      lockedUntil: sql`now() + make_interval(secs => ${LEASE_SECONDS})`,
    })
    .onConflictDoNothing({ target: idempotencyKeys.key })
    .returning({ key: idempotencyKeys.key });
  if (inserted.length > 0) return { kind: 'claimed', attempt: 1 };

  const [existing] = await db.select().from(idempotencyKeys).where(eq(idempotencyKeys.key, key));
  if (!existing) return claimIdempotencyKey(db, key, requestHash);
  if (existing.requestHash !== requestHash) return { kind: 'mismatch' };
  if (existing.status === 'completed' && existing.responseStatus !== null && existing.responseBody !== null) {
    return { kind: 'replay', response: { status: existing.responseStatus, body: existing.responseBody } };
  }
  const takenOver = await db
    .update(idempotencyKeys)
    .set({
      lockedUntil: sql`now() + make_interval(secs => ${LEASE_SECONDS})`,
      attempts: sql`${idempotencyKeys.attempts} + 1`,
    })
    .where(
      and(
        eq(idempotencyKeys.key, key),
        eq(idempotencyKeys.status, 'in_progress'),
        lt(idempotencyKeys.lockedUntil, sql`now()`),
      ),
    )
    .returning({ attempts: idempotencyKeys.attempts });
  const [taken] = takenOver;
  return taken ? { kind: 'claimed', attempt: taken.attempts } : { kind: 'in_progress' };
}

/** Stores the final response; inside the order's own transaction when there is one. */
export async function completeIdempotencyKey(
  db: Database | Transaction,
  key: string,
  response: StoredResponse,
): Promise<void> {
  await db
    .update(idempotencyKeys)
    .set({ status: 'completed', responseStatus: response.status, responseBody: response.body })
    .where(eq(idempotencyKeys.key, key));
}

/**
 * Gives up a claim after a transient failure: the lease ends now, so the
 * client's retry takes the key over at once, as the next attempt.
 */
export async function abandonIdempotencyKey(db: Database, key: string): Promise<void> {
  await db
    .update(idempotencyKeys)
    .set({ lockedUntil: sql`now() - interval '1 second'` })
    .where(and(eq(idempotencyKeys.key, key), eq(idempotencyKeys.status, 'in_progress')));
}

/**
 * Claims `key`, waiting up to `waitMs` while another request holds it: a
 * duplicate sent while the first is still running gets the first's answer
 * rather than a 409, unless the first takes longer than that.
 */
export async function waitForClaim(db: Database, key: string, requestHash: string, waitMs: number): Promise<Claim> {
  const deadline = Date.now() + waitMs;
  for (;;) {
    const claim = await claimIdempotencyKey(db, key, requestHash);
    if (claim.kind !== 'in_progress' || Date.now() > deadline) return claim;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * Gives a claim up entirely after a refusal that moved nothing (a till's sale
 * that did not add up): the key is free again, so the corrected request may
 * use it, whatever its body.
 */
export async function releaseIdempotencyKey(db: Database, key: string): Promise<void> {
  await db.delete(idempotencyKeys).where(and(eq(idempotencyKeys.key, key), eq(idempotencyKeys.status, 'in_progress')));
}
