import type { Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import { ApiError } from '../lib/errors';
import { CUSTOMER_CHANNELS, type Channel } from '../domain/channels';
import type { AppBindings } from '../http/context';
import { enforceRateLimits } from '../http/rate-limit';
import type { Access, Principal, Role } from './principal';
import { InvalidTokenError, verifyBearerToken } from './tokens';

/**
 * Admits the caller when `access` allows them, and resolves their channel.
 * Every route is built with one of these (see routes/define.ts).
 */
export function authorize(access: Access) {
  return createMiddleware<AppBindings>(async (c, next) => {
    const token = bearerToken(
      c.req.header('authorization'),
      webSocketQueryToken(c.req.header('upgrade'), c.req.query('token')),
    );
    const principal = token ? await verifyOrReject(token, c) : null;
    // Before the access checks, so a caller probing routes it may not call spends its budget too.
    await enforceRateLimits(c, principal);
    if (access !== 'public') {
      if (!principal) {
        throw new ApiError('unauthorized', 'This route needs a bearer token.', {
          headers: { 'www-authenticate': 'Bearer realm="aisle"' },
        });
      }
      if (!access.includes(principalRole(principal))) {
        throw new ApiError('forbidden', `This route is not open to the ${principalRole(principal)} role.`);
      }
    }
    c.set('principal', principal);
    c.set('channel', resolveChannel(principal, c.req.header('x-channel')));
    await next();
  });
}

function principalRole(principal: Principal): Role | 'guest' {
  return principal.kind === 'guest' ? 'guest' : principal.role;
}

// A browser cannot set headers on a WebSocket, so a WebSocket upgrade (and only one) may send `?token=`:
// elsewhere a token in the URL would end up in logs and caches.
function webSocketQueryToken(upgrade: string | undefined, queryToken: string | undefined): string | undefined {
  return upgrade?.toLowerCase() === 'websocket' ? queryToken : undefined;
}

function bearerToken(header: string | undefined, queryToken: string | undefined): string | null {
  if (header) {
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match?.[1]) throw invalidToken('the Authorization header is not "Bearer <token>"');
    return match[1];
  }
  return queryToken || null;
}

async function verifyOrReject(token: string, c: Context<AppBindings>): Promise<Principal> {
  const { auth, signingSecret } = c.var.config;
  try {
    return await verifyBearerToken(token, auth, signingSecret);
  } catch (error) {
    if (!(error instanceof InvalidTokenError)) throw error;
    // A token that fails has no subject: the attempt spends the client IP's budget, so guessing is limited too.
    await enforceRateLimits(c, null);
    throw invalidToken(error.message);
  }
}

function invalidToken(reason: string): ApiError {
  return new ApiError('unauthorized', `Invalid token: ${reason}.`, {
    headers: { 'www-authenticate': `Bearer error="invalid_token", error_description="${reason.replace(/"/g, "'")}"` },
  });
}

function resolveChannel(principal: Principal | null, header: string | undefined): Channel {
  if (principal?.kind === 'user' && principal.role === 'pos') return 'pos';
  if (!header) return 'web';
  const channel = CUSTOMER_CHANNELS.find((candidate) => candidate === header.toLowerCase());
  if (!channel) {
    const message = `must be one of ${CUSTOMER_CHANNELS.join(', ')}`;
    throw new ApiError('validation_failed', `X-Channel ${message}.`, {
      extensions: { errors: [{ path: 'header.x-channel', message }] },
    });
  }
  return channel;
}
