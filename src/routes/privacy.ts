import { OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { AppBindings } from '../http/context';
import { timed } from '../http/timing';
import { eraseCustomer, eraseNamedCustomer } from '../privacy/erase';
import { exportCustomer } from '../privacy/export';
import { CustomerIdParamsSchema } from '../schemas/customers';
import { ErasedSchema, PrivacyExportSchema } from '../schemas/privacy';
import { defineRoute, jsonResponse } from './define';
import { customerOf } from './me';

const erasedResponse = { 200: jsonResponse('Erased (or already erased)', ErasedSchema) };
const ERASURE =
  'Erases the profile, contact and address on orders (the shipping country stays, for tax), the wish list, views, back-in-stock subscriptions, the open cart and the personal data in stored events; closes the wallet with a closing entry; records one `customer.redacted`. Orders, payments, refunds and wallet entries stay without personal data (legal retention). Idempotent, and safe to run twice at once.';

const exportMe = defineRoute(['customer'], {
  operationId: 'exportMe',
  method: 'get',
  path: '/v1/me/export',
  tag: 'Customers',
  summary: 'Everything Aisle holds about the caller, from every table and object that names them',
  responses: { 200: jsonResponse('The caller’s data', PrivacyExportSchema) },
  postgres: true,
});
const eraseMe = defineRoute(['customer'], {
  operationId: 'eraseMe',
  method: 'delete',
  path: '/v1/me',
  tag: 'Customers',
  summary: 'Erase the caller’s personal data everywhere',
  description: ERASURE,
  responses: erasedResponse,
  postgres: true,
});
const eraseCustomerByOps = defineRoute(['ops'], {
  operationId: 'eraseCustomer',
  method: 'delete',
  path: '/v1/admin/customers/{id}',
  tag: 'Customers',
  summary: 'Erase a customer’s personal data everywhere (ops)',
  description: `${ERASURE} An id Aisle holds nothing under is 404; an erased one stays known (its empty profile), so a repeat is 200.`,
  request: { params: CustomerIdParamsSchema },
  responses: erasedResponse,
  problems: { not_found: 'Aisle holds no profile, order, wallet, subscription or wish under this id.' },
  postgres: true,
});

const depsOf = (c: Context<AppBindings>) => ({ env: c.env, db: c.var.database() });

export const privacyRoutes = new OpenAPIHono<AppBindings>()
  .openapi(exportMe, async (c) => c.json(await timed(c, 'db', () => exportCustomer(depsOf(c), customerOf(c))), 200))
  .openapi(eraseMe, async (c) => c.json(await timed(c, 'db', () => eraseCustomer(depsOf(c), customerOf(c))), 200))
  .openapi(eraseCustomerByOps, async (c) =>
    c.json(await timed(c, 'db', () => eraseNamedCustomer(depsOf(c), c.req.valid('param').id)), 200),
  );
