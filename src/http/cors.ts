import { createMiddleware } from 'hono/factory';
import type { CorsSettings } from '../config';
import type { AppBindings } from './context';

const ALLOW_METHODS = 'GET, HEAD, POST, PUT, PATCH, DELETE';
const ALLOW_HEADERS = 'authorization, content-type, idempotency-key, if-match, if-none-match, x-channel, x-request-id';
const EXPOSE_HEADERS = 'x-request-id, etag, server-timing, idempotent-replayed, retry-after';
const MAX_AGE_SECONDS = '600';

/**
 * CORS for the origins CORS_ORIGINS allows (API.md "Browsers and limits"):
 * their preflights are answered 204 here, and every response to them names
 * the origin; any other origin gets no CORS headers at all. Credentials are
 * bearer tokens, never cookies, so `Allow-Credentials` is never sent.
 */
export const cors = createMiddleware<AppBindings>(async (c, next) => {
  const origin = c.req.header('origin');
  if (!origin || !isAllowed(c.var.config.cors, origin)) return next();

  if (c.req.method === 'OPTIONS' && c.req.header('access-control-request-method')) {
    return c.body(null, 204, {
      'access-control-allow-origin': origin,
      'access-control-allow-methods': ALLOW_METHODS,
      'access-control-allow-headers': ALLOW_HEADERS,
      'access-control-max-age': MAX_AGE_SECONDS,
      'access-control-expose-headers': EXPOSE_HEADERS,
      vary: 'Origin',
    });
  }
  await next();
  // A WebSocket upgrade's 101 response has immutable headers.
  if (c.res.status === 101) return;
  c.res.headers.set('access-control-allow-origin', origin);
  c.res.headers.set('access-control-expose-headers', EXPOSE_HEADERS);
  c.res.headers.append('vary', 'Origin');
});

function isAllowed(settings: CorsSettings, origin: string): boolean {
  return settings.anyOrigin || settings.origins.has(origin);
}
