import { createMiddleware } from 'hono/factory';
import type { AppBindings } from './context';

/**
 * `X-Content-Type-Options: nosniff` on every response, and
 * `Cache-Control: no-store` on every response to a request that carried a
 * token, so no shared cache or browser keeps what was answered to one caller.
 */
export const securityHeaders = createMiddleware<AppBindings>(async (c, next) => {
  await next();
  // A WebSocket upgrade's 101 response has immutable headers.
  if (c.res.status === 101) return;
  c.res.headers.set('x-content-type-options', 'nosniff');
  if (c.req.header('authorization') || c.get('principal')) c.res.headers.set('cache-control', 'no-store');
});
