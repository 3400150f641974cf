// A receiver gets 10 s (Standard Webhooks' guidance) for the whole answer; what it says is kept for ops as a
// short excerpt, read from the stream and then dropped, so a huge or endless body costs nothing.
const ATTEMPT_TIMEOUT_MS = 10_000;
const EXCERPT_BYTES = 256;

export interface ReceiverAnswer {
  /** The HTTP status; null when there was no answer (network error, timeout). */
  status: number | null;
  excerpt: string | null;
  retryAfter: string | null;
  /** Why there was no answer. */
  error: string | null;
}

/** POSTs a signed webhook once; never follows redirects (a 3xx is an answer, and not a 2xx). */
export async function postWebhook(url: string, body: string, headers: Record<string, string>): Promise<ReceiverAnswer> {
  const signal = AbortSignal.timeout(ATTEMPT_TIMEOUT_MS);
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'user-agent': 'Aisle-Webhooks/1', ...headers },
      body,
      redirect: 'manual',
      signal,
    });
  } catch (error) {
    const timedOut = signal.aborted;
    return {
      status: null,
      excerpt: null,
      retryAfter: null,
      error: timedOut ? 'timed out after 10 s' : `request failed: ${String(error)}`,
    };
  }
  return {
    status: response.status,
    excerpt: await readExcerpt(response),
    retryAfter: response.headers.get('retry-after'),
    error: null,
  };
}

/** The first bytes of the body as text, then the rest cancelled; whatever arrived if the body fails or times out. */
async function readExcerpt(response: Response): Promise<string | null> {
  const reader = response.body?.getReader();
  if (!reader) return null;
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    while (size < EXCERPT_BYTES) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      size += value.byteLength;
    }
  } catch {
    // The timeout or the connection cut the body short: keep what came.
  } finally {
    reader.cancel().catch(() => undefined);
  }
  const bytes = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.byteLength;
  }
  const text = new TextDecoder().decode(bytes.subarray(0, EXCERPT_BYTES)).replaceAll('\u0000', '');
  return text.length > 0 ? text : null;
}
