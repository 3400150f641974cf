import { z } from '@hono/zod-openapi';
import { RowCountSchema } from './bounds';
import { LOCATION_KINDS } from '../domain/locations';
import { IdSchema, JsonObjectSchema, SkuSchema, TextSchema, uniqueBy } from './common';

export const LocationKindSchema = z.enum(LOCATION_KINDS).openapi('LocationKind');

const ProductFields = z.object({
  sku: SkuSchema,
  title: TextSchema.min(1).max(200),
  description: TextSchema.max(10_000),
  attributes: JsonObjectSchema,
  active: z.boolean(),
});

export const ProductSchema = ProductFields.openapi('Product');
export type Product = z.infer<typeof ProductSchema>;

/** An active product as listed whole (the till's offline catalog): only what a till shows. */
export const ListedProductSchema = ProductFields.pick({ sku: true, title: true }).openapi('ListedProduct');
export type ListedProduct = z.infer<typeof ListedProductSchema>;

/**
 * PUT replaces a product whole; omitted optional fields take their defaults.
 * Extended from the unnamed fields: extending `Product` itself would document
 * it as `Product` (every field required) plus the overrides.
 */
export const ProductUpsertSchema = ProductFields.extend({
  description: ProductFields.shape.description.default(''),
  attributes: ProductFields.shape.attributes.default({}),
  active: ProductFields.shape.active.default(true),
}).openapi('ProductUpsert');

export const ProductsUpsertBodySchema = z.object({
  products: z
    .array(ProductUpsertSchema)
    .min(1)
    .max(1000)
    .superRefine(uniqueBy((p) => p.sku, 'sku')),
});

export const LocationSchema = z
  .object({
    id: IdSchema,
    name: TextSchema.min(1).max(200),
    kind: LocationKindSchema,
    lat: z.number().min(-90).max(90),
    lng: z.number().min(-180).max(180),
    pickup: z.boolean(),
    curbside: z.boolean(),
    shipFrom: z.boolean(),
  })
  .openapi('Location');
export type Location = z.infer<typeof LocationSchema>;

export const LocationsUpsertBodySchema = z.object({
  locations: z
    .array(LocationSchema)
    .min(1)
    .max(1000)
    .superRefine(uniqueBy((l) => l.id, 'location id')),
});

export const UpsertedSchema = z.object({ upserted: RowCountSchema }).openapi('Upserted');
