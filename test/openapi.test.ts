import { describe, expect, it } from 'vitest';
import { createApp } from '../src/app';
import { api } from './helpers/api';

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

/** The HTTP surface Aisle serves: adding, moving or dropping an operation is a change to this list. */
const API_OPERATIONS = [
  'GET /healthz',
  'GET /readyz',
  'GET /v1/products',
  'GET /v1/products/{sku}',
  'GET /v1/catalog',
  'GET /v1/locations',
  'GET /v1/locations/nearby',
  'GET /v1/availability',
  'GET /v1/availability/{sku}/live',
  'GET /v1/recommendations',
  'GET /v1/me/recommendations',
  'GET /v1/prices',
  'POST /v1/price-quotes',
  'POST /v1/carts',
  'GET /v1/cart',
  'GET /v1/cart/live',
  'POST /v1/cart/items',
  'PUT /v1/cart/items/{sku}',
  'DELETE /v1/cart/items/{sku}',
  'POST /v1/cart/coupons',
  'DELETE /v1/cart/coupons/{code}',
  'PUT /v1/cart/fulfillment',
  'POST /v1/cart/merge',
  'GET /v1/wishlist',
  'PUT /v1/wishlist/items/{sku}',
  'DELETE /v1/wishlist/items/{sku}',
  'POST /v1/me/views',
  'GET /v1/me/recently-viewed',
  'POST /v1/checkout',
  'GET /v1/orders',
  'GET /v1/admin/orders',
  'GET /v1/orders/{id}',
  'POST /v1/orders/{id}/cancel',
  'POST /v1/orders/{id}/ready',
  'POST /v1/orders/{id}/pickup',
  'POST /v1/orders/{id}/returns',
  'GET /v1/orders/{id}/returns',
  'PUT /v1/admin/loyalty',
  'PUT /v1/admin/webhooks/{id}',
  'GET /v1/admin/webhooks',
  'GET /v1/admin/webhooks/{id}',
  'DELETE /v1/admin/webhooks/{id}',
  'GET /v1/admin/webhooks/{id}/deliveries',
  'POST /v1/admin/webhooks/{id}/deliveries/{deliveryId}/retry',
  'GET /v1/admin/loyalty',
  'GET /v1/loyalty',
  'POST /v1/admin/loyalty/adjustments',
  'POST /v1/orders/{id}/arrived',
  'GET /v1/pickup-passes/jwks.json',
  'POST /v1/pos/sales',
  'POST /v1/pos/sales/sync',
  'GET /v1/pos/orders',
  'POST /v1/store-reservations',
  'GET /v1/store-reservations',
  'DELETE /v1/store-reservations/{id}',
  'POST /v1/back-in-stock',
  'GET /v1/back-in-stock',
  'DELETE /v1/back-in-stock/{id}',
  'PUT /v1/admin/products',
  'PUT /v1/admin/locations',
  'POST /v1/admin/inventory',
  'PUT /v1/admin/inventory/policies',
  'GET /v1/admin/inventory/mirror',
  'PUT /v1/admin/price-books',
  'PUT /v1/admin/prices',
  'PUT /v1/admin/promotions',
  'GET /v1/admin/outbox',
  'GET /v1/admin/events',
  'GET /v1/admin/kpis',
  'POST /v1/admin/outbox/{id}/retry',
  'GET /v1/pos/catalog',
  'GET /v1/me',
  'PUT /v1/me',
  'DELETE /v1/me',
  'GET /v1/me/export',
  'DELETE /v1/admin/customers/{id}',
  'GET /v1/pos/customers',
  'GET /v1/pos/customers/{id}',
  'POST /v1/dev/tokens',
];

describe('the OpenAPI document', () => {
  it('is generated from the routes and lists every one of them, and nothing else', async () => {
    const documented = (await documentedOperations()).map((op) => `${op.method} ${op.path}`);
    // Each route appears once per middleware it runs through, hence the Set.
    const routed = new Set(
      createApp()
        .routes.filter((route) => route.method !== 'ALL' && !DOCUMENTATION_ROUTES.includes(route.path))
        .map((route) => `${route.method} ${route.path.replace(/:(\w+)/g, '{$1}')}`),
    );
    expect([...routed].sort()).toEqual([...API_OPERATIONS].sort());
    expect(documented.sort()).toEqual([...API_OPERATIONS].sort());
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
