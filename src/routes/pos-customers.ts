import { userOf } from '../auth/principal';
import { OpenAPIHono, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { CustomerDeps } from '../customers/customer-360';
import { lookUpCustomer, lookUpCustomers, type Looker } from '../customers/lookup';
import type { AppBindings } from '../http/context';
import { timed } from '../http/timing';
import {
  Customer360Schema,
  CustomerIdParamsSchema,
  CustomerLookupQuerySchema,
  LookupPlaceQuerySchema,
} from '../schemas/customers';
import { defineRoute, jsonResponse } from './define';

const RECORDED = 'Every look-up is recorded for privacy audits: who, which till, when, how, and whom it found.';

const findCustomers = defineRoute(['pos', 'ops'], {
  operationId: 'findPosCustomers',
  method: 'get',
  path: '/v1/pos/customers',
  tag: 'Customers',
  summary: 'Find shoppers by email (any case) or E.164 phone, each as the till’s 360 view',
  description: `Exactly one of \`email\` and \`phone\`. A phone a household shares finds up to 10. ${RECORDED}`,
  request: { query: CustomerLookupQuerySchema },
  responses: { 200: jsonResponse('The shoppers found', z.object({ customers: z.array(Customer360Schema).max(10) })) },
  postgres: true,
});
const getCustomer = defineRoute(['pos', 'ops'], {
  operationId: 'getPosCustomer',
  method: 'get',
  path: '/v1/pos/customers/{id}',
  tag: 'Customers',
  summary: 'One shopper as the till sees them: profile, wallet, recent orders, open cart, pickups here',
  description: RECORDED,
  request: { params: CustomerIdParamsSchema, query: LookupPlaceQuerySchema },
  responses: { 200: jsonResponse('The shopper', Customer360Schema) },
  problems: { not_found: 'No customer with this id.' },
  postgres: true,
});

/** A till looks at its own store (its token's `loc`); ops at the store they name, or every store. */
function lookerOf(c: Context<AppBindings>, locationId: string | undefined): Looker {
  const principal = userOf(c.var.principal);
  const { sub, role } = principal;
  const place = role === 'pos' ? principal.locationId : (locationId ?? null);
  return { sub, role, locationId: place, viewer: { role, id: sub, locationId: principal.locationId } };
}

const depsOf = (c: Context<AppBindings>): CustomerDeps => ({
  env: c.env,
  db: c.var.database(),
  signingSecret: c.var.config.signingSecret,
});

export const posCustomerRoutes = new OpenAPIHono<AppBindings>()
  .openapi(findCustomers, async (c) => {
    const { email, phone, locationId } = c.req.valid('query');
    const query = email !== undefined ? { email } : phone !== undefined ? { phone } : null;
    if (!query) throw new Error('the query schema admits exactly one of email and phone');
    const customers = await timed(c, 'db', () => lookUpCustomers(depsOf(c), lookerOf(c, locationId), query));
    return c.json({ customers }, 200);
  })
  .openapi(getCustomer, async (c) => {
    const { locationId } = c.req.valid('query');
    const looker = lookerOf(c, locationId);
    return c.json(await timed(c, 'db', () => lookUpCustomer(depsOf(c), looker, c.req.valid('param').id)), 200);
  });
