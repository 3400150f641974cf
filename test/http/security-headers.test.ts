import { describe, expect, it } from 'vitest';
import { api } from '../helpers/api';
import { customerToken, opsToken } from '../helpers/tokens';
import { openSocket } from '../helpers/sockets';

describe('security headers', () => {
  it('sends nosniff on every response, and no-store on every authenticated one', async () => {
    const token = await customerToken();
    const anonymous = [await api('/v1/locations'), await api('/healthz'), await api('/v1/no-such-route')];
    const authenticated = [
      await api('/v1/cart', { token }),
      await api('/v1/locations', { token }),
      await api('/v1/admin/outbox', { token: await opsToken() }),
      await api('/v1/admin/outbox', { token }), // 403
      await api('/v1/cart', { token: 'not-a-token' }), // 401
    ];
    expect(authenticated.map((response) => response.status)).toEqual([200, 200, 200, 403, 401]);
    for (const response of [...anonymous, ...authenticated]) {
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    }
    for (const response of authenticated) expect(response.headers.get('cache-control')).toBe('no-store');
    for (const response of anonymous) expect(response.headers.get('cache-control') ?? '').not.toContain('no-store');
  });
});

describe('a bearer token in the query string', () => {
  it('is accepted on a WebSocket upgrade (a browser cannot send headers there) and nowhere else', async () => {
    const token = await customerToken();
    const socket = await openSocket(`/v1/cart/live?token=${encodeURIComponent(token)}`);
    socket.close();

    const plain = await api(`/v1/cart?token=${encodeURIComponent(token)}`);
    expect(plain.status).toBe(401);
    expect(plain.body.code).toBe('unauthorized');
  });
});
