import { z } from '@hono/zod-openapi';
import { COUNT_TYPES, STOCK_STATUSES } from '../domain/stock';
import { LocationKindSchema } from './catalog';
import { CounterSchema, RowCountSchema, StockFigureSchema, UnitsSchema, UnitsTotalSchema } from './bounds';
import { IdSchema, SkuSchema, TextSchema, skuListQuery, uniqueBy } from './common';

const MAX_UNITS = 1_000_000;

export const StockStatusSchema = z.enum(STOCK_STATUSES).openapi('StockStatus');

export const StockMovementSchema = z
  .object({
    id: IdSchema.openapi({
      description: 'Caller-chosen; a movement is applied once per SKU however often it is sent.',
    }),
    sku: SkuSchema,
    locationId: IdSchema,
    type: z.enum(COUNT_TYPES).openapi({ description: '`set`: an absolute count; `adjust`: a signed delta.' }),
    quantity: z.number().int().min(-MAX_UNITS).max(MAX_UNITS),
    reason: TextSchema.min(1).max(200).optional(),
  })
  .superRefine((movement, ctx) => {
    if (movement.type === 'set' && movement.quantity < 0)
      ctx.addIssue({ code: 'custom', path: ['quantity'], message: 'a count cannot be negative' });
    if (movement.type === 'adjust' && movement.quantity === 0)
      ctx.addIssue({ code: 'custom', path: ['quantity'], message: 'an adjustment cannot be 0' });
  })
  .openapi('StockMovement');

export const StockMovementsBodySchema = z.object({
  movements: z
    .array(StockMovementSchema)
    .min(1)
    .max(1000)
    .superRefine(uniqueBy((movement) => `${movement.sku}/${movement.id}`, 'movement (sku/id)')),
});

export const StockLevelSchema = z
  .object({
    sku: SkuSchema,
    locationId: IdSchema,
    onHand: StockFigureSchema,
    reserved: UnitsSchema,
    safetyStock: UnitsSchema,
    lowStockThreshold: UnitsSchema,
    available: UnitsSchema.openapi({ description: 'onHand − reserved − safetyStock, never below 0.' }),
    status: StockStatusSchema,
  })
  .openapi('StockLevel');

export const StockMovementsResultSchema = z
  .object({
    applied: RowCountSchema.openapi({ description: 'Movements applied by this call.' }),
    replayed: RowCountSchema.openapi({
      description: 'Movements already applied earlier (same sku and id), left as they were.',
    }),
    results: z.array(z.object({ sku: SkuSchema, id: IdSchema, replayed: z.boolean(), flagged: z.boolean() })),
    levels: z
      .array(StockLevelSchema)
      .openapi({ description: 'The resulting level at every (sku, location) the call touched.' }),
  })
  .openapi('StockMovementsResult');

export const StockPoliciesBodySchema = z.object({
  policies: z
    .array(
      z.object({
        sku: SkuSchema,
        locationId: IdSchema,
        safetyStock: z.number().int().min(0).max(MAX_UNITS),
        lowStockThreshold: z
          .number()
          .int()
          .min(0)
          .max(MAX_UNITS)
          .openapi({ description: '0 turns low-stock alerts off.' }),
      }),
    )
    .min(1)
    .max(1000)
    .superRefine(uniqueBy((policy) => `${policy.sku}/${policy.locationId}`, 'policy (sku/locationId)')),
});

export const StockPoliciesResultSchema = z
  .object({ upserted: RowCountSchema, levels: z.array(StockLevelSchema) })
  .openapi('StockPoliciesResult');

export const LocationAvailabilitySchema = z
  .object({
    locationId: IdSchema,
    available: UnitsSchema,
    status: StockStatusSchema,
    onHand: StockFigureSchema.optional().openapi({ description: 'pos and ops only.' }),
    reserved: UnitsSchema.optional().openapi({ description: 'pos and ops only.' }),
    safetyStock: UnitsSchema.optional().openapi({ description: 'pos and ops only.' }),
  })
  .openapi('LocationAvailability');

export const AvailabilityQuerySchema = z.object({
  skus: skuListQuery(100),
  locationId: IdSchema.optional().openapi({ description: 'Only this location; `available` is then its figure.' }),
});

export const AvailabilitySchema = z
  .object({
    items: z.array(
      z.object({
        sku: SkuSchema,
        available: UnitsTotalSchema.openapi({
          description: 'Sum over ship-from locations, or the named location’s figure.',
        }),
        locations: z.array(LocationAvailabilitySchema),
      }),
    ),
  })
  .openapi('Availability');

const coordinate = (min: number, max: number) => z.coerce.number().min(min).max(max);

export const NearbyQuerySchema = z
  .object({
    lat: coordinate(-90, 90),
    lng: coordinate(-180, 180),
    radiusKm: z.coerce.number().positive().max(20_100).default(50),
    sku: SkuSchema.optional(),
    quantity: z.coerce
      .number()
      .int()
      .min(1)
      .max(999)
      .optional()
      .openapi({ description: 'With `sku`: whether each location covers it.' }),
  })
  .refine((query) => query.quantity === undefined || query.sku !== undefined, {
    path: ['quantity'],
    message: 'quantity needs sku',
  });

export const NearbyLocationSchema = z
  .object({
    id: IdSchema,
    name: z.string(),
    kind: LocationKindSchema,
    distanceKm: z.number().min(0).max(20_100),
    pickup: z.boolean(),
    curbside: z.boolean(),
    available: UnitsSchema.optional().openapi({ description: 'With `sku`: that SKU’s available units here.' }),
    status: StockStatusSchema.optional(),
    covers: z.boolean().optional().openapi({ description: 'With `quantity`: available ≥ quantity.' }),
  })
  .openapi('NearbyLocation');

export const NearbyLocationsSchema = z.object({ locations: z.array(NearbyLocationSchema) }).openapi('NearbyLocations');

const LagMs = CounterSchema.nullable();

export const AvailabilityMirrorSchema = z
  .object({
    replicas: z.array(
      z.object({
        replica: CounterSchema,
        skus: CounterSchema.openapi({ description: 'SKUs this copy holds levels for.' }),
        lag: z.object({
          samples: CounterSchema.openapi({ description: 'Updates the figures are over (the latest 1000 at most).' }),
          p50Ms: LagMs,
          p99Ms: LagMs,
          maxMs: LagMs,
        }),
      }),
    ),
  })
  .openapi('AvailabilityMirror', {
    description:
      'The copies of every SKU’s levels that listing pages, carts and wish lists read, and how far behind ' +
      'the StockDOs they run: milliseconds from a change in a StockDO to the copy taking it (null: no update yet ' +
      'since the copy started).',
  });
