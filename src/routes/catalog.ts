import { OpenAPIHono, z } from '@hono/zod-openapi';
import type { AppBindings } from '../http/context';
import { publishLocations, publishProducts } from '../catalog/publish';
import { browsePage } from '../domain/catalog-browse';
import { ApiError } from '../lib/errors';
import { timed } from '../http/timing';
import { CatalogReadModel } from '../read-model/catalog';
import {
  ListedProductSchema,
  LocationSchema,
  LocationsUpsertBodySchema,
  ProductSchema,
  ProductsUpsertBodySchema,
  UpsertedSchema,
} from '../schemas/catalog';
import { SkuSchema, TextSchema, skuListQuery } from '../schemas/common';
import { defineRoute, jsonBody, jsonResponse } from './define';

const getProduct = defineRoute('public', {
  operationId: 'getProduct',
  method: 'get',
  path: '/v1/products/{sku}',
  tag: 'Catalog',
  summary: 'One product',
  request: { params: z.object({ sku: SkuSchema }) },
  responses: { 200: jsonResponse('The product', ProductSchema) },
  problems: { not_found: 'No product has this SKU.' },
});

const listProducts = defineRoute('public', {
  operationId: 'listProducts',
  method: 'get',
  path: '/v1/products',
  tag: 'Catalog',
  summary: 'Several products by SKU',
  request: { query: z.object({ skus: skuListQuery(100) }) },
  responses: {
    200: jsonResponse(
      'The products found, in the order asked; unknown SKUs are listed in `missing`',
      z.object({ products: z.array(ProductSchema), missing: z.array(SkuSchema) }),
    ),
  },
});

const browseCatalog = defineRoute('public', {
  operationId: 'browseCatalog',
  method: 'get',
  path: '/v1/catalog',
  tag: 'Catalog',
  summary: 'The active products (SKU and title) in SKU order, a page at a time, optionally matching words',
  request: {
    query: z.object({
      q: TextSchema.max(100).optional().describe('Words that must all appear in the SKU or title (any case)'),
      after: SkuSchema.optional().describe('The `next` of the previous page'),
      limit: z.coerce.number().int().min(1).max(200).default(50),
    }),
  },
  responses: {
    200: jsonResponse(
      'One page, and the SKU to continue `after` (null on the last page)',
      z.object({ products: z.array(ListedProductSchema), next: SkuSchema.nullable() }),
    ),
  },
});

const listLocations = defineRoute('public', {
  operationId: 'listLocations',
  method: 'get',
  path: '/v1/locations',
  tag: 'Catalog',
  summary: 'Every store and warehouse',
  responses: { 200: jsonResponse('All locations', z.object({ locations: z.array(LocationSchema) })) },
});

const putProducts = defineRoute(['ops'], {
  operationId: 'upsertProducts',
  method: 'put',
  path: '/v1/admin/products',
  tag: 'Catalog',
  summary: 'Bulk upsert products (up to 1000); visible to the next read',
  request: jsonBody(ProductsUpsertBodySchema),
  responses: { 200: jsonResponse('How many were written', UpsertedSchema) },
  postgres: true,
});

const putLocations = defineRoute(['ops'], {
  operationId: 'upsertLocations',
  method: 'put',
  path: '/v1/admin/locations',
  tag: 'Catalog',
  summary: 'Bulk upsert locations; visible to the next read',
  request: jsonBody(LocationsUpsertBodySchema),
  responses: { 200: jsonResponse('How many were written', UpsertedSchema) },
  postgres: true,
});

export const catalogRoutes = new OpenAPIHono<AppBindings>()
  .openapi(getProduct, async (c) => {
    const { sku } = c.req.valid('param');
    const product = await timed(c, 'kv', () => new CatalogReadModel(c.env.READ_MODEL).product(sku));
    if (!product) throw new ApiError('not_found', `No product with SKU ${sku}.`);
    return c.json(product, 200);
  })
  .openapi(listProducts, async (c) => {
    const { skus } = c.req.valid('query');
    const found = await timed(c, 'kv', () => new CatalogReadModel(c.env.READ_MODEL).products(skus));
    const products = skus.flatMap((sku) => found.get(sku) ?? []);
    return c.json({ products, missing: skus.filter((sku) => !found.has(sku)) }, 200);
  })
  .openapi(browseCatalog, async (c) => {
    const active = await timed(c, 'kv', () => new CatalogReadModel(c.env.READ_MODEL).activeProducts());
    return c.json(browsePage(active, c.req.valid('query')), 200);
  })
  .openapi(listLocations, async (c) => {
    const locations = await timed(c, 'kv', () => new CatalogReadModel(c.env.READ_MODEL).locations());
    return c.json({ locations }, 200);
  })
  .openapi(putProducts, async (c) => {
    const upserted = await timed(c, 'db', () => publishProducts(c.env, c.var.database(), c.req.valid('json').products));
    return c.json({ upserted }, 200);
  })
  .openapi(putLocations, async (c) => {
    const { locations } = c.req.valid('json');
    const upserted = await timed(c, 'db', () => publishLocations(c.env, c.var.database(), locations));
    return c.json({ upserted }, 200);
  });
