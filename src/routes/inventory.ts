import { OpenAPIHono } from '@hono/zod-openapi';
import type { AppBindings } from '../http/context';
import { groupBySku } from '../domain/stock';
import { ApiError } from '../lib/errors';
import { timed } from '../http/timing';
import { CatalogReadModel } from '../read-model/catalog';
import {
  StockMovementsBodySchema,
  StockMovementsResultSchema,
  StockPoliciesBodySchema,
  StockPoliciesResultSchema,
} from '../schemas/inventory';
import { defineRoute, jsonBody, jsonResponse } from './define';

const UNKNOWN_REFERENCES =
  'A SKU is not in the catalog (`unknownSkus`) or a location does not exist (`unknownLocations`).';

const postMovements = defineRoute(['ops'], {
  operationId: 'applyInventoryMovements',
  method: 'post',
  path: '/v1/admin/inventory',
  tag: 'Stock',
  summary: 'Receipts, counts and corrections (up to 1000), idempotent by movement id',
  description:
    'The way an ERP or WMS syncs stock. Movements are applied per SKU in the order given; sending the same movement again changes nothing. ' +
    'Never touches Postgres on the way: the ledger is filled asynchronously.',
  request: jsonBody(StockMovementsBodySchema),
  responses: { 200: jsonResponse('What was applied and the resulting levels', StockMovementsResultSchema) },
  problems: { unprocessable: UNKNOWN_REFERENCES },
});

const putPolicies = defineRoute(['ops'], {
  operationId: 'setStockPolicies',
  method: 'put',
  path: '/v1/admin/inventory/policies',
  tag: 'Stock',
  summary: 'Safety stock and low-stock threshold per SKU and location (up to 1000)',
  request: jsonBody(StockPoliciesBodySchema),
  responses: { 200: jsonResponse('The resulting levels', StockPoliciesResultSchema) },
  problems: { unprocessable: UNKNOWN_REFERENCES },
});

/** Stock is only ever kept for catalog SKUs at known locations, checked against the edge read model. */
async function requireKnown(
  readModel: CatalogReadModel,
  refs: readonly { sku: string; locationId: string }[],
): Promise<void> {
  const skus = [...new Set(refs.map((ref) => ref.sku))];
  const [locations, products] = await Promise.all([readModel.locations(), readModel.products(skus)]);
  const knownLocations = new Set(locations.map((location) => location.id));
  const unknownLocations = [...new Set(refs.map((ref) => ref.locationId))].filter((id) => !knownLocations.has(id));
  const unknownSkus = skus.filter((sku) => !products.has(sku));
  if (unknownLocations.length > 0) {
    throw new ApiError('unprocessable', `Unknown location ${unknownLocations.join(', ')}.`, {
      extensions: { unknownLocations },
    });
  }
  if (unknownSkus.length > 0) {
    throw new ApiError('unprocessable', `SKU not in the catalog: ${unknownSkus.join(', ')}.`, {
      extensions: { unknownSkus },
    });
  }
}

export const inventoryRoutes = new OpenAPIHono<AppBindings>()
  .openapi(postMovements, async (c) => {
    const { movements } = c.req.valid('json');
    await timed(c, 'kv', () => requireKnown(new CatalogReadModel(c.env.READ_MODEL), movements));
    // One call per SKU, all in parallel: each StockDO applies its own batch in order.
    const perSku = await timed(c, 'do', () =>
      Promise.all(
        [...groupBySku(movements)].map(async ([sku, batch]) => {
          const outcome = await c.env.STOCK.getByName(sku).applyMovements(batch);
          return {
            results: outcome.results.map((result) => ({ sku, ...result })),
            levels: outcome.levels.map((level) => ({ sku, ...level })),
          };
        }),
      ),
    );
    const results = perSku.flatMap((outcome) => outcome.results);
    const replayed = results.filter((result) => result.replayed).length;
    return c.json(
      { applied: results.length - replayed, replayed, results, levels: perSku.flatMap((outcome) => outcome.levels) },
      200,
    );
  })
  .openapi(putPolicies, async (c) => {
    const { policies } = c.req.valid('json');
    await timed(c, 'kv', () => requireKnown(new CatalogReadModel(c.env.READ_MODEL), policies));
    const levels = await timed(c, 'do', () =>
      Promise.all(
        [...groupBySku(policies)].map(async ([sku, batch]) => {
          const updated = await c.env.STOCK.getByName(sku).setPolicies(batch);
          return updated.map((level) => ({ sku, ...level }));
        }),
      ),
    );
    return c.json({ upserted: policies.length, levels: levels.flat() }, 200);
  });
