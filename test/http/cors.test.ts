import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config';
import { api } from '../helpers/api';
import { customerToken } from '../helpers/tokens';

// vitest.config.ts sets CORS_ORIGINS to these two.
const SHOP = 'https://shop.aisle.test';
const TILL = 'https://till.aisle.test';
const STRANGER = 'https://evil.example';

const CORS_HEADERS = [
  'access-control-allow-origin',
  'access-control-allow-methods',
  'access-control-allow-headers',
  'access-control-allow-credentials',
  'access-control-expose-headers',
  'access-control-max-age',
];

const preflight = (origin: string, path = '/v1/cart/items') =>
  api(path, {
    method: 'OPTIONS',
    headers: {
      origin,
      'access-control-request-method': 'POST',
      'access-control-request-headers': 'authorization, content-type, idempotency-key',
    },
  });

const listOf = (value: string | null) => (value ?? '').split(',').map((item) => item.trim().toLowerCase());

describe('CORS', () => {
  it('answers an allowed origin’s preflight 204 with the methods, headers and max age', async () => {
    for (const origin of [SHOP, TILL]) {
      const response = await preflight(origin);
      expect(response.status).toBe(204);
      expect(response.headers.get('access-control-allow-origin')).toBe(origin);
      expect(listOf(response.headers.get('vary'))).toContain('origin');
      expect(listOf(response.headers.get('access-control-allow-methods'))).toEqual(
        expect.arrayContaining(['get', 'post', 'put', 'patch', 'delete']),
      );
      expect(listOf(response.headers.get('access-control-allow-headers'))).toEqual(
        expect.arrayContaining([
          'authorization',
          'content-type',
          'idempotency-key',
          'if-match',
          'if-none-match',
          'x-channel',
          'x-request-id',
        ]),
      );
      expect(Number(response.headers.get('access-control-max-age'))).toBeGreaterThan(0);
      expect(response.headers.get('access-control-allow-credentials')).toBeNull();
    }
  });

  it('names the allowed origin on every response to it, errors included, and exposes the headers clients read', async () => {
    const token = await customerToken();
    const responses = [
      await api('/v1/locations', { headers: { origin: SHOP } }),
      await api('/v1/cart', { token, headers: { origin: SHOP } }),
      await api('/v1/cart', { headers: { origin: SHOP } }), // 401
      await api('/v1/no-such-route', { headers: { origin: SHOP } }), // 404
    ];
    expect(responses.map((response) => response.status)).toEqual([200, 200, 401, 404]);
    for (const response of responses) {
      expect(response.headers.get('access-control-allow-origin')).toBe(SHOP);
      expect(listOf(response.headers.get('vary'))).toContain('origin');
      expect(listOf(response.headers.get('access-control-expose-headers'))).toEqual(
        expect.arrayContaining(['x-request-id', 'etag', 'server-timing', 'idempotent-replayed', 'retry-after']),
      );
    }
  });

  it('gives any other origin no CORS headers, on a preflight or a request', async () => {
    const token = await customerToken();
    // The same requests from an allowed origin do get them…
    expect((await preflight(SHOP)).headers.get('access-control-allow-origin')).toBe(SHOP);
    expect(
      (await api('/v1/cart', { token, headers: { origin: SHOP } })).headers.get('access-control-allow-origin'),
    ).toBe(SHOP);
    // …and from any other origin (or none) do not.
    const responses = [
      await preflight(STRANGER),
      await api('/v1/locations', { headers: { origin: STRANGER } }),
      await api('/v1/cart', { token, headers: { origin: STRANGER } }),
      await api('/v1/locations'), // no Origin at all
    ];
    expect(responses[0]?.status).not.toBe(204);
    for (const response of responses) {
      for (const name of CORS_HEADERS) expect(response.headers.get(name), name).toBeNull();
    }
  });

  it('refuses CORS_ORIGINS="*" unless test payments are enabled', () => {
    expect(() => loadConfig({ ...env, CORS_ORIGINS: '*', ALLOW_TEST_PAYMENTS: 'disabled' })).toThrow(ConfigError);
    expect(() => loadConfig({ ...env, CORS_ORIGINS: ' *', ALLOW_TEST_PAYMENTS: 'enabled' })).not.toThrow();
  });

  it('allows every origin where CORS_ORIGINS is "*" (npm run dev)', () => {
    const config = loadConfig({ ...env, CORS_ORIGINS: '*', ALLOW_TEST_PAYMENTS: 'enabled' });
    expect(config.cors.anyOrigin).toBe(true);
    const listed = loadConfig({ ...env, CORS_ORIGINS: `${SHOP}, ${TILL}` });
    expect(listed.cors).toEqual({ anyOrigin: false, origins: new Set([SHOP, TILL]) });
  });
});
