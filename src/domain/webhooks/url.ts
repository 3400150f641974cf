export const MAX_WEBHOOK_URL_LENGTH = 2_000;

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1']);

/**
 * Why `value` cannot be a webhook URL, or null when it can. Only https
 * leaves Aisle (a signature does not hide the payload from the network);
 * plain http is allowed to localhost/127.0.0.1 where test payments are
 * enabled (dev, tests), so a local receiver works. Credentials in the URL
 * would sit in logs and in every admin listing, so they are refused.
 */
export function webhookUrlProblem(value: string, allowLoopbackHttp: boolean): string | null {
  if (value.length > MAX_WEBHOOK_URL_LENGTH) return `must be at most ${MAX_WEBHOOK_URL_LENGTH} characters`;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'must be an absolute URL';
  }
  if (url.username || url.password) return 'must not carry credentials';
  if (url.hash) return 'must not have a fragment';
  if (url.protocol === 'https:') return null;
  if (url.protocol === 'http:' && allowLoopbackHttp && LOOPBACK_HOSTS.has(url.hostname)) return null;
  return allowLoopbackHttp ? 'must be https (or http to localhost/127.0.0.1)' : 'must be https';
}
