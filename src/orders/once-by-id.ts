import type { Database } from '../db/client';
import { abandonIdempotencyKey, releaseIdempotencyKey, waitForClaim } from '../db/idempotency';
import { ApiError } from '../lib/errors';
import { sha256 } from '../lib/hash';

// How long a duplicate of a request still running waits for its answer before a 409.
const DUPLICATE_WAIT_MS = 15_000;

export interface OnceRequest<T> {
  /** The idempotency key: the caller's id, scoped (`pos-sale:<store>:<saleId>`). */
  key: string;
  /** What the caller sent; another body under the same key is refused. */
  body: unknown;
  /** How the caller's id is named in problems: `Sale s-1`, `Return r-1`. */
  name: string;
  /** Does the work; it marks the key done in its own transaction (completeIdempotencyKey). */
  run: () => Promise<T>;
  /** What a repeat is answered with, once the key is done. */
  replay: () => Promise<T>;
}

/**
 * A request made safe to repeat by the caller's own id (a till's saleId, a
 * returnId): a repeat with the same body is answered by `replay`, another body
 * is 422 `idempotency_key_reused`, a duplicate arriving while the first runs
 * waits for it. A refusal (4xx) changed nothing, so the id is freed for the
 * corrected request; any other failure may have done the work, so the retry
 * takes the claim over and finds it.
 */
export async function onceById<T>(db: Database, request: OnceRequest<T>): Promise<{ result: T; replayed: boolean }> {
  const { key, name } = request;
  const claim = await waitForClaim(db, key, await sha256(JSON.stringify(request.body)), DUPLICATE_WAIT_MS);
  if (claim.kind === 'replay') return { result: await request.replay(), replayed: true };
  if (claim.kind === 'mismatch')
    throw new ApiError('idempotency_key_reused', `${name} was sent with a different body.`);
  if (claim.kind === 'in_progress') {
    throw new ApiError('conflict', `${name} is still being recorded; retry shortly.`, {
      headers: { 'retry-after': '2' },
    });
  }
  try {
    return { result: await request.run(), replayed: false };
  } catch (error) {
    if (error instanceof ApiError && error.status < 500) await releaseIdempotencyKey(db, key);
    else await abandonIdempotencyKey(db, key);
    throw error;
  }
}
