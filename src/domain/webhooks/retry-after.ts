/** The longest wait a receiver's Retry-After can impose: the longest step of the schedule. */
export const MAX_RETRY_AFTER_MS = 10 * 60 * 60_000;

/** Retry-After (delay-seconds or an HTTP date, RFC 9110 §10.2.3) in ms from `now`, bounded; null when absent or unreadable. */
export function retryAfterMs(header: string | null, now: number): number | null {
  if (header === null) return null;
  const value = header.trim();
  const ms = /^\d+$/.test(value) ? Number(value) * 1000 : Date.parse(value) - now;
  if (!Number.isFinite(ms)) return null;
  return Math.min(Math.max(ms, 0), MAX_RETRY_AFTER_MS);
}
