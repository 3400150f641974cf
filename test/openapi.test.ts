import { describe, expect, it } from 'vitest';
import { createApp } from '../src/app';
import { ROLES, type Role } from '../src/auth/principal';
import { signGuestToken } from '../src/auth/tokens';
import { api } from './helpers/api';
import { tokenFor } from './helpers/tokens';
import { env } from 'cloudflare:workers';

interface Operation {
  'x-access'?: string[];
  security?: unknown[];
}
type OpenApiDocument = { paths: Record<string, Record<string, Operation>> };

// Served outside the route table on purpose: the document and its viewer are public.
const DOCUMENTATION_ROUTES = ['/openapi.json', '/docs'];

async function documentedOperations() {
  const doc = (await api<OpenApiDocument>('/openapi.json')).body;
  return Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, operation]) => ({ path, method: method.toUpperCase(), operation })),
  );
}

const concretePath = (path: string) => path.replace(/\{[^}]+\}/g, 'ANY-1');

async function tokenOf(role: Role | 'guest'): Promise<string> {
  if (role === 'guest') return signGuestToken('guest_probe', env.SIGNING_SECRET);
  return tokenFor({ role, sub: `${role}_probe`, loc: 'store-probe' });
}

describe('the OpenAPI document', () => {
  it('is generated from the routes and lists every one of them', async () => {
    const documented = new Set((await documentedOperations()).map((op) => `${op.method} ${op.path}`));
    const routed = createApp()
      .routes.filter((route) => route.method !== 'ALL' && !DOCUMENTATION_ROUTES.includes(route.path))
      .map((route) => `${route.method} ${route.path.replace(/:(\w+)/g, '{$1}')}`);
    expect(routed.length).toBeGreaterThan(5);
    for (const route of routed) expect(documented).toContain(route);
  });

  it('declares who may call every route', async () => {
    for (const { path, method, operation } of await documentedOperations()) {
      expect(operation['x-access'], `${method} ${path}`).toEqual(expect.arrayContaining([expect.any(String)]));
    }
  });

  it('serves an HTML viewer at /docs', async () => {
    const res = await api('/docs');
    expect(res.status).toBe(200);
    expect(res.body).toContain('/openapi.json');
  });
});

describe('every protected route', () => {
  it('answers 401 without a token and 403 to each role it does not admit', async () => {
    const operations = (await documentedOperations()).filter((op) => !op.operation['x-access']?.includes('public'));
    expect(operations.length).toBeGreaterThan(0);
    for (const { path, method, operation } of operations) {
      const label = `${method} ${path}`;
      const anonymous = await api(concretePath(path), { method, body: method === 'GET' ? undefined : {} });
      expect(anonymous.status, label).toBe(401);
      const refused = [...ROLES, 'guest' as const].filter((role) => !operation['x-access']?.includes(role));
      for (const role of refused) {
        const res = await api(concretePath(path), {
          method,
          token: await tokenOf(role),
          body: method === 'GET' ? undefined : {},
        });
        expect(res.status, `${label} as ${role}`).toBe(403);
      }
    }
  });
});
