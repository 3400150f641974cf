import { ok } from '../../../src/client';

const RETRIES = 3;

/**
 * workerd closes a keep-alive connection after 5 s idle, and a client whose
 * event loop is busy (ours loads 10,000 SKUs while relaying Postgres traffic)
 * can reuse the socket just as it closes. Such a request never reached the
 * Worker, so it is sent again; only for calls that are safe to repeat.
 */
export async function retryOnConnectionLoss<T>(call: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await call();
    } catch (error) {
      if (attempt >= RETRIES || !isConnectionLoss(error)) throw error;
    }
  }
}

function isConnectionLoss(error: unknown): boolean {
  if (!(error instanceof TypeError) || error.message !== 'fetch failed') return false;
  const code = (error.cause as { code?: unknown } | undefined)?.code;
  return code === 'ECONNRESET' || code === 'UND_ERR_SOCKET' || code === 'EPIPE';
}

/**
 * A call made while preparing or checking a scenario (never timed): a failure
 * stops the bench. Only used for calls that are harmless to repeat (a repeated
 * add only raises a quantity), so a lost connection is retried.
 */
export function preparing<T>(call: () => Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  return retryOnConnectionLoss(() => ok(call()));
}
