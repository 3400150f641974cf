import { createMiddleware } from 'hono/factory';
import { ApiError } from '../lib/errors';

/** A WebSocket route refuses a plain request with 426, naming the protocol it needs (RFC 9110 §15.5.22). */
export const requireWebSocketUpgrade = createMiddleware(async (c, next) => {
  if (c.req.header('upgrade')?.toLowerCase() !== 'websocket') {
    throw new ApiError('upgrade_required', `${c.req.method} ${c.req.path} is a WebSocket: send Upgrade: websocket.`, {
      headers: { upgrade: 'websocket' },
    });
  }
  await next();
});
