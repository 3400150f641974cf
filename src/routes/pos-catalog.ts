import { OpenAPIHono, z } from '@hono/zod-openapi';
import type { AppBindings } from '../http/context';
import { ifNoneMatchHits } from '../http/etag';
import { timed } from '../http/timing';
import { DEFAULT_CURRENCY } from '../domain/pricing';
import { posCatalogPack } from '../pos/catalog';
import { PosCatalogSchema } from '../schemas/pos-catalog';
import { CurrencySchema } from '../schemas/pricing';
import { defineRoute, jsonResponse } from './define';

const ETAG_HEADER = { ETag: { description: 'The pack’s `version`, quoted', schema: { type: 'string' as const } } };

const getPosCatalog = defineRoute(['pos'], {
  operationId: 'getPosCatalog',
  method: 'get',
  path: '/v1/pos/catalog',
  tag: 'POS',
  summary: 'The till’s offline catalog: products, channel pos prices and live promotions at its store',
  request: {
    query: z.object({ currency: CurrencySchema.default(DEFAULT_CURRENCY) }),
    headers: z.object({
      'if-none-match': z
        .string()
        .max(1000)
        .optional()
        .describe('The ETag of the pack the till holds; answered with 304 while it is current'),
    }),
  },
  responses: {
    200: { ...jsonResponse('The pack, from the edge read model', PosCatalogSchema), headers: ETAG_HEADER },
    304: { description: 'The pack named by `If-None-Match` is current: keep it', headers: ETAG_HEADER },
  },
  problems: { unprocessable: 'The token’s location (`loc`) is not a known location.' },
});

export const posCatalogRoutes = new OpenAPIHono<AppBindings>().openapi(getPosCatalog, async (c) => {
  const principal = c.var.principal;
  const locationId = principal?.kind === 'user' ? principal.locationId : null;
  const { currency } = c.req.valid('query');
  const pack = await timed(c, 'kv', () => posCatalogPack(c.env, { locationId, currency }));
  const etag = `"${pack.version}"`;
  c.header('etag', etag);
  if (ifNoneMatchHits(c.req.valid('header')['if-none-match'], etag)) return c.body(null, 304);
  return c.json(pack, 200);
});
