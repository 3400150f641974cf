import { findCustomer, findCustomersBy, recordLookup, type CustomerRow } from '../db/customers';
import type { LookupMethod } from '../domain/customers';
import { ApiError } from '../lib/errors';
import { customer360, type Customer360, type CustomerDeps, type LookupPlace } from './customer-360';

/** A phone a household shares finds a few customers; more than this is not a look-up a till makes. */
const MATCHES_SHOWN = 10;

/** Who looked, for the audit: the token's subject and role. */
export interface Looker extends LookupPlace {
  sub: string;
  role: string;
}

export type LookupQuery = { email: string } | { phone: string };

/** The customers with this email (any case) or E.164 phone, as 360 views; the look-up is recorded either way. */
export async function lookUpCustomers(deps: CustomerDeps, looker: Looker, query: LookupQuery): Promise<Customer360[]> {
  const found = await findCustomersBy(deps.db, query, MATCHES_SHOWN);
  await audit(deps, looker, 'email' in query ? 'email' : 'phone', found);
  return Promise.all(found.map((customer) => customer360(deps, customer, looker)));
}

/** One customer's 360 view by id; an unknown id is 404, and recorded as a look-up that found no one. */
export async function lookUpCustomer(deps: CustomerDeps, looker: Looker, id: string): Promise<Customer360> {
  const customer = await findCustomer(deps.db, id);
  await audit(deps, looker, 'id', customer ? [customer] : []);
  if (!customer) throw new ApiError('not_found', `No customer ${id}.`);
  return customer360(deps, customer, looker);
}

/**
 * Written before the answer leaves, so no one is shown a shopper without a
 * record of it. The searched email or phone is not stored: only whom it found.
 */
function audit(deps: CustomerDeps, looker: Looker, method: LookupMethod, found: CustomerRow[]): Promise<void> {
  return recordLookup(deps.db, {
    id: crypto.randomUUID(),
    actorSub: looker.sub,
    actorRole: looker.role,
    locationId: looker.locationId,
    method,
    customerIds: found.map((customer) => customer.id),
  });
}
